/**
 * The service dashboard (issue 15): a GET form of period and versions (works without scripts, the URL is the
 * view), the headline numbers, then a section per question with a chart and the table behind it (each table
 * downloadable as CSV), feedback, and the versions side by side.
 */
import { Form, Link } from "@remix-run/react";
import { Fragment, useMemo, type ReactNode } from "react";
import type { ServiceInsight } from "../../../../runtime/insight/types";
import { formatDate, formatDateTime, type Lang } from "../../i18n/lang";
import { useStudioT } from "../i18n/useStudioT";
import { Chart } from "./Chart";
import { formatCount, formatDecimal, formatDuration, formatDurationDelta, formatMoney, formatPoints, formatShare } from "./format";
import { dashboardView, isSuppressed, versionLabel, type Cell, type ColumnKind, type DashboardParams, type Table, type TableId } from "./view";

export const SUPPRESSED_NOTE_ID = "insight-suppressed-note";

export function dashboardSearch(params: DashboardParams): URLSearchParams {
  const search = new URLSearchParams();
  if (params.from) search.set("from", params.from);
  if (params.to) search.set("to", params.to);
  for (const v of params.versions) search.append("v", String(v));
  return search;
}

export function Dashboard({ insight, params }: { insight: ServiceInsight; params: DashboardParams }) {
  const { lang, t } = useStudioT();
  const view = useMemo(() => dashboardView(insight, lang, { compare: params.versions }), [insight, lang, params.versions]);
  const { tables } = view;
  const csvBase = `/studio/services/${encodeURIComponent(insight.serviceId)}/insight.csv`;
  const csvHref = (id: TableId) => {
    const search = dashboardSearch(params);
    search.set("table", id);
    return `${csvBase}?${search}`;
  };
  const block = (id: TableId, level: 2 | 3 = 3, extra?: ReactNode) => <TableBlock table={tables[id]} level={level} lang={lang} csvHref={csvHref(id)} extra={extra} />;
  const sections: { id: string; title: string }[] = [
    { id: "sec-headline", title: t("ins_headline") },
    { id: "sec-funnel", title: t("ins_funnel") },
    { id: "sec-times", title: t("ins_times") },
    { id: "sec-errors", title: t("ins_fieldErrors") },
    { id: "sec-registries", title: t("ins_registries") },
    { id: "sec-decisions", title: t("ins_officers") },
    { id: "sec-payments", title: t("ins_payments") },
    { id: "sec-feedback", title: t("ins_feedback") },
    { id: "sec-compare", title: t("ins_compare") },
  ];
  const shownVersions = params.versions.length ? params.versions.map((n) => versionLabel(lang, n)).join(", ") : t("ins_allVersions");
  const day = (d: string) => formatDate(`${d}T12:00:00Z`, lang);
  const period =
    params.from && params.to
      ? t("ins_periodBetween", { from: day(params.from), to: day(params.to) })
      : params.from
        ? t("ins_periodFrom", { from: day(params.from) })
        : params.to
          ? t("ins_periodTo", { to: day(params.to) })
          : t("ins_periodAll");

  return (
    <div className="page page-wide insight">
      <p>
        <Link to={`/studio/services/${encodeURIComponent(insight.serviceId)}`}>← {view.title}</Link>
      </p>
      <h1>{t("ins_title", { service: view.title })}</h1>
      <p>{t("ins_intro")}</p>

      <Form method="get" className="insight-filters" aria-label={t("ins_filters")}>
        <div className="insight-dates">
          <label>
            {t("ins_from")} <input type="date" name="from" defaultValue={params.from} />
          </label>
          <label>
            {t("ins_to")} <input type="date" name="to" defaultValue={params.to} />
          </label>
        </div>
        <fieldset className="insight-versions" aria-describedby="insight-versions-hint">
          <legend>{t("ins_versions")}</legend>
          {insight.versions.map((v) => (
            <label key={v.number}>
              <input type="checkbox" name="v" value={v.number} defaultChecked={params.versions.includes(v.number)} /> {t("ins_versionOption", { n: v.number, date: formatDate(v.publishedAt, lang) })}
            </label>
          ))}
          <p id="insight-versions-hint" className="muted">
            {t("ins_versionsHint")}
          </p>
        </fieldset>
        <div className="actions">
          <button type="submit">{t("ins_show")}</button>
          <Link to={`/studio/services/${encodeURIComponent(insight.serviceId)}/insight`}>{t("ins_reset")}</Link>
        </div>
      </Form>

      <p data-testid="insight-shown">
        {t("ins_shown", { versions: shownVersions, period })} ·{" "}
        {/* The runtime's asOf is the epoch until its first complete catch-up of the audit log. */}
        {Date.parse(view.asOf) > 0 ? t("ins_asOf", { time: formatDateTime(view.asOf, lang) }) : t("ins_counting")}
      </p>

      <nav aria-label={t("ins_onThisPage")} className="insight-toc">
        <ul>
          {sections.map((s) => (
            <li key={s.id}>
              <a href={`#${s.id}`}>{s.title}</a>
            </li>
          ))}
        </ul>
      </nav>

      <section className="insight-section">
        <h2 id="sec-headline">{t("ins_headline")}</h2>
        <dl className="insight-cards" data-testid="insight-headline">
          {view.headline.map((h) => (
            <div key={h.key} className="insight-card" data-key={h.key}>
              <dt>{h.label}</dt>
              <dd>
                <span className="insight-big">
                  {h.key === "rating" && typeof h.value === "number" ? t("ins_ratingValue", { avg: formatDecimal(lang, h.value, 1) }) : <CellText cell={h.value} kind={h.kind} lang={lang} />}
                </span>
                {h.note !== undefined && (
                  <span className="muted">
                    {" "}
                    {typeof h.note === "number" ? t("ins_ratedBy", { n: h.note }) : <CellText cell={h.note} kind="count" lang={lang} />}
                  </span>
                )}
              </dd>
            </div>
          ))}
        </dl>
        {block("outcomes")}
        {block("summary")}
      </section>

      <section className="insight-section">
        {block("funnel", 2)}
      </section>

      <section className="insight-section">
        <h2 id="sec-times">{t("ins_times")}</h2>
        {block("citizenTimes")}
        {block("waitingTimes")}
      </section>

      <section className="insight-section">
        {block("fieldErrors", 2)}
      </section>

      <section className="insight-section">
        {block("registries", 2)}
      </section>

      <section className="insight-section">
        <h2 id="sec-decisions">{t("ins_officers")}</h2>
        {block("decisions")}
        {block("reasons")}
        {block("deadlines")}
      </section>

      <section className="insight-section">
        {block("payments", 2)}
      </section>

      <section className="insight-section">
        <h2 id="sec-feedback">{t("ins_feedback")}</h2>
        {block("feedbackScores")}
        {block("feedbackReasons")}
        {block("feedbackByOutcome")}
        {block("comments", 3, <p className="muted">{tables.comments.rows.length ? t("ins_commentsMasked") : t("ins_commentsNone")}</p>)}
      </section>

      <section className="insight-section" data-testid="insight-compare">
        <h2 id="sec-compare">{t("ins_compare")}</h2>
        {view.compared.length < 2 ? (
          <p>{t("ins_compareNone")}</p>
        ) : (
          <>
            <p>{t("ins_compareIntro")}</p>
            {block("compareFunnel")}
            {block("compareTimes")}
          </>
        )}
      </section>

      <p id={SUPPRESSED_NOTE_ID} className="insight-footnote">
        {t("ins_suppressedNote")}
      </p>
    </div>
  );
}

function TableBlock({ table, level, lang, csvHref, extra }: { table: Table; level: 2 | 3; lang: Lang; csvHref: string; extra?: ReactNode }) {
  const { t } = useStudioT();
  const headingId = level === 2 ? `sec-${sectionOf(table.id)}` : `tbl-${table.id}`;
  const Heading = level === 2 ? "h2" : "h3";
  return (
    <div className="insight-block" data-table={table.id}>
      <Heading id={headingId}>{table.title}</Heading>
      {extra}
      {table.rows.length === 0 ? (
        <p className="muted">{t("ins_empty")}</p>
      ) : (
        <>
          {table.chart && <Chart table={table} label={t("ins_chartOf", { table: table.title })} lang={lang} />}
          {/* Scrolls sideways when narrow: focusable so that keyboards can scroll it, named by the heading. */}
          <div className="insight-table-wrap" role="region" aria-labelledby={headingId} tabIndex={0}>
            <table className="list insight-table" aria-labelledby={headingId} data-testid={`table-${table.id}`}>
              <thead>
                <tr>
                  {table.columns.map((c, i) => (
                    <th key={i} scope="col" className={c.kind === "text" ? undefined : "num"}>
                      {c.label}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {table.rows.map((row, r) => (
                  <tr key={r}>
                    {row.map((value, i) => {
                      const kind = table.columns[i].kind;
                      return i === 0 ? (
                        <th key={i} scope="row">
                          <CellText cell={value} kind={kind} lang={lang} />
                        </th>
                      ) : (
                        <td key={i} className={kind === "text" ? undefined : "num"}>
                          <CellText cell={value} kind={kind} lang={lang} />
                        </td>
                      );
                    })}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
      <p className="insight-csv">
        <a href={csvHref} download>
          {t("ins_csv")}
          <span className="sr-only">: {table.title}</span>
        </a>
      </p>
    </div>
  );
}

const sectionOf = (id: TableId) => ({ funnel: "funnel", fieldErrors: "errors", registries: "registries", payments: "payments" })[id as string] ?? id;

/** A cell as text: suppressed counts as "< 5" (explained in the title and the page's footnote), nothing as "—". */
export function CellText({ cell, kind, lang }: { cell: Cell; kind: ColumnKind; lang: Lang }) {
  const { t } = useStudioT();
  if (isSuppressed(cell)) {
    return (
      <abbr className="insight-suppressed" title={t("ins_suppressedExplain")} data-suppressed="">
        {t("ins_suppressed")}
      </abbr>
    );
  }
  if (cell === null) return <span title={t("ins_noneExplain")}>{t("ins_none")}</span>;
  if (typeof cell === "string") return <Fragment>{cell}</Fragment>;
  switch (kind) {
    case "share":
      return <>{formatShare(lang, cell)}</>;
    case "points":
      return <>{formatPoints(lang, cell)}</>;
    case "duration":
      return <>{formatDuration(lang, cell)}</>;
    case "durationDelta":
      return <>{formatDurationDelta(lang, cell)}</>;
    case "score":
      return <>{formatDecimal(lang, cell, 1)}</>;
    case "money":
      return <>{formatMoney(lang, cell)}</>;
    default:
      return <>{formatCount(lang, cell)}</>;
  }
}
