/**
 * The staff password check itself (accounts.server.ts), called in-process so 40 attempts really start
 * together: the attempt is reserved before scrypt, the lock belongs to the guesser's address, unknown
 * usernames cost the same and are limited per address, and the count is in the database.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { openDatabase, type Database } from "../../runtime";
import { checkCredentials } from "../app/auth/accounts.server";

let dir: string;
let database: Database;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "civic-staff-signin-"));
  process.env.DEMO_ACCOUNTS = "1";
  database = await openDatabase(`file:${join(dir, "accounts.db")}`);
});
afterAll(async () => {
  await database?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("staff sign-in attempts", () => {
  it("40 parallel attempts, the right password as the 20th: five are checked, none signs in (it did after 19 failures)", async () => {
    const db = database;
    const results = await Promise.all(Array.from({ length: 40 }, (_, i) => checkCredentials(db, "hsc.officer", i === 19 ? "demo-hsc-2026" : `wrong-${i}`, "203.0.113.5")));
    expect(results.filter((r) => r.ok)).toHaveLength(0);
    expect(results.filter((r) => !r.ok && r.reason === "invalid")).toHaveLength(5);
    expect(results.filter((r) => !r.ok && r.reason === "locked")).toHaveLength(35);
    // Still locked for that address with the right password, not for the officer elsewhere.
    expect(await checkCredentials(db, "hsc.officer", "demo-hsc-2026", "203.0.113.5")).toMatchObject({ ok: false, reason: "locked" });
    expect(await checkCredentials(db, "hsc.officer", "demo-hsc-2026", "10.1.1.1")).toMatchObject({ ok: true });
  });

  it("an unknown username is answered exactly like a real one: invalid five times, then locked", async () => {
    const answers = async (username: string) => {
      const reasons = [];
      for (let i = 0; i < 6; i++) reasons.push((await checkCredentials(database, username, "wrong", "203.0.113.7")) as { reason?: string });
      return reasons.map((r) => r.reason);
    };
    expect(await answers("no-such-officer")).toEqual(await answers("civil.officer"));
  });

  it("another process (a fresh copy of the module, its own database handle) sees the same count", async () => {
    const other = await openDatabase(database.url);
    vi.resetModules();
    const otherProcess = await import("../app/auth/accounts.server");
    try {
      for (let i = 0; i < 3; i++) await checkCredentials(database, "mvs.officer", "wrong", "203.0.113.6");
      for (let i = 0; i < 2; i++) expect(await otherProcess.checkCredentials(other, "mvs.officer", "wrong", "203.0.113.6")).toMatchObject({ reason: "invalid" });
      expect(await otherProcess.checkCredentials(other, "mvs.officer", "demo-mvs-2026", "203.0.113.6")).toMatchObject({ ok: false, reason: "locked" });
    } finally {
      await other.close();
    }
  });

  it("unknown usernames take about as long as known ones, and one address cannot try them without end", async () => {
    const db = database;
    const time = async (username: string) => {
      const started = performance.now();
      await checkCredentials(db, username, "wrong", `198.51.100.${Math.floor(Math.random() * 250)}`);
      return performance.now() - started;
    };
    const known: number[] = [];
    const unknown: number[] = [];
    for (let i = 0; i < 4; i++) {
      known.push(await time("analyst"));
      unknown.push(await time(`no-such-user-${i}`));
    }
    const median = (xs: number[]) => xs.sort((x, y) => x - y)[Math.floor(xs.length / 2)];
    // Both run one scrypt (about 50–100 ms); without it an unknown name would answer in a few ms.
    expect(median(unknown)).toBeGreaterThan(median(known) / 3);

    const results = [];
    for (let i = 0; i < 105; i++) results.push(await checkCredentials(db, `sprayed-${i}`, "x", "192.0.2.99"));
    expect(results.filter((r) => !r.ok && r.reason === "locked")).toHaveLength(5);
    expect(results.slice(0, 100).every((r) => !r.ok && r.reason === "invalid")).toBe(true);
  }, 60_000);
});
