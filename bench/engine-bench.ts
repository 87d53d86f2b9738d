import { assign, createActor, setup } from "xstate";
import { stringify } from "yaml";
import { compileDefinition, createServiceMachine, generateLargeService, loadDefinition, parseSource, validateDefinition, type ServiceDefinition } from "../engine";
import { exampleCatalog } from "../service-definitions";
import { measure, type BenchRow } from "./measure";

/**
 * Validation of a generated 500-step definition, as the studio's live editing does it: the definition
 * is parsed already (the editor keeps its document), a fresh edit is validated. YAML parsing is shown
 * on its own row.
 */
export function benchValidation(): BenchRow[] {
  const text = stringify(generateLargeService(500));
  const catalog = exampleCatalog();
  const check = loadDefinition(text, { catalog });
  if (check.issues.some((i) => i.severity === "error")) throw new Error(`generated service is invalid: ${check.issues[0].message}`);
  const parsed = parseSource(text);
  const times = measure(
    {
      validate: () => {
        const edited = structuredClone(parsed.value) as ServiceDefinition;
        (edited.steps.form0 as { title: unknown }).title = { uk: "Крок", en: `Step ${Math.random()}` };
        validateDefinition(edited, { catalog, sourceMap: parsed.sourceMap });
      },
      parse: () => parseSource(text),
    },
    3000,
  );
  return [
    { what: "validation of a 500-step definition (median)", value: `${times.validate.toFixed(1)} ms`, target: "< 50 ms", ok: times.validate < 50 },
    { what: `  for information: parsing its ${Math.round(text.length / 1024)} KB of YAML`, value: `${times.parse.toFixed(1)} ms`, target: "-", ok: true },
  ];
}

/** The flow both machines run: form → registry → decision (amount > 1000) → next form, 250 times. */
const LOOP = 20;

function compiledRun(definition: ServiceDefinition) {
  const machine = createServiceMachine(compileDefinition(definition));
  return () => {
    const actor = createActor(machine, { input: { data: { applicant: { taxId: "1" } } } }).start();
    for (let i = 0; i < LOOP; i++) {
      actor.send({ type: "submit", data: { amount: 10 } });
      actor.send({ type: "outcome.found", data: { ok: true } });
    }
    if (actor.getSnapshot().status !== "done") throw new Error("compiled run did not finish");
  };
}

/** The same transitions written by hand in XState, with plain functions for guards and actions. */
export function handWrittenRun() {
  const states: Record<string, object> = { approved: { type: "final" }, rejected: { type: "final" } };
  for (let i = 0; i < LOOP; i++) {
    const next = i + 1 < LOOP ? `form${i + 1}` : "approved";
    states[`form${i}`] = { on: { submit: { target: `lookup${i}`, actions: { type: "store", params: { as: `form${i}` } } } } };
    states[`lookup${i}`] = { on: { "outcome.found": { target: `check${i}`, actions: { type: "store", params: { as: `lookup${i}` } } }, "outcome.notFound": "rejected", "outcome.error": "rejected" } };
    states[`check${i}`] = { always: [{ guard: { type: "big", params: { form: `form${i}` } }, target: "rejected" }, { target: next }] };
  }
  type Ctx = { data: Record<string, unknown> };
  const machine = setup({
    types: {} as { context: Ctx; events: { type: string; data?: unknown } },
    actions: { store: assign(({ context, event }, p: { as: string }) => ({ data: { ...context.data, [p.as]: event.data } })) },
    guards: { big: ({ context }, p: { form: string }) => ((context.data[p.form] as { amount: number }).amount > 1000) },
  }).createMachine({ id: "hand", initial: "form0", context: { data: { applicant: { taxId: "1" } } }, states } as never);
  return () => {
    const actor = createActor(machine).start();
    for (let i = 0; i < LOOP; i++) {
      actor.send({ type: "submit", data: { amount: 10 } });
      actor.send({ type: "outcome.found", data: { ok: true } });
    }
    if (actor.getSnapshot().status !== "done") throw new Error("hand-written run did not finish");
  };
}

/** A chain of LOOP blocks (form, registry, decision) as a definition. */
function chainDefinition(): ServiceDefinition {
  const steps: ServiceDefinition["steps"] = { approved: { kind: "final", outcome: "approved" }, rejected: { kind: "final", outcome: "rejected" } };
  for (let i = 0; i < LOOP; i++) {
    const next = i + 1 < LOOP ? `form${i + 1}` : "approved";
    steps[`form${i}`] = { kind: "form", schema: { type: "object" }, next: `lookup${i}` };
    steps[`lookup${i}`] = { kind: "registry", registry: "population", operation: "getPerson", on: { found: `check${i}`, notFound: "rejected", error: "rejected" } };
    steps[`check${i}`] = { kind: "decision", branches: [{ when: `form${i}.amount > 1000`, next: "rejected" }], otherwise: next };
  }
  return { schemaVersion: 1, id: "chain", title: "Chain", languages: ["en"], owner: "bench", start: "form0", steps };
}

export function benchTransitions(): BenchRow {
  const compiled = compiledRun(chainDefinition());
  const hand = handWrittenRun();
  const ratio = measure({ compiled, hand }, 2000);
  const r = ratio.compiled / ratio.hand;
  return {
    what: "engine: a compiled service's step vs the same transition in hand-written XState",
    value: `${r.toFixed(2)}× (${(ratio.compiled / (LOOP * 2) * 1000).toFixed(1)} µs vs ${(ratio.hand / (LOOP * 2) * 1000).toFixed(1)} µs per event)`,
    target: "≤ 1.3×",
    ok: r <= 1.3,
  };
}
