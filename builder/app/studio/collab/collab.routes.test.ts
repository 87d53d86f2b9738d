/**
 * The collaboration and live-run endpoints over HTTP, on the real app server (builder/security/harness.ts):
 * only an admin sets "require a review"; the author may not approve; publishing answers 409 with the reason
 * until another analyst approves; comments come back as typed JSON; a live call to a registry this runtime has
 * no connector for is the step's error outcome (200), and live runs can be switched off.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exampleServices } from "../../../../service-definitions";
import { startSecurityApp, XSS, type SecurityApp, type Session } from "../../../security/harness";

let app: SecurityApp;
let marta: Session;
let admin: Session;
let draftId: string;

const json = (session: Session, body: unknown) => ({
  method: "POST",
  headers: { cookie: session.cookie, "content-type": "application/json", "x-csrf-token": session.csrf },
  body: JSON.stringify(body),
});

beforeAll(async () => {
  app = await startSecurityApp();
  marta = await app.staff("analyst");
  admin = await app.staff("admin");
  const example = exampleServices().find((s) => s.id === "criminal-record-certificate")!;
  const draft = await app.runtime.drafts.create({
    source: example.text,
    scenarios: example.scenarios.map((s) => ({ name: s.file.split(/[\\/]/).pop()!, text: s.text })),
    by: "Марта Аналітик",
  });
  draftId = draft.id;
}, 120_000);
afterAll(async () => app?.close());

describe("studio collaboration endpoints", () => {
  it("presence and comments: each analyst sees the other; text comes back as typed", async () => {
    const beat = await app.send(`/studio/api/drafts/${draftId}/collab`, json(marta, { intent: "heartbeat", version: 1 }));
    expect(beat.status, beat.body).toBe(200);
    await app.send(`/studio/api/drafts/${draftId}/collab`, json(admin, { intent: "heartbeat", version: 1 }));
    const comment = await app.send(`/studio/api/drafts/${draftId}/collab`, json(marta, { intent: "comment", step: "order", text: XSS }));
    expect(comment.status, comment.body).toBe(200);
    const state = await app.send(`/studio/api/drafts/${draftId}/collab`, { headers: { cookie: admin.cookie } });
    const body = JSON.parse(state.body);
    expect(body.presence.map((p: { name: string }) => p.name).sort()).toEqual(["Адміністратор", "Марта Аналітик"]);
    expect(body.comments[0]).toMatchObject({ step: "order", text: XSS, author: "Марта Аналітик" });
    expect(state.headers["content-type"]).toContain("application/json");
    // Without the CSRF header: refused.
    const forged = await app.send(`/studio/api/drafts/${draftId}/collab`, { ...json(marta, { intent: "comment", step: "order", text: "x" }), headers: { cookie: marta.cookie, "content-type": "application/json" } });
    expect(forged.status).toBe(403);
  });

  it("review: only an admin requires it; publish is refused until another analyst approves", async () => {
    const byAnalyst = await app.send(`/studio/api/drafts/${draftId}/collab`, json(marta, { intent: "require-review", value: true }));
    expect(byAnalyst.status).toBe(403);
    expect(JSON.parse(byAnalyst.body).error.details.notice).toEqual({ key: "ownerOnly", params: {} });
    const byAdmin = await app.send(`/studio/api/drafts/${draftId}/collab`, json(admin, { intent: "require-review", value: true }));
    expect(byAdmin.status, byAdmin.body).toBe(200);
    expect(JSON.parse(byAdmin.body).settings).toMatchObject({ requireReview: true, updatedBy: "Адміністратор" });

    // Marta changes the population register's timeout (the app has the example published as it is).
    const draft = await app.runtime.drafts.get(draftId);
    const saved = await app.send(`/studio/api/drafts/${draftId}`, json(marta, { intent: "save", source: draft.source.replace("timeout: 10s", "timeout: 12s"), expectedVersion: 1 }));
    expect(saved.status, saved.body).toBe(200);
    const refused = await app.send(`/studio/api/drafts/${draftId}`, json(marta, { intent: "publish", expectedVersion: 2 }));
    expect(refused.status, refused.body).toBe(409);
    expect(JSON.parse(refused.body).error.message).toContain("requires a review");

    const requested = JSON.parse((await app.send(`/studio/api/drafts/${draftId}/collab`, json(marta, { intent: "request-review" }))).body);
    const reviewId = requested.review.latest.id;
    const self = await app.send(`/studio/api/drafts/${draftId}/collab`, json(marta, { intent: "decide", reviewId, decision: "approve" }));
    expect(self.status).toBe(403);
    expect(JSON.parse(self.body).error.message).toContain("another analyst");
    // The refusal is by staff account (the save recorded Marta's), with a notice the studio says in its language.
    expect(JSON.parse(self.body).error).toMatchObject({ code: "forbidden", details: { notice: { key: "selfApproval" } } });
    expect((await app.runtime.drafts.get(draftId)).updatedById).toMatch(/.+/);
    expect(requested.review).toMatchObject({ mayDecide: false, reasonNotice: { key: "notApprovedYet", params: { who: "Марта Аналітик" } } });

    const diff = JSON.parse((await app.send(`/studio/api/drafts/${draftId}/collab?diff=1`, { headers: { cookie: admin.cookie } })).body);
    expect(diff.review.mayDecide).toBe(true);
    expect(typeof diff.diff.against).toBe("number");
    expect(JSON.stringify(diff.diff.changes)).toContain("12s");

    const approved = await app.send(`/studio/api/drafts/${draftId}/collab`, json(admin, { intent: "decide", reviewId, decision: "approve", comment: "ok" }));
    expect(approved.status, approved.body).toBe(200);
    const published = await app.send(`/studio/api/drafts/${draftId}`, json(marta, { intent: "publish", expectedVersion: 2 }));
    expect(published.status, published.body).toBe(200);
    const number = JSON.parse(published.body).version.number;
    const reviews = await app.runtime.drafts.collaboration.reviews(draftId);
    expect(reviews.at(-1)).toMatchObject({ status: "approved", reviewer: "Адміністратор", publishedVersion: number });

    // Publishing saved the draft (a new version): the approval is spent.
    const again = await app.send(`/studio/api/drafts/${draftId}`, json(marta, { intent: "publish", expectedVersion: 3 }));
    expect(again.status).toBe(409);
    await app.send(`/studio/api/drafts/${draftId}/collab`, json(admin, { intent: "require-review", value: false }));
  }, 60_000);

  it("live run: a registry without a connector is the step's error outcome, not a failed request; it can be switched off", async () => {
    const draft = await app.runtime.drafts.get(draftId);
    const run = { seed: "s", applicationId: "a", startedAt: "2026-03-02T09:00:00.000Z" };
    const answers: [string, unknown][] = [
      ["checkAge", { outcome: "adult", data: { age: 35 } }],
    ];
    const given = answers.map(([step, input]) => ({ step, input }));
    const live = await app.send(`/studio/api/drafts/${draftId}/live`, json(marta, { source: draft.source, run, given }));
    expect(live.status, live.body).toBe(200);
    const answer = JSON.parse(live.body);
    expect(answer).toMatchObject({ step: "lookupPerson", reply: { outcome: "error" }, call: { target: "population.getPerson", input: { taxId: "3012345678" } } });
    expect(answer.call.error).toContain("No connector");

    const bad = await app.send(`/studio/api/drafts/${draftId}/live`, json(marta, { source: draft.source, run, given: [{ step: "order", input: {} }] }));
    expect(bad.status).toBe(422);
    expect(JSON.parse(bad.body).error.message).toContain("does not replay");

    process.env.STUDIO_LIVE_RUN = "0";
    try {
      const off = await app.send(`/studio/api/drafts/${draftId}/live`, json(marta, { source: draft.source, run, given }));
      expect(off.status).toBe(403);
      expect(JSON.parse(off.body).error.details).toEqual({ reason: "off" });
    } finally {
      delete process.env.STUDIO_LIVE_RUN;
    }
  });

  it("live run against real registries: only an analyst with the live-run role, and only where the server allows it", async () => {
    const draft = await app.runtime.drafts.get(draftId);
    const run = { seed: "s", applicationId: "a", startedAt: "2026-03-02T09:00:00.000Z" };
    const given = [
      { step: "checkAge", input: { outcome: "adult", data: { age: 35 } } },
    ];
    await app.runtime.database.prisma.staffAccount.create({
      data: { id: "tester-account", username: "live.tester", displayName: "Тетяна Тестувальниця", passwordHash: "-", roles: JSON.stringify(["analyst", "live-run"]), createdAt: new Date() },
    });
    const tester = await app.staff("live.tester");
    const inLang = (session: Session, lang: "uk" | "en") => ({ ...session, cookie: `${session.cookie}; cf_lang=${lang}` });
    const live = (session: Session) => app.send(`/studio/api/drafts/${draftId}/live`, json(session, { source: draft.source, run, given }));
    process.env.REGISTRIES_CONFIG = "/etc/civic-flow/registries.json";
    try {
      // Real registries and no decision by the server: off for everyone.
      const notAllowed = await live(inLang(tester, "en"));
      expect(notAllowed.status).toBe(403);
      expect(JSON.parse(notAllowed.body).error).toMatchObject({ code: "forbidden", details: { reason: "real_registries" } });
      expect(JSON.parse(notAllowed.body).error.message).toContain("STUDIO_LIVE_RUN=1");

      process.env.STUDIO_LIVE_RUN = "1";
      // The server allows it: an analyst without the role is refused, in the studio's language (uk by default).
      const refused = await live(marta);
      expect(refused.status).toBe(403);
      const error = JSON.parse(refused.body).error;
      expect(error).toMatchObject({ code: "forbidden", details: { reason: "role" } });
      expect(error.message).toContain("потрібна роль «live-run»");
      expect(JSON.parse((await live(inLang(marta, "en"))).body).error.message).toContain("your account needs the “live-run” role");
      const state = JSON.parse((await app.send(`/studio/api/drafts/${draftId}/live`, { headers: { cookie: `${marta.cookie}; cf_lang=en` } })).body);
      expect(state).toMatchObject({ enabled: false, details: { reason: "role" } });
      expect(state.message).toContain("live-run");

      // With the role: the call is made (this test runtime has no connector: the step's error outcome).
      const allowed = await live(tester);
      expect(allowed.status, allowed.body).toBe(200);
      expect(JSON.parse(allowed.body)).toMatchObject({ step: "lookupPerson", call: { target: "population.getPerson" } });
      expect(JSON.parse((await app.send(`/studio/api/drafts/${draftId}/live`, { headers: { cookie: tester.cookie } })).body)).toEqual({ enabled: true, registries: "real" });
    } finally {
      delete process.env.REGISTRIES_CONFIG;
      delete process.env.STUDIO_LIVE_RUN;
    }
  });
});
