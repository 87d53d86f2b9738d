/** The error summary at the top of a form: one link per problem, to the field; focused when it appears. */
import { useEffect, useRef } from "react";
import type { Lang } from "../../i18n/lang";
import { t } from "../../i18n/messages";

export interface SummaryError {
  /** The id of the element to go to. */
  target: string;
  label: string;
  message: string;
}

export function ErrorSummary({ errors, lang }: { errors: SummaryError[]; lang: Lang }) {
  const ref = useRef<HTMLDivElement>(null);
  const key = errors.map((e) => `${e.target}:${e.message}`).join("|");
  // biome-ignore lint/correctness/useExhaustiveDependencies: focus moves when the problems change (their key), not on every new array of the same problems
  useEffect(() => {
    if (errors.length) ref.current?.focus();
  }, [key]);
  if (!errors.length) return null;
  return (
    <div className="error-summary" ref={ref} tabIndex={-1} role="alert" aria-labelledby="error-summary-title">
      <h2 id="error-summary-title">{t(lang, "errorSummaryTitle")}</h2>
      <ul>
        {errors.map((error, index) => (
          <li key={index}>
            <a
              href={`#${error.target}`}
              onClick={(event) => {
                // Go to the field itself: its input (or the first radio of a group) gets the focus.
                const target = document.getElementById(error.target);
                const focusable = target?.matches("input, select, textarea") ? target : target?.querySelector<HTMLElement>("input, select, textarea, button");
                if (focusable) {
                  event.preventDefault();
                  focusable.focus();
                  focusable.scrollIntoView({ block: "center" });
                }
              }}
            >
              {error.label ? `${error.label}: ` : ""}
              {error.message}
            </a>
          </li>
        ))}
      </ul>
    </div>
  );
}
