/** The answers given so far, grouped by step (the review before submitting, the office). */
import { Link } from "@remix-run/react";
import type { AnswerLine } from "../form/answers";

export interface ChangeLinks {
  /** Where a group's "Change" link goes; null: that group cannot be changed here. */
  href: (step: string) => string | null;
  label: string;
}

export function AnswersSummary({ groups, title, headingLevel = 2, change }: { groups: { step: string; title: string; lines: AnswerLine[] }[]; title: string; headingLevel?: 2 | 3; change?: ChangeLinks }) {
  if (!groups.length) return null;
  const Heading = headingLevel === 2 ? "h2" : "h3";
  const Sub = headingLevel === 2 ? "h3" : "h4";
  return (
    <section className="answers" aria-label={title}>
      <Heading>{title}</Heading>
      {groups.map((group) => {
        const href = change?.href(group.step);
        return (
          <div key={group.step} className="answers-group" id={`answers-${group.step}`}>
            <div className="answers-head">
              <Sub>{group.title}</Sub>
              {href && (
                <Link to={href} className="change-link">
                  {change!.label}
                  <span className="visually-hidden">: {group.title}</span>
                </Link>
              )}
            </div>
            <dl className="summary-list">
              {group.lines.map((line) => (
                <div key={line.path.join(".")}>
                  <dt>{line.label}</dt>
                  <dd>{line.value}</dd>
                </div>
              ))}
            </dl>
          </div>
        );
      })}
    </section>
  );
}
