/**
 * Sign-out (POST with the CSRF token): the session row is deleted and the cookie cleared, and the browser told to
 * drop this site's caches and storage (Clear-Site-Data), the service worker's offline documents with them (the
 * page also asks the worker to clear them: offline/client.ts).
 */
import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { readProtectedForm } from "../auth/form.server";
import { signOut } from "../auth/signin.server";

export const loader = () => redirect("/");

export async function action({ request, context }: ActionFunctionArgs) {
  await readProtectedForm(request, context);
  const response = await signOut(request, context);
  response.headers.set("Clear-Site-Data", '"cache", "storage"');
  return response;
}
