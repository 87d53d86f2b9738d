/**
 * A table's chart, drawn with Observable Plot in the browser (the library is loaded on the dashboard only,
 * after the page shows). The chart is one image with a name for screen readers; the table beside it has the
 * same numbers. Suppressed and missing cells are not drawn (the table says "< 5").
 */
import { useEffect, useRef } from "react";
import type { Lang } from "../../i18n/lang";
import { formatCount, formatDecimal, formatDuration, formatShare } from "./format";
import type { Cell, Table } from "./view";

type PlotModule = typeof import("@observablehq/plot");

interface Datum {
  label: string;
  series: string;
  value: number;
}

/** Ticks of a log time axis, from a second to a month (thinned when a chart spans many of them). */
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const TIME_TICKS = [1000, 10_000, MINUTE, 5 * MINUTE, 15 * MINUTE, HOUR, 3 * HOUR, 6 * HOUR, 12 * HOUR, DAY, 3 * DAY, 7 * DAY, 14 * DAY, 30 * DAY];

/** A colour-blind-safe palette with enough contrast on white (Okabe–Ito, darkened where too light). */
const PALETTE = ["#0b57d0", "#c75b00", "#117a65", "#a3287a", "#5d4a00", "#444b57"];

const truncate = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/** The long-format data of a chart: one datum per row and series, numbers only. */
export function chartData(table: Table): Datum[] {
  const spec = table.chart;
  if (!spec) return [];
  const labels = rowLabels(table.rows);
  const data: Datum[] = [];
  table.rows.forEach((row, i) => {
    for (const column of spec.series) {
      const value: Cell = row[column];
      if (typeof value === "number") data.push({ label: labels[i], series: table.columns[column].label, value });
    }
  });
  return data;
}

/** Row names for the y axis: the first cell, with the row's other texts when rows share it (a field in two steps, or failing two checks). */
function rowLabels(rows: Cell[][]): string[] {
  const first = rows.map((r) => String(r[0] ?? ""));
  const counts = new Map<string, number>();
  for (const l of first) counts.set(l, (counts.get(l) ?? 0) + 1);
  const seen = new Set<string>();
  return first.map((label, i) => {
    let name = (counts.get(label) ?? 0) > 1 ? rows[i].filter((c): c is string => typeof c === "string").join(" · ") : label;
    while (seen.has(name)) name += " ";
    seen.add(name);
    return name;
  });
}

export function drawChart(Plot: PlotModule, table: Table, lang: Lang, width: number): SVGSVGElement | HTMLElement | null {
  const spec = table.chart;
  if (!spec) return null;
  const data = chartData(table);
  if (data.length === 0) return null;
  // Rows with nothing to draw (suppressed or missing) stay in the table only.
  const drawn = new Set(data.map((d) => d.label));
  const domain = rowLabels(table.rows).filter((l) => drawn.has(l));
  const seriesNames = spec.series.map((c) => table.columns[c].label);
  const format = spec.unit === "share" ? (v: number) => formatShare(lang, v) : spec.unit === "score" ? (v: number) => formatDecimal(lang, v, 1) : (v: number) => formatCount(lang, v);
  const longest = Math.max(...domain.map((l) => Math.min(l.length, 48)));
  const common = {
    width: Math.max(320, Math.min(width, 900)),
    marginLeft: Math.min(360, 24 + longest * 7.6),
    marginRight: 64,
    style: { fontSize: "13px", color: "#1b1b1f", background: "transparent" },
  };
  const y = { domain, label: null, tickFormat: (d: string) => truncate(d, 48) };
  const color = { domain: seriesNames, range: PALETTE, legend: seriesNames.length > 1 };

  if (spec.unit === "duration") {
    // Times span seconds (a registry) to weeks (an officer): a logarithmic axis with human ticks keeps both
    // readable. The logarithm is taken here (Plot's log scale leaves labels off ticks it finds not round).
    // Half a second and less (an instant answer) is drawn at half a second; the table says the exact time.
    const log = (ms: number) => Math.log10(Math.max(ms, 500));
    const values = data.map((d) => d.value);
    const lo = log(Math.min(...values) / 2);
    const hi = log(Math.max(...values) * 2);
    let ticks = TIME_TICKS.map(log).filter((tick) => tick >= lo && tick <= hi);
    if (ticks.length > 8) ticks = ticks.filter((_, i) => i % 2 === 0);
    if (ticks.length < 2) ticks = [lo + (hi - lo) / 4, lo + (3 * (hi - lo)) / 4];
    const x = { domain: [lo, hi], grid: true, label: null, ticks, tickFormat: (v: number) => formatDuration(lang, Math.round(10 ** v)) };
    const clamped = data.map((d) => ({ ...d, value: log(d.value) }));
    const height = 44 + domain.length * 30;
    const byRow = domain.map((label) => {
      const own = clamped.filter((d) => d.label === label).map((d) => d.value);
      return { label, from: Math.min(...own), to: Math.max(...own) };
    });
    return Plot.plot({
      ...common,
      height,
      x,
      y,
      color,
      marks: [
        Plot.ruleY(byRow, { y: "label", x1: "from", x2: "to", stroke: "#8a8f99", strokeWidth: 2 }),
        spec.layout === "range"
          ? Plot.dot(
              clamped.filter((d) => d.series === seriesNames[0]),
              { x: "value", y: "label", fill: "series", r: 6 },
            )
          : Plot.dot(clamped, { x: "value", y: "label", fill: "series", r: 6 }),
        ...(spec.layout === "range" ? [Plot.tickX(clamped.filter((d) => d.series !== seriesNames[0]), { x: "value", y: "label", stroke: "series", strokeWidth: 3 })] : []),
      ],
    });
  }

  const grouped = spec.layout === "bars" && spec.series.length > 1;
  const x = {
    label: spec.unit === "share" ? "%" : null,
    grid: true,
    ...(spec.unit === "share" ? { percent: true, domain: [0, 100] } : spec.unit === "score" ? { domain: [0, 5] } : { nice: true }),
    ...(spec.unit === "share" ? {} : { tickFormat: (v: number) => format(v) }),
  };
  if (grouped) {
    return Plot.plot({
      ...common,
      height: 40 + domain.length * (spec.series.length * 16 + 14),
      x,
      y: { axis: null, domain: seriesNames },
      fy: y,
      color,
      marks: [
        Plot.barX(data, { x: "value", y: "series", fy: "label", fill: "series" }),
        Plot.text(data, { x: "value", y: "series", fy: "label", text: (d: Datum) => format(d.value), textAnchor: "start", dx: 4 }),
        Plot.ruleX([0]),
      ],
    });
  }
  const stacked = spec.layout === "stacked";
  return Plot.plot({
    ...common,
    height: 44 + domain.length * 26,
    x,
    y,
    color,
    marks: [
      Plot.barX(data, { x: "value", y: "label", fill: stacked ? "series" : PALETTE[0] }),
      ...(stacked ? [] : [Plot.text(data, { x: "value", y: "label", text: (d: Datum) => format(d.value), textAnchor: "start", dx: 4 })]),
      Plot.ruleX([0]),
    ],
  });
}

/** The chart of a table, named for screen readers (role img: what it draws is the table below). */
export function Chart({ table, label, lang }: { table: Table; label: string; lang: Lang }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    let cancelled = false;
    import("@observablehq/plot").then((Plot) => {
      const box = ref.current;
      if (cancelled || !box) return;
      const chart = drawChart(Plot, table, lang, box.clientWidth || 640);
      // The box is the image (role img, named); Plot's own aria-labels on its groups are not allowed there.
      for (const node of chart?.querySelectorAll("[aria-label], [aria-description]") ?? []) {
        node.removeAttribute("aria-label");
        node.removeAttribute("aria-description");
      }
      box.replaceChildren(...(chart ? [chart] : []));
    });
    return () => {
      cancelled = true;
    };
  }, [table, lang]);
  if (chartData(table).length === 0) return null;
  return <div ref={ref} className="insight-chart" role="img" aria-label={label} data-chart={table.id} />;
}
