/**
 * A job whose lease expires while its worker is still running it (a call as long as the lease: the call's
 * timeout is cut to the lease, so a call that times out always outlives it) is not claimed again by that same
 * worker: it is still running there, and it would run twice at once and lose an attempt each time. (The crash
 * test under load saw a registry job with 7 attempts of 5.) Another worker may take it over, as before.
 */
import { afterEach, describe, expect, it } from "vitest";
import type { ServiceDefinition } from "../../engine";
import { ManualClock } from "../clock";
import type { RegistryResult } from "../connectors/connector";
import { Runtime } from "../runtime";
import { applicant, tempDbUrl } from "../testing/fixtures";

const service = {
  schemaVersion: 1,
  id: "own-lease",
  title: "Own lease",
  languages: ["en"],
  owner: "Tests",
  start: "ask",
  steps: {
    ask: { kind: "form", schema: { type: "object", required: ["case"], properties: { case: { type: "string" } } }, next: "lookup" },
    lookup: {
      kind: "registry", registry: "population", operation: "getPerson", input: { taxId: "applicant.taxId" }, saveAs: "person",
      timeout: "30s", retry: { maxAttempts: 3, backoff: "fixed", interval: "1s" },
      on: { found: "done", notFound: "failed", error: "failed" },
    },
    done: { kind: "final", outcome: "approved" },
    failed: { kind: "final", outcome: "failed" },
  },
} as unknown as ServiceDefinition;

let runtime: Runtime | undefined;
afterEach(async () => {
  await runtime?.close();
  runtime = undefined;
});

describe("a lease that expires while its own worker still runs the job", () => {
  it("is not claimed again by that worker: the job runs once and its result is applied", async () => {
    // The registry answers when told to; every call is counted.
    let answer!: (result: RegistryResult) => void;
    const answered = new Promise<RegistryResult>((resolve) => (answer = resolve));
    const calls: number[] = [];
    const called = new Map<number, () => void>();
    const callNumber = (n: number) => new Promise<void>((resolve) => (calls.length >= n ? resolve() : called.set(n, resolve)));
    const population = {
      call: async () => {
        calls.push(calls.length + 1);
        called.get(calls.length)?.();
        return answered;
      },
    };
    const clock = new ManualClock();
    runtime = await Runtime.create({ databaseUrl: tempDbUrl("own-lease"), clock, connectors: { population }, worker: { autoStart: false, leaseMs: 60_000 }, email: false, documents: false });
    await runtime.publish(service, "tests");
    const { applicationId } = await runtime.start("own-lease", applicant("p-own-lease"));
    await runtime.submit(applicationId, { step: "ask", data: { case: "a" }, expectedVersion: 1 });

    const first = runtime.worker!.runOnce();
    await callNumber(1);
    clock.advance(61_000); // the lease has expired in the database; the call is still out
    const again = runtime.worker!.runOnce();
    // Claimed again, the job would call the registry a second time before this claim round ends.
    const raced = await Promise.race([again.then((claimed) => ({ claimed })), callNumber(2).then(() => ({ secondCall: true }))]);
    answer({ outcome: "found", data: { taxId: "3012345678" } });
    await Promise.all([first, again]);

    expect(raced).toEqual({ claimed: 0 });
    expect(calls).toHaveLength(1);
    const db = runtime.database.prisma;
    const job = await db.job.findFirstOrThrow({ where: { applicationId, kind: "registry" } });
    expect({ status: job.status, attempts: job.attempts }).toEqual({ status: "done", attempts: 1 });
    expect((await db.application.findUniqueOrThrow({ where: { id: applicationId } })).currentStep).toBe("done");
  });
});
