/** The application's history in plain words, oldest first. */
import { formatDateTime, type Lang } from "../../i18n/lang";
import { t } from "../../i18n/messages";

export function Timeline({ entries, lang }: { entries: { at: string; text: string; note?: string; noteLabel?: string }[]; lang: Lang }) {
  return (
    <section aria-labelledby="timeline-title">
      <h2 id="timeline-title">{t(lang, "timeline")}</h2>
      <ol className="timeline">
        {entries.map((entry, index) => (
          <li key={index}>
            <time dateTime={entry.at}>{formatDateTime(entry.at, lang)}</time>
            <span>{entry.text}</span>
            {entry.note && (
              <span className="timeline-note">
                {entry.noteLabel && `${entry.noteLabel}: `}
                {entry.note}
              </span>
            )}
          </li>
        ))}
      </ol>
    </section>
  );
}
