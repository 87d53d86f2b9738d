/** The identity provider's redirect back to the portal (resource route: a redirect either way). */
import { redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { completeSignIn } from "../auth/signin.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const result = await completeSignIn(request, context);
  if (result instanceof Response) return result;
  return redirect("/signin?failed=1");
}
