/** The answers given so far, grouped by step (the review before submitting, the office). */
import type { AnswerLine } from "../form/answers";

export function AnswersSummary({ groups, title, headingLevel = 2 }: { groups: { step: string; title: string; lines: AnswerLine[] }[]; title: string; headingLevel?: 2 | 3 }) {
  if (!groups.length) return null;
  const Heading = headingLevel === 2 ? "h2" : "h3";
  const Sub = headingLevel === 2 ? "h3" : "h4";
  return (
    <section className="answers" aria-label={title}>
      <Heading>{title}</Heading>
      {groups.map((group) => (
        <div key={group.step} className="answers-group">
          <Sub>{group.title}</Sub>
          <dl className="summary-list">
            {group.lines.map((line) => (
              <div key={line.path.join(".")}>
                <dt>{line.label}</dt>
                <dd>{line.value}</dd>
              </div>
            ))}
          </dl>
        </div>
      ))}
    </section>
  );
}
