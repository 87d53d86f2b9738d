/**
 * Every notice the collaboration server can send (runtime/drafts/collaboration.ts) has a text in the studio's
 * catalog, in uk and en, with the same placeholders; the English one is the server's own message. A failed call
 * shows the text in the studio's language and keeps the code.
 */
import { describe, expect, it } from "vitest";
import { COLLAB_NOTICES, collabNotice, noticeEnglish } from "../../../../runtime/drafts/collaboration";
import { DraftApiError } from "../editor/api";
import { STUDIO_MESSAGES } from "../i18n/messages";
import { errorNotice, noticeText } from "./notices";

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe("collaboration notices in the studio's language", () => {
  it("each runtime notice has collab_<key> in uk and en; en is the runtime's text", () => {
    for (const [key, english] of Object.entries(COLLAB_NOTICES)) {
      const entry = STUDIO_MESSAGES[`collab_${key}` as keyof typeof STUDIO_MESSAGES] as { uk: string; en: string } | undefined;
      expect(entry, key).toBeDefined();
      expect(entry!.en, key).toBe(english);
      expect(placeholders(entry!.uk), key).toEqual(placeholders(english));
    }
  });

  it("nested notices (a status, a reason) are translated too", () => {
    const notice = collabNotice("notPublished", { reason: collabNotice("approvalVoid", { who: "Олена", version: 3, reviewer: "Марта", reviewed: 2 }) });
    expect(noticeText("en", notice)).toBe(noticeEnglish(notice));
    expect(noticeText("uk", notice)).toBe("Не опубліковано: Олена зберіг(ла) чернетку після рецензії (версія 3): схвалення від Марта (версія 2) недійсне; попросіть рецензію нової версії");
    expect(noticeText("uk", collabNotice("alreadyDecided", { status: collabNotice("status_approved") }))).toBe("Цю рецензію вже завершено: схвалено");
    expect(noticeText("uk", { key: "fromANewerServer" })).toBeUndefined();
  });

  it("a refusal shows in the studio's language with its code; without a notice, the server's message", () => {
    const refusal = new DraftApiError(403, { code: "forbidden", message: COLLAB_NOTICES.selfApproval, details: { notice: collabNotice("selfApproval") } }, "en");
    expect(errorNotice("uk", refusal)).toEqual({ text: "Останні зміни в цій чернетці ваші: їх має рецензувати інший аналітик", code: "forbidden/selfApproval" });
    // Without a notice: the error's own text (the editor's API errors are translated by i18n/coded.ts) and its code.
    const other = new DraftApiError(500, { code: "internal", message: "Boom" }, "en");
    expect(errorNotice("en", other)).toEqual({ text: other.message, code: "internal" });
  });
});
