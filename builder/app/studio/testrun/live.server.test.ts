/**
 * The live test run against the real stand-ins (an X-Road security server on loopback, as `npm start` runs
 * them): the criminal-record example, unpublished, runs in the simulator while its registry steps call the
 * population register and the MVS for real, and its age check runs the registered handler. Every step shows
 * what it computed. A registry that is down is the step's error outcome, not a failed request.
 */
import { readFileSync } from "node:fs";
import type { AppLoadContext } from "@remix-run/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compileDefinition, loadDefinition, parseScenario, runScenario, Simulation, type PlayedStep, type ServiceDefinition } from "../../../../engine";
import { ManualClock } from "../../../../runtime/clock";
import { tempDbUrl } from "../../../../runtime/testing/fixtures";
import { createIntegratedRuntime, type IntegratedRuntime } from "../../../../runtime/wiring/integrated-runtime";
import { exampleCatalog } from "../../../../service-definitions";
import { demoPeople, PERSONAS } from "../../../../stand-ins";
import { liveRunAccess, liveStep, type LiveRunRequest } from "./live.server";
import { traceStep, type TracedStep } from "./trace";

const clock = new ManualClock("2026-03-02T09:00:00Z");
const catalog = exampleCatalog();
const source = readFileSync(new URL("../../../../service-definitions/criminal-record-certificate/service.yaml", import.meta.url), "utf8");
let world: IntegratedRuntime;
let context: AppLoadContext;

beforeAll(async () => {
  world = await createIntegratedRuntime({
    runtime: { databaseUrl: tempDbUrl("studio-live-run"), clock, worker: { autoStart: false }, email: false },
    fallbackCatalog: { registries: catalog.registries, templates: catalog.templates, roles: catalog.roles },
    env: { STAND_INS_PORT: "0" },
    standIns: { testControls: true, now: () => clock.now().getTime() },
    paymentProvider: { now: () => clock.now().getTime() },
    log: () => {},
  });
  context = { runtime: world.runtime, studio: { catalog: () => world.runtime.catalog() ?? catalog, examples: () => [] } } as unknown as AppLoadContext;
}, 60_000);
afterAll(async () => world?.runtime.close());

const person = demoPeople().find((p) => p.taxId === PERSONAS.olena)!;
const applicant = {
  id: "studio-applicant",
  taxId: person.taxId,
  firstName: person.name.uk.firstName,
  lastName: person.name.uk.lastName,
  middleName: person.name.uk.middleName,
  birthDate: person.birthDate,
  gender: person.gender === "MALE" ? "male" : "female",
  phone: "+380671234567",
};

/** Plays the run as the studio's browser does: answers forms, asks the server for each registry/task reply. */
async function playLive(answers: Record<string, unknown>, chosen: Record<string, { outcome: string; data?: unknown }>, draftSource = source) {
  const definition = loadDefinition(draftSource, { catalog: context.studio.catalog() }).definition as ServiceDefinition;
  const played: PlayedStep[] = [];
  const run: LiveRunRequest["run"] = { seed: "live-1", applicationId: "studio-test-live-1", startedAt: "2026-03-02T09:00:00.000Z", applicant };
  const sim = new Simulation(compileDefinition(definition), { ...run, onStep: (p) => played.push(p) });
  const given: LiveRunRequest["given"] = [];
  const calls: Awaited<ReturnType<typeof liveStep>>[] = [];
  for (let turn = 0; turn < 40; turn++) {
    const state = sim.state();
    if (!("needs" in state)) break;
    const step = definition.steps[state.step];
    let input: unknown;
    if (state.needs === "answers") input = answers[state.step];
    else if (chosen[state.step]) input = chosen[state.step];
    else if (step.kind === "registry" || step.kind === "task") {
      const answer = await liveStep(context, "draft-1", { source: draftSource, run, given: [...given] }, "Марта Аналітик");
      calls.push(answer);
      input = answer.reply;
    }
    if (input === undefined) break; // the run waits here
    given.push({ step: state.step, input });
    sim.give(input);
  }
  const trace: TracedStep[] = played.map((p) => traceStep(definition, p));
  return { sim, calls, trace, given, definition };
}

const answers = {
  request: { reasonId: "5", type: "short" },
  personalData: { phone: "+380671234567" },
  confirm: { accurate: true },
  birthPlace: { country: "Україна", city: "Київ" },
  nationalities: { countries: ["UKR"] },
  registrationPlace: { country: "Україна", city: "Київ" },
};
const chosen = { signApplication: { outcome: "signed", data: { status: "signed" } } };

describe("live test run against the stand-ins", () => {
  it("runs the criminal-record example: real replies from the population register and the MVS, every computed value shown", async () => {
    const { sim, calls, trace } = await playLive(answers, chosen);
    // The age check ran the registered handler; the registries answered over X-Road.
    expect(calls.map((c) => c.call.target)).toEqual(expect.arrayContaining(["age-check@1", "population.getPerson", "criminal-records.orderCertificate"]));
    const lookup = calls.find((c) => c.step === "lookupPerson")!;
    expect(lookup.call.input).toEqual({ taxId: person.taxId });
    expect(lookup.reply.outcome).toBe("found");
    expect(lookup.reply.data).toMatchObject({ taxId: person.taxId });
    // The computed values of each step: the registry's input, a form's prefill, the decision's conditions, the order's input.
    const personalData = trace.find((t) => t.step === "personalData")!;
    expect(personalData.computed).toContainEqual(expect.objectContaining({ label: "prefill.fullName", value: `${applicant.lastName} ${applicant.firstName} ${applicant.middleName}` }));
    const decision = trace.find((t) => t.step === "nextScreen")!;
    expect(decision.computed.map((c) => c.label)).toEqual(["branch 1 (when)", "branch 2 (when)", "branch 3 (when)"]);
    expect(decision.computed.every((c) => c.value === false)).toBe(true); // the register knew everything
    const order = calls.find((c) => c.step === "order")!;
    expect(order.call.input).toMatchObject({ clientId: person.taxId, birthCity: person.birthPlace?.city, type: "SHORT", purpose: "5" });
    expect(order.traced?.computed).toContainEqual(expect.objectContaining({ label: "input.type", value: "SHORT" }));
    // The run went on with the MVS's real answer, to the certificate or the wait for it.
    expect(["completed", "accepted"]).toContain(order.reply.outcome);
    expect(sim.visited).toContain(order.reply.outcome === "completed" ? "download" : "notifyAccepted");
    // Nothing was written as an application.
    expect(await world.runtime.database.prisma.application.count()).toBe(0);
  }, 60_000);

  it("saves the replies it received, so the run replays offline as a scenario", async () => {
    const { sim, given, definition } = await playLive(answers, chosen);
    const replies: Record<string, unknown[]> = {};
    const answered: Record<string, unknown[]> = {};
    for (const g of given) {
      const step = definition.steps[g.step];
      (step.kind === "form" ? answered : replies)[g.step] = [...((step.kind === "form" ? answered : replies)[g.step] ?? []), g.input];
    }
    const scenario = parseScenario(JSON.stringify({ name: "live", applicant, answers: answered, replies, expect: { final: sim.current } }));
    expect(scenario.issues).toEqual([]);
    const replay = runScenario(compileDefinition(definition), scenario.scenario!);
    expect(replay.failures).toEqual([]);
    expect(replay.passed).toBe(true);
  }, 60_000);

  it("a registry that is down is the step's error outcome, shown with its reason", async () => {
    world.standIns!.faults.add({ kind: "xroad-error", service: "population", type: "server.serverproxy.access_denied" });
    try {
      const { calls, sim } = await playLive(answers, chosen);
      const lookup = calls.find((c) => c.step === "lookupPerson")!;
      expect(lookup.reply.outcome).toBe("error");
      expect(lookup.call.error).toBeTruthy();
      expect(sim.current).toBe("registryUnavailable");
    } finally {
      world.standIns!.faults.clear();
    }
  }, 60_000);

  it("a wait step's poll asks the registry once, live: an order the MVS does not know is not found", async () => {
    const { sim, given } = await playLive(answers, { ...chosen, order: { outcome: "accepted", data: { id: "no-such-order" } } });
    expect(sim.current).toBe("processing");
    const run = { seed: "live-1", applicationId: "studio-test-live-1", startedAt: "2026-03-02T09:00:00.000Z", applicant };
    const answer = await liveStep(context, "draft-1", { source, run, given }, "Марта Аналітик");
    expect(answer.call.target).toBe("criminal-records.getCertificate");
    expect(answer.call.input).toEqual({ id: "no-such-order" });
    expect(["notFound", "error"]).toContain(answer.reply.outcome);
  }, 60_000);

  it("refuses a run that does not replay", async () => {
    const run = { seed: "x", applicationId: "x", startedAt: "2026-03-02T09:00:00.000Z" };
    await expect(liveStep(context, "d", { source, run, given: [{ step: "order", input: {} }] }, "M")).rejects.toMatchObject({ code: "invalid_data" });
    await expect(liveStep(context, "d", { source: "steps: [", run, given: [] }, "M")).rejects.toMatchObject({ code: "invalid_definition" });
  });
});

describe("who may run live", () => {
  it("any analyst against the stand-ins; against real registries only with the server's STUDIO_LIVE_RUN=1 and the live-run role", () => {
    const real = { REGISTRIES_CONFIG: "/etc/registries.json" };
    expect(liveRunAccess(["analyst"], {})).toEqual({ allowed: true, registries: "stand-ins" });
    expect(liveRunAccess(["analyst"], { STUDIO_LIVE_RUN: "0" })).toEqual({ allowed: false, reason: "off" });
    expect(liveRunAccess(["analyst", "live-run"], real)).toEqual({ allowed: false, reason: "real_registries" });
    expect(liveRunAccess(["analyst", "live-run"], { ...real, STUDIO_LIVE_RUN: "0" })).toEqual({ allowed: false, reason: "off" });
    expect(liveRunAccess(["analyst"], { ...real, STUDIO_LIVE_RUN: "1" })).toEqual({ allowed: false, reason: "role" });
    // An administrator is no exception: the permission is the role.
    expect(liveRunAccess(["admin", "analyst"], { ...real, STUDIO_LIVE_RUN: "true" })).toEqual({ allowed: false, reason: "role" });
    expect(liveRunAccess(["analyst", "live-run"], { ...real, STUDIO_LIVE_RUN: "1" })).toEqual({ allowed: true, registries: "real" });
  });
});
