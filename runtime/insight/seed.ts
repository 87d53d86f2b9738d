/**
 * A data set for the service dashboard, made THROUGH THE RUNTIME (issue 15): thousands of applications to the
 * example services (service-definitions/), started over `days` days on a manual clock, each following one of its
 * service's scenarios (the answers, registry and officer replies the scenario gives) with people's variety on top:
 * some give up at a form (and some of those rate it), forms report validation problems, registries fail or time
 * out now and then (in-process stand-ins that throw; the runtime retries and records every attempt), officers take
 * hours to days and write one of a few reasons, payments fail or are never made, some citizens rate the service
 * after it ended. One service (criminal-record-certificate) gets a second published version halfway, whose
 * citizens give up less and answer faster, so comparing versions shows a difference.
 *
 *   npm run seed -- [--applications 10000] [--days 60] [--database file:./data/civic-flow.db] [--seed 1]
 *
 * Nothing is written as rows by hand: every row comes from runtime calls (start, submit, decide, signal, parties,
 * feedback, recordFieldErrors) and the worker's jobs.
 */
import {
  engineSteps, loadDefinition, parseScenario, simulationValues, type Scenario, type ScenarioReply, type ServiceDefinition, type Step,
} from "../../engine";
import { feedbackReasonsFor, type FeedbackScore } from "../../engine/feedback";
import { DEMO_APPLICANT } from "../../engine/scenarios/scenario";
import { DEMO_PARTY } from "../../engine/steps/invite";
import { exampleCatalog, exampleServices } from "../../service-definitions";
import { ManualClock } from "../clock";
import type { RegistryConnector } from "../connectors/connector";
import { durationMs } from "../duration";
import { defineStepHandler } from "../handlers/define";
import { CallTimeout, PermanentFailure } from "../jobs/execute";
import { Runtime } from "../runtime";

export interface SeedOptions {
  databaseUrl?: string;
  applications?: number;
  days?: number;
  /** The random generator's seed: the same seed gives the same plan. */
  seed?: number;
  /** Roll the data set up for the dashboard at the end (runtime.insight.catchUp); default true. */
  catchUp?: boolean;
  /** The last day of the period (exclusive); today (UTC) by default. */
  end?: Date;
  log?: (line: string) => void;
}

export interface SeedResult {
  applications: number;
  finished: number;
  transitions: number;
  feedback: number;
  wallMs: number;
  cpuMs: number;
  services: string[];
}

/** The service that gets a second version halfway through. */
export const TWO_VERSION_SERVICE = "criminal-record-certificate";
const TICK_MS = 15 * 60_000;
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const APPROVE_REASONS = ["Документи в порядку", "Усе гаразд.", "Підстав для відмови немає"];
const REJECT_REASONS = ["Неповний пакет документів", "Дані не збігаються з реєстром.", "неповний   пакет документів", "Заявник 3012345678 не має права на послугу"];
const COMMENTS = ["Усе швидко, дякую!", "Довго чекав на розгляд", "Незрозуміла форма, подзвоніть мені 0671234567", "Зручно, але оплата не пройшла з першого разу", "Ok"];

/** The instant the examples' scenarios are written for (runtime/examples.test.ts runs them from it). */
const SCENARIO_EPOCH = Date.parse("2026-01-01T09:00:00Z");
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

/** Dates and instants in a scenario's answers and replies moved by `ms` (whole days for dates). */
function shiftDates(value: unknown, ms: number): unknown {
  if (typeof value === "string") {
    if (DATE.test(value)) return new Date(Date.parse(`${value}T00:00:00Z`) + Math.round(ms / DAY) * DAY).toISOString().slice(0, 10);
    if (INSTANT.test(value)) return new Date(Date.parse(value) + ms).toISOString();
    return value;
  }
  if (Array.isArray(value)) return value.map((v) => shiftDates(v, ms));
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, shiftDates(v, ms)]));
  return value;
}

/** mulberry32: small, fast, reproducible. */
function random(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function queues(source: Record<string, unknown>) {
  const state = new Map(Object.entries(source).map(([k, v]) => [k, Array.isArray(v) ? [...v] : v]));
  return (id: string): unknown => {
    const value = state.get(id);
    return Array.isArray(value) ? (value.length > 1 ? value.shift() : value[0]) : value;
  };
}

interface Plan {
  index: number;
  service: string;
  startAt: number;
  scenario: Scenario;
  replies: (step: string) => unknown;
  answers: (step: string) => unknown;
  person: Record<string, unknown> & { id: string };
  id?: string;
  step?: string;
  nextAt: number;
}

/** The second version: the first form's title and description reworded (the content hash changes). */
function secondVersion(definition: ServiceDefinition): ServiceDefinition {
  const copy = structuredClone(definition) as ServiceDefinition & { steps: Record<string, Step & { title?: unknown; description?: unknown }> };
  const first = Object.entries(copy.steps).find(([, s]) => s.kind === "form");
  if (first) {
    first[1].title = { uk: "Ваші дані (спрощено)", en: "Your details (simplified)" };
    first[1].description = { uk: "Ми заповнили все, що знаємо з реєстрів.", en: "We filled in what the registers know." };
  }
  return copy;
}

export async function seedInsight(options: SeedOptions = {}): Promise<SeedResult> {
  const total = options.applications ?? 10_000;
  const days = options.days ?? 60;
  const log = options.log ?? (() => undefined);
  const rng = random(options.seed ?? 1);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rng() * list.length)];
  const between = (min: number, max: number) => min + rng() * (max - min);
  const end = new Date(options.end ?? new Date());
  end.setUTCHours(0, 0, 0, 0);
  const startAt = end.getTime() - days * DAY;
  const clock = new ManualClock(new Date(startAt));
  const wall = performance.now();
  const cpu = process.cpuUsage();

  const catalog = exampleCatalog();
  const services = exampleServices()
    .map((s) => ({ id: s.id, definition: loadDefinition(s.text, { catalog }).definition, scenarios: s.scenarios.map((f) => parseScenario(f.text).scenario).filter((x): x is Scenario => !!x) }))
    .filter((s): s is { id: string; definition: ServiceDefinition; scenarios: Scenario[] } => !!s.definition && s.scenarios.length > 0);
  if (!services.length) throw new Error("No example services with scenarios in service-definitions/");

  const plans = new Map<string, Plan>();
  const planOf = (applicationId: string) => plans.get(applicationId);
  // Registries: the scenario's reply for the step, after an occasional failure or timeout (retried by the runtime).
  const connector: RegistryConnector = {
    async call(_operation, _input, ctx) {
      const plan = planOf(ctx.applicationId);
      const roll = rng();
      if (roll < 0.02) throw new Error("Registry unavailable (seed stand-in)");
      if (roll < 0.03) throw new CallTimeout("The registry did not answer in time (seed stand-in)");
      const reply = plan?.replies(ctx.step ?? "") as ScenarioReply | undefined;
      if (!reply) throw new PermanentFailure("No reply planned for this step");
      // A few milliseconds of latency, so the dashboard has some to show.
      await new Promise((resolve) => setTimeout(resolve, Math.floor(between(1, 25))));
      return reply;
    },
  };
  const handlers = catalog.handlers.map((info) =>
    defineStepHandler({
      type: info.type, version: info.version, title: info.title ?? info.type, params: info.params ?? {}, outcomes: info.outcomes,
      execute: ({ application }) => {
        const reply = planOf(application.id)?.replies(application.step) as ScenarioReply | undefined;
        if (!reply) throw new PermanentFailure("No reply planned for this step");
        return reply;
      },
    }),
  );
  const runtime = await Runtime.create({
    databaseUrl: options.databaseUrl, clock, builtinHandlers: false, handlers,
    connectors: Object.fromEntries(Object.keys(catalog.registries).map((name) => [name, connector])),
    catalog: { registries: catalog.registries, templates: catalog.templates, roles: catalog.roles },
    worker: { autoStart: false, batchSize: 32 }, documents: false, email: false,
  });
  // A generated data set can be made again: its commits skip the fsync (the app's own writes keep synchronous=FULL).
  if (runtime.database.sqlite) {
    runtime.database.sqlite.db.pragma("synchronous = OFF");
    await runtime.database.prisma.$queryRawUnsafe("PRAGMA synchronous = OFF");
  }
  const result: SeedResult = { applications: 0, finished: 0, transitions: 0, feedback: 0, wallMs: 0, cpuMs: 0, services: services.map((s) => s.id) };
  const definitions = new Map<string, ServiceDefinition>();
  const definitionOf = async (versionId: string) =>
    definitions.get(versionId) ?? definitions.set(versionId, JSON.parse((await runtime.database.prisma.serviceVersion.findUniqueOrThrow({ where: { id: versionId } })).definition)).get(versionId)!;
  /** Versions published by the seed as the second one, and the applications still moving. */
  const v2Ids = new Set<string>();
  const active = new Set<Plan>();
  try {
    for (const service of services) await runtime.publish(service.definition, "seed");
    const secondAt = startAt + Math.floor(days / 2) * DAY;
    let published2 = !services.some((s) => s.id === TWO_VERSION_SERVICE);

    // Start times spread over the period, a little busier on weekdays.
    const starts = Array.from({ length: total }, () => {
      let at = startAt + rng() * days * DAY;
      if ([0, 6].includes(new Date(at).getUTCDay()) && rng() < 0.5) at = startAt + rng() * days * DAY;
      return at;
    }).sort((a, b) => a - b);
    let nextStart = 0;
    const firstNames = ["Олена", "Іван", "Марія", "Андрій", "Оксана", "Петро"];

    for (let now = startAt; now < end.getTime(); now += TICK_MS) {
      clock.set(new Date(now));
      if (!published2 && now >= secondAt) {
        const service = services.find((s) => s.id === TWO_VERSION_SERVICE)!;
        const v2 = await runtime.publish(secondVersion(service.definition), "seed");
        v2Ids.add(v2.id);
        published2 = true;
        log(`published ${TWO_VERSION_SERVICE} version 2 on ${new Date(now).toISOString().slice(0, 10)}`);
      }
      while (nextStart < starts.length && starts[nextStart] <= now) {
        const service = services[Math.floor(rng() * services.length)];
        const scenario = pickScenario(service);
        const i = nextStart++;
        const person = { ...DEMO_APPLICANT, ...(scenario.applicant ?? {}), id: `seed-${options.seed ?? 1}-${i}`, firstName: pick(firstNames) };
        // The scenario's dates are relative to its own "now" (the examples' clock): moved to this application's.
        const shift = now - SCENARIO_EPOCH;
        const replies = queues(shiftDates(scenario.replies ?? {}, shift) as Record<string, unknown>);
        const answers = queues(shiftDates(scenario.answers ?? {}, shift) as Record<string, unknown>);
        const plan: Plan = { index: i, service: service.id, startAt: now, scenario, replies, answers, person, nextAt: now };
        try {
          const started = await runtime.start(service.id, person as never);
          plan.id = started.applicationId;
          plans.set(started.applicationId, plan);
          active.add(plan);
          result.applications++;
        } catch (error) {
          log(`start ${service.id}: ${(error as Error).message}`);
        }
      }
      await runtime.worker!.runUntilIdle();

      const due = [...active].filter((p) => p.nextAt <= now);
      if (!due.length) continue;
      const rows = await dueRows(due.map((p) => p.id!));
      // Everyone due moves at once (16 at a time), as people do: their commits share fsyncs.
      let next = 0;
      await Promise.all(
        Array.from({ length: 16 }, async () => {
          while (next < rows.length) await move(rows[next++], now);
        }),
      );
      await runtime.worker!.runUntilIdle();
      if (Math.floor(now / DAY) !== Math.floor((now + TICK_MS) / DAY) && Math.floor((now - startAt) / DAY) % 10 === 9) {
        log(`day ${Math.floor((now - startAt) / DAY) + 1}/${days}: ${result.applications} started, ${active.size} open, ${Math.round((performance.now() - wall) / 1000)} s`);
      }
    }
    result.transitions = await runtime.database.prisma.auditEvent.count();
    if (options.catchUp !== false) {
      const caught = await runtime.insight.catchUp();
      log(`dashboard rollups: ${caught.applications} applications, ${caught.events} events counted`);
    }
  } finally {
    await runtime.close();
  }
  const used = process.cpuUsage(cpu);
  result.wallMs = Math.round(performance.now() - wall);
  result.cpuMs = Math.round((used.user + used.system) / 1000);
  return result;

  /** Where the due applications are (on SQLite through the direct connection: no Prisma query to compile per list size). */
  async function dueRows(ids: string[]): Promise<{ id: string; currentStep: string; status: string; serviceVersionId: string }[]> {
    const direct = runtime.database.sqlite;
    if (direct) return direct.statement(`SELECT "id", "currentStep", "status", "serviceVersionId" FROM "Application" WHERE "id" IN (SELECT value FROM json_each(?))`).all(JSON.stringify(ids)) as never;
    return runtime.database.prisma.application.findMany({ where: { id: { in: ids } }, select: { id: true, currentStep: true, status: true, serviceVersionId: true } });
  }

  async function move(row: { id: string; currentStep: string; status: string; serviceVersionId: string }, now: number): Promise<void> {
    const plan = plans.get(row.id)!;
    if (!["draft", "processing"].includes(row.status)) {
      active.delete(plan);
      if (row.status !== "incident") {
        result.finished++;
        if (rng() < 0.35) await rate(plan, row.status, v2Ids.has(row.serviceVersionId)).catch(() => undefined);
      }
      return;
    }
    const definition = await definitionOf(row.serviceVersionId);
    const step = definition.steps[row.currentStep];
    if (plan.step !== row.currentStep) {
      // Arrived at a step: when this person (or officer) gets to it.
      plan.step = row.currentStep;
      plan.nextAt = now + delayFor(step, v2Ids.has(row.serviceVersionId));
      if (plan.nextAt > now) return;
    }
    const acted = await act(plan, row.id, row.currentStep, step, v2Ids.has(row.serviceVersionId)).catch((error) => {
      log(`${plan.service} ${row.currentStep}: ${(error as Error).message}`);
      return false;
    });
    if (!acted) active.delete(plan);
    else plan.nextAt = now + TICK_MS; // looked at again next tick: where it went decides what comes next
  }

  /** Scenarios that end approved are five times as likely: most people get what they came for. */
  function pickScenario(service: { definition: ServiceDefinition; scenarios: Scenario[] }): Scenario {
    const weight = (scenario: Scenario) => ((service.definition.steps[scenario.expect.final] as { outcome?: string } | undefined)?.outcome === "approved" ? 5 : 1);
    let roll = rng() * service.scenarios.reduce((sum, sc) => sum + weight(sc), 0);
    for (const scenario of service.scenarios) if ((roll -= weight(scenario)) < 0) return scenario;
    return service.scenarios[service.scenarios.length - 1];
  }

  /**
   * When a person gets to a step they arrived at (seen a tick late at most): within half its deadline, if it has
   * one (a timeout is the scenario's to choose).
   */
  function delayFor(step: Step, v2: boolean): number {
    const deadline = "deadline" in step && typeof step.deadline === "string" && step.kind !== "review" ? Math.max(0, durationMs(step.deadline) / 2 - TICK_MS) : Number.POSITIVE_INFINITY;
    return Math.min(deadline, typicalDelay(step, v2));
  }

  function typicalDelay(step: Step, v2: boolean): number {
    switch (step.kind) {
      case "form":
        return Math.floor(between(15 * MINUTE, (v2 ? 1.5 : 4) * HOUR));
      case "review":
        return Math.floor(between(2 * HOUR, rng() < 0.8 ? 3 * DAY : 9 * DAY));
      case "payment":
      case "sign":
        return Math.floor(between(15 * MINUTE, 6 * HOUR));
      case "invite":
        return Math.floor(between(HOUR, 2 * DAY));
      case "book":
        return Math.floor(between(15 * MINUTE, 2 * HOUR));
      default:
        return 0;
    }
  }

  /** One person's (or officer's) move at their step; false when they stop here for good. */
  async function act(plan: Plan, applicationId: string, id: string, step: Step, v2: boolean): Promise<boolean> {
    const reply = (): ScenarioReply | undefined => plan.replies(id) as ScenarioReply | undefined;
    const expire = () => true; // the deadline passes as the clock moves on
    if (step.kind === "form") {
      const data = plan.answers(id) as Record<string, unknown> | undefined;
      if (!data || rng() < (v2 ? 0.04 : 0.12)) {
        // Gives up here; some say why.
        if (rng() < 0.3) await rateLeftForm(plan, applicationId, id);
        return false;
      }
      if (rng() < 0.25) await reportProblems(applicationId, id, step);
      const party = step.party ? { role: step.party, citizenId: `${plan.person.id}-${step.party}` } : undefined;
      await runtime.submit(applicationId, { step: id, data, ...(party ? { party } : {}) });
      return true;
    }
    if (step.kind === "invite") {
      const r = reply();
      if (!r) return false;
      if (r.outcome === "expired") return expire();
      const [row] = (await runtime.parties.ofApplication(applicationId)).filter((p) => p.step === id);
      const { taxId, ...invitee } = ((r.data as { person?: Record<string, string> } | undefined)?.person ?? DEMO_PARTY) as Record<string, string>;
      const citizen = { id: `${plan.person.id}-${step.role}`, taxId, name: `${invitee.firstName} ${invitee.lastName}`, person: invitee as never };
      await runtime.parties.respond({ partyId: row.id }, citizen, r.outcome === "accepted" ? "accept" : "decline");
      return true;
    }
    if (step.kind === "review") {
      const r = reply();
      if (!r) return false;
      if (r.outcome === "timeout") return expire();
      const task = await runtime.database.prisma.officerTask.findFirst({ where: { applicationId, status: "open" } });
      if (!task) return true;
      const given = r.data as { reason?: string; officerId?: string } | undefined;
      const reasons = r.outcome === "approve" ? APPROVE_REASONS : r.outcome === "reject" ? REJECT_REASONS : [];
      const reason = reasons.length && rng() < 0.8 ? pick(reasons) : given?.reason;
      await runtime.decide(task.id, { id: given?.officerId ?? `officer-${Math.floor(rng() * 6)}`, roles: [step.role] }, r.outcome, reason);
      return true;
    }
    if (step.kind === "payment" || step.kind === "sign" || (step.kind === "wait" && !step.poll)) {
      const r = reply();
      if (!r) return false;
      if (r.outcome === "timeout") return expire();
      if (step.kind === "payment" && r.outcome === "paid") {
        const roll = rng();
        if (roll < 0.07) return false; // never pays: the order is abandoned (its deadline, if any, ends it)
        if (roll < 0.13 && step.on && "failed" in step.on) {
          await runtime.signal(applicationId, "failed", { reason: "card declined" });
          return true;
        }
      }
      await runtime.signal(applicationId, r.outcome, r.data);
      return true;
    }
    if (step.kind === "book") {
      const r = reply();
      if (!r) return false;
      const data = JSON.parse((await runtime.database.prisma.application.findUniqueOrThrow({ where: { id: applicationId } })).data) as Record<string, unknown>;
      const played = engineSteps.book.simulate(step, { id, data, language: "uk", input: r, values: simulationValues("differential") });
      if (!("outcome" in played)) return false;
      await runtime.signal(applicationId, played.outcome, played.data);
      return true;
    }
    return true; // the worker moves it (a registry, a handler, a poll, a document…)
  }

  /** The browser's report of problems it showed: a required field and a pattern, when the form has them. */
  async function reportProblems(applicationId: string, id: string, step: Extract<Step, { kind: "form" }>) {
    const schema = step.schema as { required?: string[]; properties?: Record<string, { pattern?: string; minLength?: number }> };
    const problems: { field: string; code: string }[] = [];
    const required = schema.required ?? [];
    if (required.length) problems.push({ field: required[Math.floor(rng() * Math.min(2, required.length))], code: "required" });
    const patterned = Object.entries(schema.properties ?? {}).filter(([, p]) => p?.pattern);
    if (patterned.length && rng() < 0.6) problems.push({ field: patterned[0][0], code: "pattern" });
    if (problems.length) await runtime.insight.recordFieldErrors(applicationId, id, problems);
  }

  async function rate(plan: Plan, status: string, v2: boolean) {
    const good = status === "done";
    const weights: FeedbackScore[] = good ? (v2 ? [5, 5, 5, 4, 4, 3] : [5, 4, 4, 3, 3, 2]) : [1, 2, 2, 3, 1, 4];
    const score = pick(weights);
    const reasons = feedbackReasonsFor(score);
    await runtime.feedback.submit(plan.id!, { citizenId: plan.person.id, names: [String(plan.person.firstName), String(plan.person.lastName)] }, {
      score, reasons: reasons.length && rng() < 0.7 ? [pick(reasons)] : [], ...(rng() < 0.3 ? { comment: pick(COMMENTS) } : {}),
    });
    result.feedback++;
  }

  async function rateLeftForm(plan: Plan, applicationId: string, step: string) {
    const score = pick([1, 2, 2, 3] as FeedbackScore[]);
    const reasons = feedbackReasonsFor(score);
    await runtime.feedback
      .submit(applicationId, { citizenId: plan.person.id }, { score, moment: "left-form", step, reasons: reasons.length ? [pick(reasons)] : [] })
      .then(() => result.feedback++)
      .catch(() => undefined);
  }
}

// npm run seed -- [--applications N] [--days D] [--database URL] [--seed S]
if (process.argv[1] && /insight[/\\]seed\.ts$/.test(process.argv[1])) {
  const arg = (name: string) => {
    const i = process.argv.indexOf(`--${name}`);
    return i > 0 ? process.argv[i + 1] : undefined;
  };
  const applications = Number(arg("applications") ?? 10_000);
  if (!Number.isInteger(applications) || applications < 1) throw new Error("--applications must be a positive whole number");
  const days = Number(arg("days") ?? 60);
  if (!Number.isInteger(days) || days < 1) throw new Error("--days must be a positive whole number");
  const databaseUrl = arg("database") ?? process.env.DATABASE_URL;
  console.log(`Seeding ${applications} applications over ${days} days into ${databaseUrl ?? "file:./data/civic-flow.db"}…`);
  const seeded = await seedInsight({ applications, days, databaseUrl, seed: Number(arg("seed") ?? 1), log: (line) => console.log(line) });
  console.log(JSON.stringify(seeded));
}
