/** The web app's typed views over the runtime's tables (SQLite): what goes in comes out, per handle. */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "../db/open";
import { ApplicationRecords, viewsOf } from "./views";

let dir: string;
let database: Database;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "civic-views-"));
  database = await openDatabase(`file:${join(dir, "views.db")}`);
});
afterAll(async () => {
  await database?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("runtime views", () => {
  it("are one set per database handle, from the handle or a runtime holding it", () => {
    expect(viewsOf(database)).toBe(viewsOf({ database }));
  });

  it("sessions: created, found, touched, deleted; creating one drops the expired", async () => {
    const { sessions } = viewsOf(database);
    const now = new Date("2026-12-01T10:00:00Z");
    const row = (id: string, expiresAt: Date) => ({ id, kind: "staff", subject: "acc-1", profile: "{}", csrfToken: "t", transport: "cookie", createdAt: now, lastSeenAt: now, expiresAt });
    await sessions.create(row("old", new Date("2026-12-01T09:00:00Z")), new Date("2026-11-30T00:00:00Z"));
    await sessions.create(row("new", new Date("2026-12-01T22:00:00Z")), now);
    expect(await sessions.find("old")).toBeNull();
    await sessions.touch("new", new Date("2026-12-01T10:05:00Z"));
    expect((await sessions.find("new"))?.lastSeenAt.toISOString()).toBe("2026-12-01T10:05:00.000Z");
    await sessions.delete("new");
    expect(await sessions.find("new")).toBeNull();
  });

  it("form drafts: one per application and step, replaced on save, deleted per step or all", async () => {
    const { formDrafts } = viewsOf(database);
    await formDrafts.save("applicant-1", "app-1", "ask", '{"a":1}');
    await formDrafts.save("applicant-1", "app-1", "ask", '{"a":2}');
    await formDrafts.save("applicant-1", "app-1", "more", '{"b":1}');
    expect(await formDrafts.find("app-1", "ask")).toEqual({ applicantId: "applicant-1", data: '{"a":2}' });
    await formDrafts.delete("app-1", "ask");
    expect(await formDrafts.find("app-1", "ask")).toBeNull();
    expect(await formDrafts.find("app-1", "more")).not.toBeNull();
    await formDrafts.delete("app-1");
    expect(await formDrafts.find("app-1", "more")).toBeNull();
  });

  it("staff accounts: by username, summaries of the asked ids only", async () => {
    const { staffAccounts } = viewsOf(database);
    await staffAccounts.create({ id: "acc-9", username: "someone", displayName: "Some One", passwordHash: "x", roles: '["analyst"]', createdAt: new Date() });
    expect((await staffAccounts.byUsername("someone"))?.id).toBe("acc-9");
    expect(await staffAccounts.usernames()).toContain("someone");
    expect(await staffAccounts.summaries([])).toEqual([]);
    expect(await staffAccounts.summaries(["acc-9", "nobody"])).toEqual([{ id: "acc-9", displayName: "Some One", roles: '["analyst"]' }]);
  });

  it("access: the applicant, an accepted party by role, nobody else; the same through prepared statements and Prisma", async () => {
    const now = new Date("2026-12-01T10:00:00Z");
    const party = (id: string, citizenId: string | null, status: string, role = "partner") => ({ id, applicationId: "app-p", role, step: "invite", stepEntry: 2, status, citizenId, createdAt: now, updatedAt: now });
    await database.prisma.applicationParty.createMany({ data: [party("pa-1", "citizen-2", "accepted"), party("pa-2", "citizen-3", "declined", "owner"), party("pa-3", null, "invited", "buyer")] });
    const app = { id: "app-p", applicantId: "citizen-1" };
    for (const records of [viewsOf(database).applications, new ApplicationRecords(database.prisma)]) {
      expect(await records.accessOf(app, "citizen-1")).toEqual({ kind: "applicant" });
      expect(await records.accessOf(app, "citizen-2")).toEqual({ kind: "party", role: "partner" });
      expect(await records.accessOf(app, "citizen-3")).toBeNull(); // declined
      expect(await records.accessOf(app, "citizen-4")).toBeNull();
      expect(await records.accessOf({ id: "app-other", applicantId: "citizen-9" }, "citizen-2")).toBeNull(); // a party of another application
      expect(await records.accessOf(null, "citizen-1")).toBeNull();
      expect(await records.accessOf(app, "")).toBeNull();
    }
  });

  it("published services: nothing published, nothing found", async () => {
    const { services, applications } = viewsOf(database);
    expect(await services.latestVersions()).toEqual(new Map());
    expect(await services.version("none")).toBeNull();
    expect(await services.definitionJson("none")).toBeNull();
    expect(await applications.row("none")).toBeNull();
    expect(await applications.pendingDeadline("none", 0)).toBeNull();
    expect(await applications.versionIds([])).toEqual(new Map());
  });
});
