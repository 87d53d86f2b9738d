/**
 * The comment badge on a step's node is text a screen reader reads: its accessible name is the count with the
 * language's plural form (Intl.PluralRules through the studio's catalog), and it is absent without open comments.
 */
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { afterEach, describe, expect, it, vi } from "vitest";
import { CommentBadge, publishCommentCounts } from "./CommentBadge";
import { openCommentCounts } from "./CommentsPanel";

let lang: "uk" | "en" = "en";
vi.mock("../../portal/root-data", async (importOriginal) => ({ ...(await importOriginal<object>()), useLang: () => lang }));

const badge = (stepId: string) => renderToStaticMarkup(createElement(CommentBadge, { stepId }));
const label = (html: string) => /aria-label="([^"]*)"/.exec(html)?.[1];

describe("the comment badge on a node", () => {
  afterEach(() => publishCommentCounts({}));

  it("names the count with the plural form, in en and uk; nothing without open comments", () => {
    publishCommentCounts({ a: 1, b: 2, c: 5, d: 21 });
    lang = "en";
    expect(badge("a")).toContain('role="img"');
    expect([label(badge("a")), label(badge("b"))]).toEqual(["1 comment", "2 comments"]);
    lang = "uk";
    expect(["a", "b", "c", "d"].map((id) => label(badge(id)))).toEqual(["1 коментар", "2 коментарі", "5 коментарів", "21 коментар"]);
    expect(badge("none")).toBe("");
  });

  it("counts open comments only, per step", () => {
    const at = "2026-12-01T10:00:00.000Z";
    const comment = (step: string, resolvedAt: string | null) => ({ id: step + resolvedAt, step, author: "A", authorId: "a", text: "t", createdAt: at, resolvedAt, resolvedBy: null });
    expect(openCommentCounts([comment("x", null), comment("x", null), comment("x", at), comment("y", at)])).toEqual({ x: 2 });
  });
});
