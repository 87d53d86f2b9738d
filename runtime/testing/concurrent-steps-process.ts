/**
 * For the crash test of group commit: CLIENTS applications at once move through a chain of STEPS form steps
 * on the SQLite file at DATABASE_URL (no worker), each submit carrying an idempotency key (its step), as a
 * browser that retries would. Prints `ack <applicationId> <version>` once a submit is answered (so, committed)
 * and `batches <commits> <changes>` whenever an application ends; prints {"ready":true} once the service is
 * published, then runs until killed.
 *
 * With RESUME=1 it takes every application of the service in the file and submits every step again in order
 * with the same keys, as clients retrying whatever they sent before the crash (a submit that was committed
 * but never answered must not be applied twice), then prints {"done":true} and exits.
 */
import type { ServiceDefinition } from "../../engine";
import { Runtime } from "../runtime";

const STEPS = Number(process.env.STEPS ?? 8);
const CLIENTS = Number(process.env.CLIENTS ?? 50);

export function concurrentStepsService(steps = STEPS): ServiceDefinition {
  const all: Record<string, unknown> = {};
  for (let i = 0; i < steps; i++) all[`s${i}`] = { kind: "form", schema: { type: "object", required: ["v"], properties: { v: { type: "integer" } } }, next: i + 1 < steps ? `s${i + 1}` : "done" };
  all.done = { kind: "final", outcome: "approved" };
  return { schemaVersion: 1, id: "group-commit", title: "Group commit", languages: ["en"], owner: "Tests", start: "s0", steps: all } as unknown as ServiceDefinition;
}

const write = (line: string) => process.stdout.write(`${line}\n`);

async function main() {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error("DATABASE_URL is not set");
  const runtime = await Runtime.create({ databaseUrl: url, worker: false, documents: false, email: false });
  await runtime.publish(concurrentStepsService(), "tests"); // the same content again is a no-op
  const direct = runtime.database.sqlite!;
  const submitAll = async (applicationId: string) => {
    for (let i = 0; i < STEPS; i++) {
      const answer = await runtime.submit(applicationId, { step: `s${i}`, data: { v: i }, idempotencyKey: `s${i}` });
      write(`ack ${applicationId} ${answer.version}`);
    }
  };

  if (process.env.RESUME) {
    const applications = await runtime.database.prisma.application.findMany({ where: { serviceId: "group-commit" }, select: { id: true } });
    let next = 0;
    await Promise.all(
      Array.from({ length: CLIENTS }, async () => {
        while (next < applications.length) await submitAll(applications[next++].id);
      }),
    );
    write(JSON.stringify({ done: true, applications: applications.length }));
    await runtime.close();
    return;
  }

  write(JSON.stringify({ ready: true }));
  let n = 0;
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      for (;;) {
        const { applicationId } = await runtime.start("group-commit", { id: `c-${n++}` });
        write(`ack ${applicationId} 1`);
        await submitAll(applicationId);
        write(`batches ${direct.stats.commits} ${direct.stats.changes}`);
      }
    }),
  );
}

await main();
