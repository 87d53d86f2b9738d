import { Runtime } from "/work/main/runtime/index.ts";
import { tempDbUrl, applicant } from "/work/main/runtime/testing/fixtures.ts";
const steps: Record<string, unknown> = {};
const N = 20;
for (let i = 0; i < N; i++) steps[`s${i}`] = { kind: "form", schema: { type: "object", properties: { v: { type: "integer" } } }, next: i + 1 < N ? `s${i + 1}` : "done" };
steps.done = { kind: "final", outcome: "approved" };
const rt = await Runtime.create({ databaseUrl: tempDbUrl(), worker: false });
await rt.publish({ schemaVersion: 1, id: "chain", title: "c", languages: ["en"], owner: "t", start: "s0", steps } as never, "b");
const t0 = performance.now(); let n = 0;
for (let a = 0; a < 20; a++) {
  const s = await rt.start("chain", applicant(`p${a}`));
  for (let i = 0; i < N; i++) { await rt.submit(s.applicationId, { step: `s${i}`, data: { v: i } }); n++; }
}
const dt = performance.now() - t0;
console.log(`${n} steps in ${dt.toFixed(0)} ms → ${(n / dt * 1000).toFixed(0)}/s`);
await rt.close();
