/**
 * Sign-in attempt counts live in the database: two handles on one database (as two processes would have)
 * share them, parallel reservations never pass the limit, and the three counters behave as documented.
 * Run on SQLite and on a throwaway PostgreSQL cluster.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "../db/open";
import { postgresBinDir, startPostgresCluster, type PostgresCluster } from "../testing/postgres-cluster";
import { SIGN_IN_LIMITS, SignInAttempts, type SignInLimits } from "./sign-in-attempts";

const allowedCount = (results: { allowed: boolean }[]) => results.filter((r) => r.allowed).length;

function suite(name: string, open: () => Promise<{ first: Database; second: Database; close(): Promise<void> }>) {
  describe(name, () => {
    let first: Database;
    let second: Database;
    let close: () => Promise<void>;
    beforeAll(async () => ({ first, second, close } = await open()), 120_000);
    afterAll(() => close?.());

    it("40 parallel attempts on one username and address: exactly the limit gets through", async () => {
      const attempts = new SignInAttempts(first.prisma);
      const results = await Promise.all(Array.from({ length: 40 }, () => attempts.reserve("race.officer", "10.0.0.1")));
      expect(allowedCount(results)).toBe(SIGN_IN_LIMITS.perUsernameAndAddress.points);
      expect(results.find((r) => !r.allowed)).toEqual({ allowed: false, retryAfterMs: expect.any(Number) });
    });

    it("two handles on one database share the count (it is not in a process's memory)", async () => {
      const one = new SignInAttempts(first.prisma);
      const other = new SignInAttempts(second.prisma);
      const results = [];
      for (let i = 0; i < 6; i++) results.push(await (i % 2 ? other : one).reserve("shared.officer", "10.0.0.2"));
      expect(results.map((r) => r.allowed)).toEqual([true, true, true, true, true, false]);
      expect(await second.prisma.signInAttempt.count()).toBeGreaterThan(0);
    });

    it("a guesser's lock is its own: the same username from another address still gets its attempts", async () => {
      const attempts = new SignInAttempts(first.prisma);
      for (let i = 0; i < 8; i++) await attempts.reserve("victim.officer", "203.0.113.66");
      expect(await attempts.reserve("victim.officer", "203.0.113.66")).toMatchObject({ allowed: false });
      expect(await attempts.reserve("victim.officer", "10.0.0.3")).toEqual({ allowed: true });
    });

    it("per username over all addresses: a softer ceiling that ends with its window", async () => {
      const limits: SignInLimits = { ...SIGN_IN_LIMITS, perUsername: { points: 6, durationSeconds: 1, blockSeconds: 0 } };
      const attempts = new SignInAttempts(first.prisma, limits);
      const results = [];
      for (let address = 0; address < 4; address++) for (let i = 0; i < 2; i++) results.push(await attempts.reserve("soft.officer", `198.51.100.${address}`));
      expect(allowedCount(results)).toBe(6);
      await new Promise((r) => setTimeout(r, 1100));
      expect(await attempts.reserve("soft.officer", "198.51.100.9")).toEqual({ allowed: true });
    });

    it("per address over all usernames: spraying usernames is limited", async () => {
      const limits: SignInLimits = { ...SIGN_IN_LIMITS, perAddress: { points: 10, durationSeconds: 60, blockSeconds: 60 } };
      const attempts = new SignInAttempts(first.prisma, limits);
      const results = await Promise.all(Array.from({ length: 15 }, (_, i) => attempts.reserve(`nobody-${i}`, "192.0.2.7")));
      expect(allowedCount(results)).toBe(10);
    });

    it("a success clears its pair and gives its points back; keys hold no usernames or addresses", async () => {
      const attempts = new SignInAttempts(first.prisma);
      for (let i = 0; i < 4; i++) await attempts.reserve("kind.officer", "10.0.0.4");
      await attempts.succeeded("kind.officer", "10.0.0.4");
      for (let i = 0; i < 5; i++) expect(await attempts.reserve("kind.officer", "10.0.0.4")).toEqual({ allowed: true });
      const keys = (await first.prisma.signInAttempt.findMany()).map((row) => row.key).join(" ");
      expect(keys).not.toMatch(/officer|10\.0\.0/);
    });
  });
}

suite("sign-in attempts on SQLite", async () => {
  const dir = mkdtempSync(join(tmpdir(), "civic-signin-"));
  const url = `file:${join(dir, "attempts.db")}`;
  const first = await openDatabase(url);
  const second = await openDatabase(url);
  return {
    first,
    second,
    async close() {
      await first.close();
      await second.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});

const binaries = postgresBinDir();
describe.skipIf(!binaries)("on PostgreSQL", () => {
  let cluster: PostgresCluster | undefined;
  suite("sign-in attempts on PostgreSQL", async () => {
    cluster = await startPostgresCluster();
    const url = await cluster.createDatabase("signin");
    const first = await openDatabase(url);
    const second = await openDatabase(url);
    return {
      first,
      second,
      async close() {
        await first.close();
        await second.close();
        cluster?.stop();
      },
    };
  });
});
