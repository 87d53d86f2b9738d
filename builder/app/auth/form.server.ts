/** Reads a POSTed form after checking its CSRF token (every form action goes through this). */
import type { AppLoadContext } from "@remix-run/node";
import { verifyCsrf } from "./csrf.server";
import { currentUser } from "./guards.server";
import type { User } from "./types";

/** The same limit is enforced while the body arrives (builder/server/body-limit.ts); this check also covers calls outside that server. */
export const MAX_FORM_BYTES = 256 * 1024;
const FORM_TYPES = /^(application\/x-www-form-urlencoded|multipart\/form-data)\b/i;

export async function readProtectedForm(request: Request, context: AppLoadContext): Promise<{ form: FormData; user: User | null }> {
  const length = Number(request.headers.get("content-length") ?? 0);
  if (length > MAX_FORM_BYTES) throw new Response("The form is too large.", { status: 413 });
  if (!FORM_TYPES.test(request.headers.get("content-type") ?? "")) throw new Response("Send the form as a form (application/x-www-form-urlencoded or multipart/form-data).", { status: 415 });
  let form: FormData;
  try {
    form = await request.formData();
  } catch {
    throw new Response("The form could not be read.", { status: 400 });
  }
  const user = await currentUser(request, context);
  verifyCsrf(request, user, form);
  return { form, user };
}

export const formString = (form: FormData, name: string): string => {
  const value = form.get(name);
  return typeof value === "string" ? value : "";
};
