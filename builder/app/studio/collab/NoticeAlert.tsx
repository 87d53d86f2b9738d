/** A failed collaboration call, in the studio's language, with its code kept for developers. */
import type { StudioT } from "../i18n/useStudioT";

export function NoticeAlert({ notice, t }: { notice: { text: string; code?: string } | null; t: StudioT }) {
  if (!notice) return null;
  return (
    <p className="error-text" role="alert">
      {notice.text}
      {notice.code && (
        <>
          {" "}
          <code className="notice-code">{t("collab_errorCode", { code: notice.code })}</code>
        </>
      )}
    </p>
  );
}
