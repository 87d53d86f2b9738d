import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "../db/open";
import { feedbackSummary } from "./summary";

let dir: string;
let database: Database;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "feedback-summary-"));
  database = await openDatabase(`file:${join(dir, "summary.db")}`);
});
afterAll(async () => {
  await database.close();
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(async () => {
  await database.prisma.feedback.deleteMany();
});

let n = 0;
// Rows as runtime.feedback stores them (its own tests cover how they get there); the summary only reads.
async function rate(score: number, options: { version?: string; reasons?: string[]; comment?: string; moment?: "finished" | "left-form"; at?: string } = {}) {
  const moment = options.moment ?? "finished";
  n++;
  await database.prisma.feedback.create({
    data: {
      id: `f${n}`,
      serviceId: "s",
      serviceVersionId: options.version ?? "v1",
      applicationId: `a${n}`,
      moment,
      outcome: moment === "finished" ? "approved" : null,
      step: moment === "left-form" ? "details" : null,
      score,
      reasons: JSON.stringify(options.reasons ?? []),
      comment: options.comment ?? null,
      path: "[]",
      createdAt: new Date(options.at ?? `2026-11-0${1 + (n % 9)}T10:00:00Z`),
    },
  });
}
const numbers = { v1: 1, v2: 2 } as Record<string, number>;
const summary = (filter: { serviceVersionIds?: string[]; from?: Date; to?: Date } = {}) =>
  feedbackSummary(database.prisma, { serviceVersionIds: ["v1", "v2"], ...filter }, (id) => numbers[id]);

describe("feedbackSummary", () => {
  it("suppresses counts of 1 to 4 and hides comments under 5 ratings", async () => {
    for (let i = 0; i < 4; i++) await rate(5, { reasons: ["fast"], comment: "Усе швидко" });
    const four = await summary();
    expect(four.count).toBeNull();
    expect(four.average).toBeNull();
    expect(four.byScore.find((row) => row.score === 5)?.count).toBeNull();
    expect(four.byScore.find((row) => row.score === 1)?.count).toBe(0);
    expect(four.reasons).toEqual([{ reason: "fast", count: null }]);
    expect(four.byOutcome).toEqual([{ moment: "finished", outcomeOrStep: "approved", count: null, average: null }]);
    expect(four.comments).toEqual([]);

    await rate(3, { reasons: ["fast", "too-many-steps"], comment: "Забагато кроків", at: "2026-11-20T09:00:00Z" });
    const five = await summary();
    expect(five.count).toBe(5);
    expect(five.average).toBe(4.6);
    expect(five.byScore.map((row) => row.count)).toEqual([0, 0, null, 0, null]);
    expect(five.reasons).toEqual([
      { reason: "fast", count: 5 },
      { reason: "too-many-steps", count: null },
    ]);
    expect(five.byOutcome).toEqual([{ moment: "finished", outcomeOrStep: "approved", count: 5, average: 4.6 }]);
    expect(five.comments).toHaveLength(5);
    expect(five.comments[0]).toEqual({ score: 3, text: "Забагато кроків", day: "2026-11-20", moment: "finished", outcome: "approved", step: null, version: 1 });
  });

  it("selects by version and by when the rating was given, and joins left forms to their step", async () => {
    for (let i = 0; i < 5; i++) await rate(2, { version: "v2", moment: "left-form", at: "2026-11-10T12:00:00Z", comment: i === 0 ? "Незрозуміло" : undefined });
    for (let i = 0; i < 5; i++) await rate(4, { version: "v1", at: "2026-10-10T12:00:00Z" });
    const v2 = await summary({ serviceVersionIds: ["v2"] });
    expect(v2.count).toBe(5);
    expect(v2.byOutcome).toEqual([{ moment: "left-form", outcomeOrStep: "details", count: 5, average: 2 }]);
    expect(v2.comments).toEqual([{ score: 2, text: "Незрозуміло", day: "2026-11-10", moment: "left-form", outcome: null, step: "details", version: 2 }]);
    const november = await summary({ from: new Date("2026-11-01T00:00:00Z"), to: new Date("2026-12-01T00:00:00Z") });
    expect(november.count).toBe(5);
    expect((await summary({ to: new Date("2026-11-10T12:00:00Z") })).count).toBe(5);
    expect((await summary()).count).toBe(10);
    expect((await summary({ serviceVersionIds: [] })).count).toBe(0);
  });

  it("lists the newest 50 comments only", async () => {
    for (let i = 0; i < 55; i++) await rate(4, { comment: `коментар ${i}`, at: new Date(Date.UTC(2026, 10, 1, 0, i)).toISOString() });
    const all = await summary();
    expect(all.comments).toHaveLength(50);
    expect(all.comments[0].text).toBe("коментар 54");
    expect(all.comments.at(-1)?.text).toBe("коментар 5");
  });
});
