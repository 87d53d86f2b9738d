/**
 * The service dashboard's view (types.ts) read from the rollups: one grouped query over InsightApplication (by
 * the (serviceId, day) index) and one over InsightCounter (by its key, which starts with version and day), then
 * folded per version and for all selected versions together. Counts of 1 to MIN_CELL - 1 become null here, the
 * one place every number passes through.
 */
import { engineSteps, isEnding, stepOutlets, type ServiceDefinition, type Step, type Text } from "../../engine";
import { dialect } from "../applications/writes";
import type { Database } from "../db/open";
import { RuntimeError } from "../errors";
import { feedbackSummary } from "../feedback/summary";
import type { ServiceVersions } from "../services/versions";
import { suppress, timesOf } from "./histogram";
import { actorOf, dayOf, K } from "./rollup";
import {
  MIN_CELL, type DecisionRow, type DeadlineRow, type FieldErrorRow, type FunnelRow, type InsightQuery, type ReasonRow, type RegistryRow, type ServiceInsight,
  type StepTimeRow, type VersionInsight,
} from "./types";

const FIELD_ERRORS_SHOWN = 20;
/** Finished applications are grouped by what the ending means (a final step's outcome), titled by it: several endings share one. */
const OUTCOME_TITLES: Record<string, Text> = {
  approved: { uk: "Схвалено", en: "Approved" },
  cancelled: { uk: "Скасовано", en: "Cancelled" },
  failed: { uk: "Не вдалося", en: "Failed" },
  rejected: { uk: "Відмовлено", en: "Rejected" },
  done: { uk: "Завершено", en: "Done" },
};

/** What one version (or all together) adds up to, before suppression. */
class Acc {
  started = 0;
  submitted = 0;
  inProgress = 0;
  /** outcome → count. */
  finished = new Map<string, number>();
  stopped = new Map<string, number>();
  /** kind → "a\0b\0c" → bucket → count; sums by the same key without bucket. */
  cells = new Map<string, Map<string, Map<number, number>>>();
  sums = new Map<string, number>();

  addCell(kind: string, key: string, bucket: number, count: number, sum: number) {
    const byKey = this.cells.get(kind) ?? this.cells.set(kind, new Map()).get(kind)!;
    const hist = byKey.get(key) ?? byKey.set(key, new Map()).get(key)!;
    hist.set(bucket, (hist.get(bucket) ?? 0) + count);
    const sumKey = `${kind}\u0000${key}`;
    this.sums.set(sumKey, (this.sums.get(sumKey) ?? 0) + sum);
  }
  /** Total count per key of a kind. */
  totals(kind: string): Map<string, number> {
    const out = new Map<string, number>();
    for (const [key, hist] of this.cells.get(kind) ?? []) out.set(key, [...hist.values()].reduce((a, b) => a + b, 0));
    return out;
  }
  histogram(kind: string, key: string) {
    return this.cells.get(kind)?.get(key);
  }
  merge(other: Acc) {
    this.started += other.started;
    this.submitted += other.submitted;
    this.inProgress += other.inProgress;
    for (const [outcome, n] of other.finished) this.finished.set(outcome, (this.finished.get(outcome) ?? 0) + n);
    for (const [step, n] of other.stopped) this.stopped.set(step, (this.stopped.get(step) ?? 0) + n);
    for (const [kind, byKey] of other.cells) for (const [key, hist] of byKey) for (const [bucket, n] of hist) this.addCell(kind, key, bucket, n, 0);
    for (const [key, sum] of other.sums) this.sums.set(key, (this.sums.get(key) ?? 0) + sum);
  }
}

const split = (key: string) => key.split("\u0000");

/** Steps in the order an application meets them: breadth-first from the start, then any the walk missed. */
function stepOrder(definition: ServiceDefinition): string[] {
  const order: string[] = [];
  const seen = new Set<string>();
  const queue = [definition.start];
  while (queue.length) {
    const id = queue.shift()!;
    if (seen.has(id) || !definition.steps[id]) continue;
    seen.add(id);
    order.push(id);
    for (const outlet of stepOutlets(id, definition.steps[id], { open: true })) if (outlet.to) queue.push(outlet.to);
  }
  for (const id of Object.keys(definition.steps)) if (!seen.has(id)) order.push(id);
  return order;
}

export interface InsightReader {
  database: Database;
  versions: ServiceVersions;
  asOf(): Promise<Date | null>;
}

export function validQuery(query: InsightQuery): void {
  if (!query || typeof query.serviceId !== "string" || !query.serviceId) throw new RuntimeError("invalid_data", "serviceId is required");
  if (query.versions !== undefined && (!Array.isArray(query.versions) || query.versions.some((v) => !Number.isInteger(v) || v < 1))) {
    throw new RuntimeError("invalid_data", "versions must be a list of published version numbers");
  }
  for (const [name, value] of [["from", query.from], ["to", query.to]] as const) {
    if (value !== undefined && !(value instanceof Date && Number.isFinite(value.getTime()))) throw new RuntimeError("invalid_data", `${name} must be a valid date`);
  }
  if (query.from && query.to && query.from >= query.to) throw new RuntimeError("invalid_data", "from must be before to");
}

/** The day range a period covers, widened to whole UTC days: [from's day, the day after to's last instant). */
export function dayRange(query: InsightQuery): { from?: string; to?: string } {
  const to = query.to ? dayOf(query.to.getTime() - 1 + 86_400_000) : undefined;
  return { from: query.from ? dayOf(query.from) : undefined, to };
}

export async function serviceInsight(reader: InsightReader, query: InsightQuery): Promise<ServiceInsight> {
  validQuery(query);
  const db = reader.database.prisma;
  const provider = reader.database.provider;
  const service = await db.service.findUnique({ where: { id: query.serviceId } });
  if (!service) throw new RuntimeError("not_found", `No service "${query.serviceId}"`);
  const published = await db.serviceVersion.findMany({ where: { serviceId: query.serviceId }, orderBy: { number: "desc" }, select: { id: true, number: true, publishedAt: true } });
  const wanted = query.versions?.length ? [...new Set(query.versions)] : published.map((v) => v.number);
  for (const number of wanted) if (!published.some((v) => v.number === number)) throw new RuntimeError("invalid_data", `Service "${query.serviceId}" has no published version ${number}`);
  const selected = published.filter((v) => wanted.includes(v.number));
  const definitions = new Map<string, ServiceDefinition>();
  for (const v of selected) definitions.set(v.id, (await reader.versions.get(v.id)).compiled.definition);

  const days = dayRange(query);
  const dayWhere = `${days.from ? ` AND "day" >= ?` : ""}${days.to ? ` AND "day" < ?` : ""}`;
  const dayParams = [days.from, days.to].filter((d): d is string => d !== undefined);
  const accs = new Map(selected.map((v) => [v.id, new Acc()]));
  if (selected.length) {
    const [apps, counters] = await Promise.all([
      db.$queryRawUnsafe<{ v: string; status: string; step: string; submitted: unknown; done: unknown; n: unknown }[]>(
        dialect(`SELECT "serviceVersionId" AS "v", "status", "currentStep" AS "step", "submitted", "done", COUNT(*) AS "n" FROM "InsightApplication" WHERE "serviceId" = ?${dayWhere} GROUP BY "serviceVersionId", "status", "currentStep", "submitted", "done"`, provider),
        query.serviceId, ...dayParams,
      ),
      db.$queryRawUnsafe<{ v: string; kind: string; a: string; b: string; c: string; bucket: unknown; n: unknown; s: unknown }[]>(
        dialect(
          `SELECT "serviceVersionId" AS "v", "kind", "a", "b", "c", "bucket", SUM("count") AS "n", SUM("sum") AS "s" FROM "InsightCounter" WHERE "serviceVersionId" IN (${selected.map(() => "?").join(", ")})${dayWhere} GROUP BY "serviceVersionId", "kind", "a", "b", "c", "bucket"`,
          provider,
        ),
        ...selected.map((v) => v.id), ...dayParams,
      ),
    ]);
    for (const row of apps) {
      const acc = accs.get(row.v);
      if (!acc) continue;
      const n = Number(row.n);
      acc.started += n;
      if (truthy(row.submitted)) acc.submitted += n;
      if (truthy(row.done)) {
        const step = definitions.get(row.v)?.steps[row.step] as (Step & { outcome?: string }) | undefined;
        const outcome = step && isEnding(step) && row.status !== "cancelled" && step.outcome ? step.outcome : row.status;
        acc.finished.set(outcome, (acc.finished.get(outcome) ?? 0) + n);
      } else {
        acc.inProgress += n;
        acc.stopped.set(row.step, (acc.stopped.get(row.step) ?? 0) + n);
      }
    }
    for (const row of counters) accs.get(row.v)?.addCell(row.kind, `${row.a}\u0000${row.b}\u0000${row.c}`, Number(row.bucket), Number(row.n), Number(row.s));
  }

  const numberOf = new Map(published.map((v) => [v.id, v.number]));
  const feedbackOf = (ids: string[]) => feedbackSummary(db, { serviceVersionIds: ids, from: query.from, to: query.to }, (id) => numberOf.get(id) ?? 0);
  const byVersion: VersionInsight[] = [];
  const total = new Acc();
  for (const v of selected) {
    const acc = accs.get(v.id)!;
    total.merge(acc);
    byVersion.push(render(v.number, acc, [definitions.get(v.id)!], await feedbackOf([v.id])));
  }
  const allDefinitions = selected.map((v) => definitions.get(v.id)!);
  const asOf = (await reader.asOf()) ?? new Date(0);
  return {
    serviceId: service.id,
    title: (allDefinitions[0]?.title as Text | undefined) ?? service.title,
    versions: published.map((v) => ({ number: v.number, publishedAt: v.publishedAt.toISOString() })),
    query: { versions: selected.map((v) => v.number), from: query.from?.toISOString() ?? null, to: query.to?.toISOString() ?? null },
    total: render("all", total, allDefinitions, selected.length ? await feedbackOf(selected.map((v) => v.id)) : await feedbackOf([])),
    byVersion,
    asOf: asOf.toISOString(),
  };
}

const truthy = (value: unknown) => value === true || value === 1 || value === 1n || value === "1" || value === "true";

/** One version's (or all selected versions') rows; titles from the newest definition that has the step. */
function render(version: number | "all", acc: Acc, definitions: ServiceDefinition[], feedback: VersionInsight["feedback"]): VersionInsight {
  const stepOf = (id: string) => definitions.map((d) => d.steps[id]).find(Boolean) as (Step & { title?: Text }) | undefined;
  // An untitled step (a notification, say) is named by its kind, as the studio's palette names it.
  const titleOf = (id: string): Text => {
    const step = stepOf(id);
    if (step?.title) return step.title;
    const kind = step ? engineSteps[step.kind]?.palette.label : undefined;
    return kind ? { uk: `${kind.uk} (${id})`, en: `${kind.en} (${id})` } : id;
  };
  const kindOf = (id: string) => stepOf(id)?.kind ?? "unknown";
  const order: string[] = [];
  for (const definition of definitions) for (const id of stepOrder(definition)) if (!order.includes(id)) order.push(id);
  const reached = acc.totals(K.reached);
  const times = acc.cells.get(K.time) ?? new Map();
  const known = (id: string) => reached.has(`${id}\u0000\u0000`) || acc.stopped.has(id) || times.has(`${id}\u0000\u0000`);
  // Steps no definition names any more (a migrated application) come last.
  const extra = [...new Set([...reached.keys()].map((k) => split(k)[0]).concat([...acc.stopped.keys()]))].filter((id) => !order.includes(id));
  const steps = [...order, ...extra].filter((id) => known(id) && !isEnding(stepOf(id)));

  const funnel: FunnelRow[] = steps.map((id) => ({
    step: id, title: titleOf(id), kind: kindOf(id), reached: suppress(reached.get(`${id}\u0000\u0000`) ?? 0), stoppedHere: suppress(acc.stopped.get(id) ?? 0),
  }));
  const stepTimes: StepTimeRow[] = steps
    .filter((id) => times.has(`${id}\u0000\u0000`))
    .map((id) => ({ step: id, title: titleOf(id), kind: kindOf(id), actor: actorOf(kindOf(id)), ...timesOf(times.get(`${id}\u0000\u0000`)) }));

  const fieldErrors: FieldErrorRow[] = [...acc.totals(K.fieldError)]
    .sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : 1))
    .slice(0, FIELD_ERRORS_SHOWN)
    .map(([key, n]) => {
      const [step, field, code] = split(key);
      return { step, field, code, count: suppress(n) };
    });

  const registries = new Map<string, RegistryRow>();
  for (const [key, n] of acc.totals(K.registry)) {
    const [registry, operation, outcome] = split(key);
    const id = `${registry}\u0000${operation}`;
    const row = registries.get(id) ?? registries.set(id, { registry, operation, found: 0, notFound: 0, error: 0, timeout: 0, ...timesOf(acc.histogram(K.registryTime, `${id}\u0000`)) }).get(id)!;
    if (outcome === "found" || outcome === "notFound" || outcome === "error" || outcome === "timeout") row[outcome] = ((row[outcome] as number) ?? 0) + n;
  }
  const registryCalls = [...registries.values()]
    .map((row) => ({ ...row, found: suppress(row.found ?? 0), notFound: suppress(row.notFound ?? 0), error: suppress(row.error ?? 0), timeout: suppress(row.timeout ?? 0) }))
    .sort((x, y) => (x.registry + x.operation < y.registry + y.operation ? -1 : 1));

  const decisions: DecisionRow[] = [...acc.totals(K.decision)]
    .map(([key, n]) => {
      const [step, role, decision] = split(key);
      return { step, role, decision, count: suppress(n), ...timesOf(acc.histogram(K.decision, key)), order: steps.indexOf(step) };
    })
    .sort((x, y) => x.order - y.order || (x.decision < y.decision ? -1 : 1))
    .map(({ order: _order, ...row }) => row);

  const reasons: ReasonRow[] = [...acc.totals(K.reason)]
    .filter(([, n]) => n >= MIN_CELL)
    .map(([key, count]) => {
      const [step, decision, reason] = split(key);
      return { step, decision, reason, count };
    })
    .sort((x, y) => y.count - x.count || (x.reason < y.reason ? -1 : 1));

  const deadlineCells = acc.totals(K.deadline);
  const deadlines: DeadlineRow[] = [...new Set([...deadlineCells.keys()].map((k) => split(k)[0]))].map((step) => ({
    step, due: suppress(deadlineCells.get(`${step}\u0000due\u0000`) ?? 0), breached: suppress(deadlineCells.get(`${step}\u0000breached\u0000`) ?? 0),
  }));

  const payments = acc.totals(K.payment);
  const paid = payments.get("paid\u0000\u0000") ?? 0;
  const paidSum = acc.sums.get(`${K.payment}\u0000paid\u0000\u0000`) ?? 0;

  const finished = [...acc.finished]
    .sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : 1))
    .map(([outcome, n]) => ({ outcome, title: OUTCOME_TITLES[outcome] ?? outcome, count: suppress(n) }));

  return {
    version,
    started: suppress(acc.started),
    submitted: suppress(acc.submitted),
    finished,
    inProgress: suppress(acc.inProgress),
    funnel,
    stepTimes,
    fieldErrors,
    registryCalls,
    decisions,
    reasons,
    deadlines,
    payments: {
      paid: suppress(paid),
      failed: suppress(payments.get("failed\u0000\u0000") ?? 0),
      abandoned: suppress(payments.get("abandoned\u0000\u0000") ?? 0),
      amountPaid: suppress(paid) === null ? null : Math.round(paidSum * 100) / 100,
    },
    feedback,
  };
}
