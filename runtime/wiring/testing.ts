/**
 * Test driving of applications through an integrated runtime (createIntegratedRuntime): forms submitted over
 * their prefill, officers deciding, payments made on the stand-in provider's hosted page, applications signed on
 * the stand-in signing provider's page (or `signal`led when the world has none), deadlines and polls
 * on a simulated clock. Used by runtime/integrated*.test.ts.
 */
import { loadDefinition, type ServiceDefinition } from "../../engine";
import { exampleCatalog, exampleServices } from "../../service-definitions";
import type { ManualClock } from "../clock";
import { durationMs } from "../duration";
import type { IntegratedRuntime } from "./integrated-runtime";

type Answers = Record<string, unknown>;

export interface Plan {
  /** Form answers per step (a list: one per visit); merged over the form's prefill. */
  answers?: Record<string, Answers | Answers[]>;
  /** Officers' decisions per review step (a list: one per visit); "timeout" lets the deadline pass. */
  reviews?: Record<string, string | string[]>;
  /** What the citizen does on the provider's page per payment step: pay, fail, abandon (the provider expires it), or wait (the step's deadline passes). */
  payments?: Record<string, string | string[]>;
  /** What the citizen does on the signing provider's page per sign step: sign (the default) or decline. */
  signatures?: Record<string, "sign" | "decline" | ("sign" | "decline")[]>;
  /** Called when the application reaches an interactive step (before acting), e.g. to break the registry the next step calls. */
  at?: Record<string, (applicationId: string) => void | Promise<void>>;
}

export interface Run {
  applicationId: string;
  final: string;
  status: string;
  /** Every step entered, in order. */
  steps: string[];
  /** The prefill each form offered, per step (last visit). */
  prefills: Record<string, Record<string, unknown>>;
}

function take<T>(map: Record<string, T | T[]> | undefined, key: string, used: Map<string, number>): T | undefined {
  const value = map?.[key];
  if (value === undefined) return undefined;
  if (!Array.isArray(value)) return value;
  const index = used.get(key) ?? 0;
  used.set(key, index + 1);
  return value[Math.min(index, value.length - 1)];
}

/** Publishes the example services on the world's runtime and returns a driver for them. */
export async function exampleDriver(world: IntegratedRuntime, clock: ManualClock) {
  const runtime = world.runtime;
  const catalog = exampleCatalog();
  const definitions = new Map<string, ServiceDefinition>();
  for (const service of exampleServices()) {
    const { definition } = loadDefinition(service.text, { catalog });
    if (!definition) throw new Error(`${service.id} does not load`);
    definitions.set(service.id, definition);
    await runtime.publish(definition, "tests");
  }
  let applicants = 0;

  /** An applicant as the identity provider would describe a demo person (or an unknown one). */
  function applicantFor(taxId: string, extra: Record<string, unknown> = {}) {
    const person = world.standIns?.state.people.get(taxId);
    const name = person?.name.uk ?? { lastName: "Невідома", firstName: "Особа" };
    return {
      id: `citizen-${++applicants}-${taxId}`,
      taxId,
      lastName: name.lastName,
      firstName: name.firstName,
      ...(name.middleName ? { middleName: name.middleName } : {}),
      birthDate: person?.birthDate ?? "1991-01-01",
      gender: person?.gender === "MALE" ? "male" : "female",
      phone: "+380671234567",
      email: "citizen@example.com",
      ...extra,
    };
  }

  async function drive(serviceId: string, applicant: { id: string }, plan: Plan = {}): Promise<Run> {
    const definition = definitions.get(serviceId)!;
    const { applicationId } = await runtime.start(serviceId, applicant);
    const used = new Map<string, number>();
    const prefills: Run["prefills"] = {};
    let lastSeen = "";
    for (let round = 0; round < 400; round++) {
      await runtime.worker!.runUntilIdle();
      const view = await runtime.view(applicationId, { kind: "applicant", id: applicant.id });
      if (!["draft", "processing"].includes(view.status)) break;
      const id = String(view.step.id);
      if (id !== lastSeen) await plan.at?.[id]?.(applicationId);
      lastSeen = id;
      const step = definition.steps[id];
      if (step.kind === "form") {
        const prefill = (view.step.form as { prefill: Record<string, unknown> }).prefill;
        prefills[id] = prefill;
        const answers = take(plan.answers, id, used) ?? {};
        await runtime.submit(applicationId, { step: id, data: { ...prefill, ...answers }, applicantId: applicant.id });
      } else if (step.kind === "review") {
        const decision = take(plan.reviews, id, used) ?? "approve";
        if (decision === "timeout") clock.advance(durationMs(step.deadline ?? "P365D") + 1000);
        else {
          const task = (await runtime.tasks({ role: step.role })).find((t) => t.applicationId === applicationId);
          if (!task) throw new Error(`No open task of ${applicationId} at ${id}`);
          await runtime.decide(task.id, { id: "officer-1", roles: [step.role] }, decision, decision === "approve" ? undefined : "Тестове рішення");
        }
      } else if (step.kind === "payment") {
        const action = take(plan.payments, id, used) ?? "pay";
        if (action === "wait") {
          clock.advance(durationMs(step.deadline ?? "P365D") + 1000);
          continue;
        }
        const checkout = await runtime.paymentCheckout(applicationId, applicant.id);
        // The citizen on the provider's hosted page: its callback reaches the runtime before the answer.
        const response = await fetch(`${checkout.checkoutUrl}/${action}`, { method: "POST", redirect: "manual" });
        if (response.status !== 200) throw new Error(`The provider's page answered ${response.status}: ${await response.text()}`);
      } else if (step.kind === "sign") {
        const action = take(plan.signatures, id, used) ?? "sign";
        if (!runtime.signing) {
          await runtime.signal(applicationId, action === "sign" ? "signed" : "declined", { status: action === "sign" ? "signed" : "declined" });
          continue;
        }
        const started = await runtime.signStart(applicationId, applicant.id, { returnUrl: "http://127.0.0.1/applications/back" });
        // The citizen on the provider's page; back at the portal, the provider's answer is fetched and verified.
        const response = await fetch(`${started.confirmUrl}/${action}`, { method: "POST", redirect: "manual" });
        if (response.status !== 303) throw new Error(`The signing provider's page answered ${response.status}: ${await response.text()}`);
        const completed = await runtime.signComplete(applicationId, applicant.id, started.requestId);
        if (!completed.applied) throw new Error(`The signature was not applied: ${completed.status} ${completed.reason ?? ""}`);
      } else if (step.kind === "wait") {
        clock.advance(step.poll ? durationMs(step.poll.every) : durationMs(step.deadline ?? "P365D") + 1000);
      } else {
        clock.advance("PT1H"); // a registry retry waiting for its backoff
      }
    }
    const view = await runtime.view(applicationId, { kind: "system", id: "tests" });
    return { applicationId, final: String(view.step.id), status: view.status, steps: view.timeline.map((entry) => entry.to), prefills };
  }

  return { drive, applicantFor, definitions };
}
