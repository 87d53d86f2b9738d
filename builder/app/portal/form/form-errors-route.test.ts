/**
 * The portal's beacon of form problems (routes/applications.$applicationId.form-errors.ts): the applicant's
 * session and CSRF token, their own application only, the runtime's refusals as statuses, counts in the view.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { AppLoadContext } from "@remix-run/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Runtime } from "../../../../runtime";
import { insightService } from "../../../../runtime/insight/fixtures";
import { applicantPseudonym } from "../../auth/secrets.server";
import { createSession, SESSION_COOKIE } from "../../auth/sessions.server";
import { action } from "../../routes/applications.$applicationId.form-errors";

let dir: string;
let runtime: Runtime;
let context: AppLoadContext;

async function citizen(taxId: string) {
  const { token, user } = await createSession(runtime, {
    kind: "citizen", subject: applicantPseudonym(taxId), profile: { taxId, firstName: "Олена", lastName: "Тест", birthDate: "1990-01-01", gender: "female", provider: "bankid" },
  });
  return { cookie: `${SESSION_COOKIE}=${token}`, csrf: user.csrfToken, applicantId: applicantPseudonym(taxId) };
}

async function post(applicationId: string, who: { cookie: string; csrf: string }, fields: Record<string, string>) {
  const request = new Request(`http://localhost/applications/${applicationId}/form-errors`, {
    method: "POST",
    headers: { cookie: who.cookie, "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ csrf: who.csrf, ...fields }),
  });
  try {
    return await action({ request, context, params: { applicationId } });
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "civic-form-errors-"));
  process.env.PORTAL_SECRET_FILE = join(dir, "portal-secret");
  runtime = await Runtime.create({ databaseUrl: `file:${join(dir, "t.db")}`, worker: false, documents: false, email: false });
  await runtime.publish(insightService(), "tests");
  context = { runtime } as unknown as AppLoadContext;
});
afterAll(async () => {
  await runtime?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("POST /applications/:id/form-errors", () => {
  it("counts the applicant's problems once; refuses others, bad fields and missing CSRF", async () => {
    const olena = await citizen("3012345678");
    const other = await citizen("2012345678");
    const { applicationId } = await runtime.start("insight-test", { id: olena.applicantId, taxId: "3012345678", firstName: "Олена", lastName: "Тест" } as never);
    const problems = JSON.stringify([{ field: "name", code: "required" }, { field: "address/postcode", code: "pattern" }]);

    expect((await post(applicationId, olena, { step: "apply", problems })).status).toBe(204);
    expect((await post(applicationId, olena, { step: "apply", problems })).status).toBe(204);
    expect(await runtime.database.prisma.insightFieldError.count()).toBe(2);

    expect((await post(applicationId, other, { step: "apply", problems })).status).toBe(404);
    expect((await post(applicationId, olena, { step: "apply", problems: JSON.stringify([{ field: "surname", code: "required" }]) })).status).toBe(422);
    expect((await post(applicationId, olena, { step: "lookup", problems })).status).toBe(422);
    expect((await post(applicationId, olena, { step: "apply", problems: "not json" })).status).toBe(400);
    expect((await post(applicationId, { ...olena, csrf: "wrong" }, { step: "apply", problems })).status).toBe(403);
    expect(await runtime.database.prisma.insightFieldError.count()).toBe(2);
  });
});
