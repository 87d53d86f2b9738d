import { describe, expect, it } from "vitest";
import { pageOf } from "./studio-guard";

describe("the studio guard's way back after sign-in", () => {
  it("returns to the page, not to a Remix data URL", () => {
    expect(pageOf("/studio/drafts/abc.data?_routes=routes%2Fstudio.drafts.%24draftId")).toBe("/studio/drafts/abc");
    expect(pageOf("/studio/services/x?tab=versions")).toBe("/studio/services/x?tab=versions");
    expect(pageOf("/studio")).toBe("/studio");
  });
});
