/**
 * Every example service (service-definitions/<id>/service.yaml) runs each of its scenarios end to end
 * through the durable runtime on SQLite: forms are submitted, jobs run in the worker, officers decide,
 * deadlines pass on a simulated clock; registries and handlers are test doubles answering the scenario's replies.
 *
 * The differential test: each scenario also runs in the engine's simulator (engine/simulate, what scenarios
 * and the studio's test run use), and both must agree on the path, the final step, its outcome and the
 * data saved — ids, numbers and times normalised.
 */
import { afterAll, describe, expect, it } from "vitest";
import {
  compileDefinition, DEMO_APPLICANT, engineSteps, isEnding, loadDefinition, parseScenario, runScenario, SIMULATED_OFFICER, simulationValues, stepOutlets,
  type Scenario, type ScenarioReply, type ServiceDefinition,
} from "../engine";
import { DEMO_PARTY } from "../engine/steps/invite";
import { exampleCatalog, exampleServices } from "../service-definitions";
import { ManualClock } from "./clock";
import type { RegistryConnector } from "./connectors/connector";
import { durationMs } from "./duration";
import { defineStepHandler } from "./handlers/define";
import { Runtime } from "./runtime";
import { tempDbUrl } from "./testing/fixtures";

const services = exampleServices();
const catalog = exampleCatalog();
const open: Runtime[] = [];
afterAll(async () => Promise.all(open.map((r) => r.close())));

function queues(source: Record<string, unknown>) {
  const state = new Map(Object.entries(source).map(([k, v]) => [k, Array.isArray(v) ? [...v] : v]));
  return (id: string): unknown => {
    const value = state.get(id);
    return Array.isArray(value) ? (value.length > 1 ? value.shift() : value[0]) : value;
  };
}

async function runThroughRuntime(definition: ServiceDefinition, scenario: Scenario) {
  const clock = new ManualClock("2026-01-01T09:00:00Z");
  const replies = queues(scenario.replies ?? {});
  const answers = queues(scenario.answers ?? {});
  let runtime!: Runtime;
  const stepOf = async (applicationId: string) => (await runtime.database.prisma.application.findUniqueOrThrow({ where: { id: applicationId } })).currentStep;
  const connector: RegistryConnector = {
    async call(_operation, _input, ctx) {
      const reply = replies(await stepOf(ctx.applicationId)) as ScenarioReply | undefined;
      if (!reply) throw new Error("no reply in the scenario");
      return reply;
    },
  };
  const handlers = catalog.handlers.map((info) =>
    defineStepHandler({
      type: info.type, version: info.version, title: info.title ?? info.type, params: info.params ?? {}, outcomes: info.outcomes,
      execute: ({ application }) => {
        const reply = replies(application.step) as ScenarioReply | undefined;
        if (!reply) throw new Error("no reply in the scenario");
        return reply;
      },
    }),
  );
  runtime = await Runtime.create({
    databaseUrl: tempDbUrl("examples"), clock, builtinHandlers: false, handlers,
    connectors: Object.fromEntries(Object.keys(catalog.registries).map((name) => [name, connector])),
    catalog: { registries: catalog.registries, templates: catalog.templates, roles: catalog.roles },
    worker: { autoStart: false },
  });
  open.push(runtime);
  await runtime.publish(definition, "tests");
  const person = { ...DEMO_APPLICANT, ...(scenario.applicant ?? {}), id: `${scenario.name}-${Math.random()}` };
  const { applicationId } = await runtime.start(definition.id, person as never);
  const visited: string[] = [];
  for (let round = 0; round < 300; round++) {
    await runtime.worker!.runUntilIdle();
    const view = await runtime.view(applicationId, { kind: "system", id: "tests" });
    const id = String(view.step.id);
    visited.push(id);
    if (!["draft", "processing"].includes(view.status)) break;
    const step = definition.steps[id];
    const reply = (kind: string) => {
      const r = replies(id) as ScenarioReply | undefined;
      if (!r) throw new Error(`No reply for ${kind} step "${id}"`);
      return r;
    };
    const expire = (deadline: string | undefined) => clock.advance(durationMs(deadline ?? "P365D") + 1000);
    if (step.kind === "form") {
      const data = answers(id);
      if (!data) throw new Error(`No answers for form "${id}"`);
      // A form addressed to a party is submitted as the citizen who accepted that role.
      const party = step.party ? { role: step.party, citizenId: `${person.id}-${step.party}` } : undefined;
      await runtime.submit(applicationId, { step: id, data: data as Record<string, unknown>, ...(party ? { party } : {}) });
    } else if (step.kind === "invite") {
      // The invited person answers as runtime/parties takes it, signed in as the scenario's person (the demo one by default).
      const r = reply("invite");
      if (r.outcome === "expired") expire(step.deadline);
      else {
        const [row] = (await runtime.parties.ofApplication(applicationId)).filter((p) => p.step === id);
        const { taxId, ...invitee } = ((r.data as { person?: Record<string, string> } | undefined)?.person ?? DEMO_PARTY) as Record<string, string>;
        const citizen = { id: `${person.id}-${step.role}`, taxId, name: `${invitee.firstName} ${invitee.lastName}`, person: invitee as never };
        await runtime.parties.respond({ partyId: row.id }, citizen, r.outcome === "accepted" ? "accept" : "decline");
      }
    } else if (step.kind === "review") {
      const r = reply("review");
      if (r.outcome === "timeout") expire(step.deadline);
      else {
        const [task] = await runtime.tasks({ role: step.role });
        const given = r.data as { reason?: string; officerId?: string } | undefined;
        await runtime.decide(task.id, { id: given?.officerId ?? SIMULATED_OFFICER, roles: [step.role] }, r.outcome, given?.reason);
      }
    } else if (step.kind === "payment" || step.kind === "sign" || (step.kind === "wait" && !step.poll)) {
      const r = reply(step.kind);
      if (r.outcome === "timeout") expire("deadline" in step ? step.deadline : undefined);
      else await runtime.signal(applicationId, r.outcome, r.data);
    } else if (step.kind === "book") {
      // No slot provider here: the booking is fed as runtime/bookings feeds it on confirm, in the shape the
      // simulator gives the scenario's slot (office, service, start… filled in; ids and times normalised).
      const r = reply("book");
      const data = JSON.parse((await runtime.database.prisma.application.findUniqueOrThrow({ where: { id: applicationId } })).data) as Record<string, unknown>;
      const played = engineSteps.book.simulate(step, { id, data, language: "uk", input: r, values: simulationValues("differential") });
      if (!("outcome" in played)) throw new Error(`Book step "${id}": ${JSON.stringify(played)}`);
      await runtime.signal(applicationId, played.outcome, played.data);
    } else if (step.kind === "wait" && step.poll) {
      clock.advance(durationMs(step.poll.every)); // the poll job runs again
    } else {
      clock.advance("PT1H"); // a retry waiting for its backoff
    }
  }
  const view = await runtime.view(applicationId, { kind: "system", id: "tests" });
  // Every holder's documents (a document step may issue to parties too: `holders`), one per issuing step as the
  // simulator lists them: the most copies of a template any one holder got.
  const parties = await runtime.database.prisma.applicationParty.findMany({ where: { applicationId, citizenId: { not: null } } });
  const copies = new Map<string, number>();
  for (const holder of [person.id, ...parties.map((p) => p.citizenId!)]) {
    const own = new Map<string, number>();
    for (const d of await runtime.documents(holder)) if (d.applicationId === applicationId) own.set(d.template, (own.get(d.template) ?? 0) + 1);
    for (const [template, n] of own) copies.set(template, Math.max(copies.get(template) ?? 0, n));
  }
  const documents = [...copies].flatMap(([template, n]) => Array<string>(n).fill(template));
  // The steps the application rested at, from the audit trail (decisions are passed inside a transition).
  const path = (await runtime.audit(applicationId)).filter((e) => e.toStep).map((e) => e.toStep!);
  const row = await runtime.database.prisma.application.findUniqueOrThrow({ where: { id: applicationId } });
  return { final: String(view.step.id), status: view.status, documents, visited, path, data: JSON.parse(row.data) as Record<string, unknown> };
}

/** The steps a simulated run rested at: decisions move on by themselves, and the runtime records none. */
function restingPath(definition: ServiceDefinition, visited: string[]): string[] {
  return visited.filter((id) => {
    const outlets = stepOutlets(id, definition.steps[id]);
    return isEnding(definition.steps[id]) || outlets.some((o) => o.event);
  });
}

const SIGNATURE_KEYS = new Set(["pdfSha256", "keyId"]);
const TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

/** The saved results without what differs by nature between two runs: ids, document numbers, times. */
function normalised(data: Record<string, unknown>): unknown {
  const { applicant: _applicant, application: _application, ...results } = data;
  const walk = (value: unknown, key?: string): unknown => {
    if (Array.isArray(value)) return value.map((v) => walk(v));
    // What signing adds to a document (the PDF's hash, the key's id): the simulator renders and signs nothing.
    if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).filter(([k]) => !SIGNATURE_KEYS.has(k)).map(([k, v]) => [k, walk(v, k)]));
    if (typeof value === "string" && (key === "id" || key === "number" || key === "bookingId")) return `<${key}>`;
    // A signed PDF's validity comes from its template's default (runtime/documents/templates.ts), which the
    // catalog does not carry yet, so the simulator cannot know it: the expiry is compared as "some or none".
    if (key === "expiresAt") return "<expiry>";
    if (typeof value === "string" && TIME.test(value)) return "<time>";
    return value;
  };
  return walk(JSON.parse(JSON.stringify(results)));
}

describe.skipIf(services.length === 0)("example services through the runtime (SQLite)", () => {
  for (const service of services) {
    const loaded = loadDefinition(service.text, { catalog });
    for (const file of service.scenarios) {
      const { scenario } = parseScenario(file.text);
      if (!scenario || !loaded.definition) continue;
      it(`${service.id}: ${scenario.name}`, async () => {
        const result = await runThroughRuntime(loaded.definition!, scenario);
        expect(result.final, `visited ${result.visited.join(" → ")}`).toBe(scenario.expect.final);
        if (scenario.expect.documents) expect(result.documents.sort()).toEqual([...scenario.expect.documents].sort());
        // The differential test: the simulator agrees with the runtime.
        const simulated = runScenario(compileDefinition(loaded.definition!), scenario);
        expect(simulated.failures).toEqual([]);
        expect(restingPath(loaded.definition!, simulated.visited), "path").toEqual(result.path);
        expect(simulated.final, "final step").toBe(result.final);
        expect(simulated.outcome, "outcome").toBe((loaded.definition!.steps[result.final] as { outcome?: string }).outcome);
        expect(normalised(simulated.data), "saved data").toEqual(normalised(result.data));
      }, 30_000);
    }
  }
});
