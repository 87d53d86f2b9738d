/** Sign-out (POST with the CSRF token): the session row is deleted and the cookie cleared. */
import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { readProtectedForm } from "../auth/form.server";
import { signOut } from "../auth/signin.server";

export const loader = () => redirect("/");

export async function action({ request, context }: ActionFunctionArgs) {
  await readProtectedForm(request, context);
  return signOut(request, context);
}
