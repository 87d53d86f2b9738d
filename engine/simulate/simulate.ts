/**
 * The one simulator of a service (DESIGN.md §2, "One simulator"): scenarios, the studio's test run and the
 * differential test against the durable runtime all use it. It drives the compiled machine — the same one
 * the runtime restores — and plays each step by its kind's `simulate()` (engine/steps/<kind>.ts), which
 * saves the runtime's data shapes (a document is { id, number, template, issuedAt, expiresAt, data }, a
 * review { decision, reason, officerId, decidedAt }). Ids, numbers and times come from a seed, so a run is
 * repeatable.
 */
import { createActor, type Actor } from "xstate";
import type { CompiledService } from "../compile/compile";
import { createServiceMachine } from "../compile/machine";
import { parseDuration } from "../definition/duration";
import type { ServiceDefinition, Step } from "../definition/schema";
import { hasOwn } from "../own";
import { DEMO_APPLICANT } from "../scenarios/scenario";
import { stepModule, type Outlet, type Simulated, type SimulationValues } from "../steps";
import { coded, stepFailure, type CodedMessage } from "./messages";

export interface SimulationOptions {
  /** Fields of the applicant over the demo applicant's. */
  applicant?: Record<string, unknown>;
  /** Makes ids and numbers differ between simulations; the same seed gives the same values. */
  seed?: string;
  /** When the application starts (ISO 8601); each value taken from the clock is a second later. */
  startedAt?: string;
  applicationId?: string;
  /** Told of every step played, with the data it saw and what it did (the studio's test run shows the values it computed). */
  onStep?: (played: PlayedStep) => void;
}

/** A step as the simulator played it: the data before it, what it was given, and its result. */
export interface PlayedStep {
  step: string;
  data: Readonly<Record<string, unknown>>;
  input: unknown;
  result: Simulated;
}

/** An outcome edge a run took: from a step by an outcome ("next", "branch 0", "found") to a step. */
export interface TakenEdge {
  step: string;
  outcome: string;
  to: string;
}

/**
 * What the current step waits for: answers (a form), a reply (registry, officer, payment…), or nothing more.
 * A failed run says why in English (`failed`) and by code (`problem`, for the studio's languages).
 */
export type Waiting = { step: string; needs: "answers" | "reply" } | { done: true; final: string; outcome?: string } | { failed: string; problem: CodedMessage };

const MAX_AUTOMATIC = 1000;

/** Deterministic ids, numbers and times. */
export function simulationValues(seed = "sim", startedAt = "2026-01-01T09:00:00.000Z"): SimulationValues {
  let ids = 0;
  let numbers = 0;
  let clock = Date.parse(startedAt);
  return {
    id: () => `${seed}-${++ids}`,
    now: () => new Date((clock += 1000)).toISOString(),
    after(duration) {
      const ms = duration === undefined ? undefined : parseDuration(duration);
      return ms === undefined ? null : new Date(clock + ms).toISOString();
    },
    number: (prefix) => `${prefix}-${new Date(clock).getUTCFullYear()}-${String(++numbers).padStart(6, "0")}`,
  };
}

export class Simulation {
  readonly definition: ServiceDefinition;
  /** Every step entered, decisions included, in order. */
  readonly visited: string[] = [];
  /** Every outcome edge taken, in order. */
  readonly taken: TakenEdge[] = [];
  /** Templates of the documents issued, in order. */
  readonly documents: string[] = [];
  private readonly actor: Actor<ReturnType<typeof createServiceMachine>>;
  private readonly values: SimulationValues;
  private readonly language: string;
  private failure?: CodedMessage;
  private readonly onStep?: (played: PlayedStep) => void;

  constructor(compiled: CompiledService, options: SimulationOptions = {}) {
    this.definition = compiled.definition;
    this.onStep = options.onStep;
    this.language = this.definition.languages[0];
    this.values = simulationValues(options.seed, options.startedAt);
    const applicant = { ...DEMO_APPLICANT, ...(options.applicant ?? {}) };
    const application = { id: options.applicationId ?? this.values.id(), createdAt: this.values.now(), language: this.language };
    this.actor = createActor(createServiceMachine(compiled), {
      input: { data: { applicant, application } },
      inspect: (event) => {
        if (event.type !== "@xstate.microstep") return;
        const to = String((event.snapshot as unknown as { value: unknown }).value);
        const from = this.visited[this.visited.length - 1];
        this.visited.push(to);
        this.recordAutomatic(from, to, (event.snapshot as unknown as { context: { data: Record<string, unknown> } }).context.data);
      },
    });
    // A condition that throws stops the machine (the runtime makes the application an incident): say at which step.
    this.actor.subscribe({
      error: (error) => {
        const at = this.visited[this.visited.length - 1];
        const detail = (error as Error).message;
        this.failure ??= at
          ? coded("sim.incident", { step: at, detail }, `Step "${at}": ${detail} (the runtime stops the application as an incident)`)
          : coded("sim.machine-failed", { detail }, `The machine failed: ${detail}`);
      },
    });
    this.visited.push(this.definition.start);
    this.actor.start();
    this.settle();
  }

  get current(): string {
    return String(this.actor.getSnapshot().value);
  }

  get data(): Record<string, unknown> {
    return this.actor.getSnapshot().context.data;
  }

  get step(): Step {
    return this.definition.steps[this.current];
  }

  /** Where the run stands. */
  state(): Waiting {
    if (this.failure) return { failed: this.failure.message, problem: this.failure };
    const snapshot = this.actor.getSnapshot();
    if (snapshot.status === "done") return { done: true, final: this.current, outcome: stepModule(this.step).ending?.(this.step) };
    const needs = stepModule(this.step).input;
    if (needs !== "none") return { step: this.current, needs };
    const problem = stuck(this.current);
    return { failed: problem.message, problem };
  }

  /** Gives the current step its answers or reply, then runs on until the service waits again or ends. */
  give(input: unknown): Waiting {
    if (this.failure || this.actor.getSnapshot().status !== "active") return this.state();
    this.play(input);
    if (!this.failure) this.settle();
    return this.state();
  }

  /** Stops the machine (the studio calls it when a run is left). */
  stop() {
    this.actor.stop();
  }

  /** Plays the steps that need nobody (documents, notifications) until one needs input or the run ends. */
  private settle() {
    for (let i = 0; i < MAX_AUTOMATIC && !this.failure; i++) {
      const snapshot = this.actor.getSnapshot();
      if (snapshot.status !== "active" || stepModule(this.step).input !== "none") return;
      const before = this.visited.length;
      this.play(undefined);
      if (!this.failure && this.visited.length === before) this.failure = stuck(this.current);
    }
  }

  private play(input: unknown) {
    const id = this.current;
    const step = this.step;
    const module = stepModule(step);
    const data = this.data;
    const result = module.simulate(step, { id, data, language: this.language, input, values: this.values });
    this.onStep?.({ step: id, data, input, result });
    if ("failure" in result) {
      this.failure = stepFailure(id, result.failure);
      return;
    }
    if ("needs" in result) {
      this.failure = coded("sim.no-input", { step: id, needs: result.needs }, `No ${result.needs} for step "${id}"`);
      return;
    }
    if ("stays" in result) return;
    const outlet = module.outlets(id, step).find((o) => o.event && (o.outcome === result.outcome || o.event === `outcome.${result.outcome}`));
    if (!outlet?.to) {
      this.failure = coded("sim.no-way-out", { step: id, outcome: result.outcome }, `Step "${id}" has no way out for "${result.outcome}"`);
      return;
    }
    if (result.saves?.document) this.documents.push(result.saves.document);
    this.taken.push({ step: id, outcome: outlet.outcome, to: outlet.to });
    const before = this.visited.length;
    this.actor.send(outlet.event === "submit" ? { type: "submit", data: result.data as Record<string, unknown> } : { type: outlet.event as `outcome.${string}`, data: result.data });
    if (!this.failure && this.visited[before] !== outlet.to) {
      const went = this.visited[before];
      this.failure = coded("sim.wrong-target", { step: id, went, to: outlet.to, outcome: outlet.outcome }, `Step "${id}" went to "${went}", not "${outlet.to}" as its outcome "${outlet.outcome}" says`);
    }
  }

  /** A step the machine left by itself (a decision): which of its outlets it took, by its kind's simulate(). */
  private recordAutomatic(from: string | undefined, to: string, data: Record<string, unknown>) {
    if (from === undefined || !hasOwn(this.definition.steps, from)) return;
    const step = this.definition.steps[from];
    const module = stepModule(step);
    if (module.input !== "none" || module.outlets(from, step).some((o: Outlet) => o.event)) return;
    const result = module.simulate(step, { id: from, data, language: this.language, input: undefined, values: this.values });
    this.onStep?.({ step: from, data, input: undefined, result });
    if (!("outcome" in result)) {
      this.failure ??= "failure" in result ? stepFailure(from, result.failure) : coded("sim.undecided", { step: from }, `Step "${from}" could not decide`);
      return;
    }
    const outlet = module.outlets(from, step).find((o) => o.outcome === result.outcome);
    if (outlet?.to !== to) {
      this.failure ??= coded("sim.wrong-target", { step: from, went: to, to: String(outlet?.to), outcome: result.outcome }, `Step "${from}" went to "${to}", but its outcome "${result.outcome}" leads to "${outlet?.to}"`);
    }
    this.taken.push({ step: from, outcome: result.outcome, to });
  }
}

const stuck = (step: string) => coded("sim.stuck", { step }, `Step "${step}" did not move on`);
