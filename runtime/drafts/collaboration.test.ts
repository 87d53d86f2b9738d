import { afterAll, describe, expect, it } from "vitest";
import { ManualClock } from "../clock";
import { isRuntimeError } from "../errors";
import { COLLAB_NOTICES } from "./collaboration";
import { Runtime } from "../runtime";
import { tempDbUrl } from "../testing/fixtures";

const source = `schemaVersion: 1
id: collab-service
title: { uk: Спільна послуга, en: Shared service }
`;

const olena = { id: "olena", name: "Олена Аналітик" };
const marta = { id: "marta", name: "Марта Аналітик" };
const admin = { id: "admin", name: "Адміністратор" };

describe("working together on a draft", async () => {
  const clock = new ManualClock("2026-12-01T10:00:00Z");
  const runtime = await Runtime.create({ databaseUrl: tempDbUrl("collaboration"), worker: false, clock });
  afterAll(() => runtime.close());
  const collab = runtime.drafts.collaboration;

  it("presence: both analysts see each other; an entry expires 45 s after its last heartbeat", async () => {
    const draft = await runtime.drafts.create({ source, by: olena.name });
    await collab.heartbeat(draft.id, olena, 1);
    const both = await collab.heartbeat(draft.id, marta, 1);
    expect(both.map((p) => p.name).sort()).toEqual([olena.name, marta.name].sort());
    clock.advance(30_000);
    await collab.heartbeat(draft.id, marta, 1); // Olena's last heartbeat is 30 s old: still here
    expect((await collab.present(draft.id)).map((p) => p.userId).sort()).toEqual(["marta", "olena"]);
    clock.advance(16_000); // 46 s since Olena's: gone; Marta's 16 s: here
    expect((await collab.present(draft.id)).map((p) => p.userId)).toEqual(["marta"]);
    await collab.leave(draft.id, marta);
    expect(await collab.present(draft.id)).toEqual([]);
    await expect(collab.heartbeat("no-such-draft", olena, 1)).rejects.toMatchObject({ code: "not_found" });
  });

  it("comments: a thread per step, resolved by anyone, text checked", async () => {
    const draft = await runtime.drafts.create({ source, by: olena.name });
    const first = await collab.comment(draft.id, "lookupPerson", olena, "  Why is the timeout 10s? <b>bold</b>  ");
    clock.advance(1000);
    await collab.comment(draft.id, "lookupPerson", marta, "The registry's SLA says 5 s.");
    await collab.comment(draft.id, "order", marta, "Check the purpose text.");
    const all = await collab.comments(draft.id);
    expect(all.map((c) => [c.step, c.author])).toEqual([
      ["lookupPerson", olena.name],
      ["lookupPerson", marta.name],
      ["order", marta.name],
    ]);
    // Kept as typed (the studio escapes it when it shows it), trimmed.
    expect(all[0].text).toBe("Why is the timeout 10s? <b>bold</b>");
    const resolved = await collab.resolve(draft.id, first.id, marta);
    expect(resolved).toMatchObject({ resolvedBy: marta.name });
    expect((await collab.resolve(draft.id, first.id, marta, false)).resolvedAt).toBeNull();
    await expect(collab.comment(draft.id, "order", olena, "   ")).rejects.toMatchObject({ code: "invalid_data" });
    await expect(collab.comment(draft.id, "order", olena, "x".repeat(2001))).rejects.toMatchObject({ code: "payload_too_large" });
    await expect(collab.resolve("other-draft", first.id, marta)).rejects.toMatchObject({ code: "not_found" });
  });

  it("review: self-approval refused; a later save voids an approval; publishing refused without one when required", async () => {
    const draft = await runtime.drafts.create({ source, by: olena.name });
    // Not required: publishing may go ahead without a review.
    expect(await collab.reviewState(draft.id)).toMatchObject({ required: false, mayPublish: true });
    await collab.setRequireReview("collab-service", true, admin.name);
    let state = await collab.reviewState(draft.id);
    expect(state).toMatchObject({ required: true, mayPublish: false });
    expect(state.reason).toContain("requires a review");
    const gate = await collab.publishGate(await runtime.drafts.get(draft.id)).catch((e) => e);
    expect(isRuntimeError(gate, "conflict")).toBe(true);
    expect(gate.message).toContain("requires a review");

    const review = await collab.requestReview(draft.id, olena);
    expect(review).toMatchObject({ status: "requested", draftVersion: 1, author: olena.name, requestedBy: olena.name });
    // The author of the latest changes may not approve them.
    await expect(collab.decide(draft.id, review.id, olena, "approve")).rejects.toMatchObject({ code: "forbidden" });
    // Changes requested need a comment.
    await expect(collab.decide(draft.id, review.id, marta, "request_changes")).rejects.toMatchObject({ code: "invalid_data" });
    const approved = await collab.decide(draft.id, review.id, marta, "approve", "Looks right");
    expect(approved).toMatchObject({ status: "approved", reviewer: marta.name, reviewerId: "marta", comment: "Looks right" });
    expect(await collab.publishGate(await runtime.drafts.get(draft.id))).toMatchObject({ id: review.id });
    await expect(collab.decide(draft.id, review.id, admin, "approve")).rejects.toMatchObject({ code: "conflict" });

    // A later save (by anyone) voids the approval.
    await runtime.drafts.save(draft.id, { source: `${source}owner: X\n`, expectedVersion: 1, by: olena.name });
    state = await collab.reviewState(draft.id);
    expect(state).toMatchObject({ mayPublish: false, outdated: true });
    expect(state.reason).toContain(`approval by ${marta.name} (version 1) is void`);
    await expect(collab.publishGate(await runtime.drafts.get(draft.id))).rejects.toMatchObject({ code: "conflict" });

    // A new request; a save after it makes deciding the old one refused.
    const second = await collab.requestReview(draft.id, olena);
    expect(second.draftVersion).toBe(2);
    await runtime.drafts.save(draft.id, { source: `${source}owner: Y\n`, expectedVersion: 2, by: marta.name });
    await expect(collab.decide(draft.id, second.id, admin, "approve")).rejects.toMatchObject({ code: "conflict" });
    const third = await collab.requestReview(draft.id, marta);
    // Marta saved version 3: she may not approve it; Olena may ask for changes, then the admin approves a new request.
    await expect(collab.decide(draft.id, third.id, marta, "approve")).rejects.toMatchObject({ code: "forbidden" });
    await collab.decide(draft.id, third.id, olena, "request_changes", "Put the owner back");
    state = await collab.reviewState(draft.id);
    expect(state.reason).toContain(`${olena.name} requested changes: Put the owner back`);
    const fourth = await collab.requestReview(draft.id, marta);
    await collab.decide(draft.id, fourth.id, admin, "approve");
    const approval = await collab.publishGate(await runtime.drafts.get(draft.id));
    await collab.markPublished(approval!.id, 7);
    expect((await collab.reviews(draft.id)).find((r) => r.id === fourth.id)).toMatchObject({ reviewer: admin.name, publishedVersion: 7 });
    expect((await collab.reviews(draft.id)).map((r) => r.status)).toEqual(["approved", "withdrawn", "changes_requested", "approved"]);
  });

  it("self-approval is decided by staff account, not by display name", async () => {
    // Two analysts who happen to share a display name: the other account may approve.
    const namesake = { id: "olena-2", name: olena.name };
    const draft = await runtime.drafts.create({ source, by: olena.name, byId: olena.id });
    expect(draft.updatedById).toBe(olena.id);
    await collab.setRequireReview("collab-service", true, admin.name);
    const review = await collab.requestReview(draft.id, olena);
    const refused = await collab.decide(draft.id, review.id, { id: olena.id, name: "Olena (renamed)" }, "approve").catch((e) => e);
    // A renamed author is still the author.
    expect(refused).toMatchObject({ code: "forbidden", details: { notice: { key: "selfApproval", params: {} } } });
    expect(refused.message).toBe("You made the latest changes to this draft: another analyst must review them");
    expect(await collab.decide(draft.id, review.id, namesake, "approve")).toMatchObject({ status: "approved", reviewerId: "olena-2" });

    // The account that saved the latest version is the author, whoever created the draft.
    await runtime.drafts.save(draft.id, { source: `${source}owner: Z\n`, expectedVersion: 1, by: marta.name, byId: marta.id });
    const second = await collab.requestReview(draft.id, olena);
    await expect(collab.decide(draft.id, second.id, marta, "approve")).rejects.toMatchObject({ code: "forbidden" });
    expect(await collab.decide(draft.id, second.id, olena, "approve")).toMatchObject({ status: "approved" });
    await collab.setRequireReview("collab-service", false, admin.name);
  });

  it("refusals and reasons carry a notice (key and params) beside the English message", async () => {
    const draft = await runtime.drafts.create({ source, by: olena.name, byId: olena.id });
    await collab.setRequireReview("collab-service", true, admin.name);
    const gate = await collab.publishGate(draft).catch((e) => e);
    expect(gate.details.notice).toEqual({ key: "notPublished", params: { reason: { key: "reviewRequired", params: {} } } });
    expect(gate.message).toBe(`Not published: ${COLLAB_NOTICES.reviewRequired}`);
    const review = await collab.requestReview(draft.id, olena);
    expect((await collab.reviewState(draft.id)).reasonNotice).toEqual({ key: "notApprovedYet", params: { who: olena.name } });
    await collab.decide(draft.id, review.id, marta, "request_changes", "Fix the title");
    const again = await collab.decide(draft.id, review.id, admin, "approve").catch((e) => e);
    expect(again.details.notice).toEqual({ key: "alreadyDecidedBy", params: { status: { key: "status_changes_requested", params: {} }, who: marta.name } });
    expect(again.message).toBe(`This review is already changes requested (by ${marta.name})`);
    await expect(collab.comment(draft.id, "a", olena, "x".repeat(2001))).rejects.toMatchObject({ details: { notice: { key: "commentTooLong", params: { max: 2000 } } } });
    await collab.setRequireReview("collab-service", false, admin.name);
  });

  it("removing a draft removes its presence and comments, and keeps its reviews", async () => {
    const draft = await runtime.drafts.create({ source, by: olena.name });
    await collab.heartbeat(draft.id, olena, 1);
    await collab.comment(draft.id, "a", olena, "note");
    await collab.requestReview(draft.id, olena);
    await runtime.drafts.remove(draft.id, 1);
    expect(await collab.present(draft.id)).toEqual([]);
    expect(await collab.comments(draft.id)).toEqual([]);
    expect(await collab.reviews(draft.id)).toHaveLength(1);
  });

  it("settings: one per service, off by default", async () => {
    expect(await collab.settings("nobody")).toMatchObject({ requireReview: false });
    await collab.setRequireReview("s2", true, admin.name);
    await collab.setRequireReview("s2", false, admin.name);
    expect(await collab.settings("s2")).toMatchObject({ requireReview: false, updatedBy: admin.name });
  });
});
