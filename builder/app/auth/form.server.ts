/** Reads a POSTed form after checking its CSRF token (every form action goes through this). */
import type { AppLoadContext } from "@remix-run/node";
import { verifyCsrf } from "./csrf.server";
import { currentUser } from "./guards.server";
import type { User } from "./types";

const MAX_FORM_BYTES = 256 * 1024;

export async function readProtectedForm(request: Request, context: AppLoadContext): Promise<{ form: FormData; user: User | null }> {
  const length = Number(request.headers.get("content-length") ?? 0);
  if (length > MAX_FORM_BYTES) throw new Response("The form is too large.", { status: 413 });
  const form = await request.formData();
  const user = await currentUser(request, context);
  verifyCsrf(request, user, form);
  return { form, user };
}

export const formString = (form: FormData, name: string): string => {
  const value = form.get(name);
  return typeof value === "string" ? value : "";
};
