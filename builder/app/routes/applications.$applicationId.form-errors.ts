/**
 * The portal's beacon of validation problems a form showed (builder/app/portal/form/report-problems.ts): the
 * field's path and JSON-Schema keyword only, counted once per application by runtime.insight for the service's
 * dashboard. The applicant's (or an invited party's) own applications only; answers 204, or the runtime's error.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { requireCitizen } from "../auth/guards.server";
import { formString, readProtectedForm } from "../auth/form.server";
import { accessTo } from "../data/applications.server";
import { runtimeErrorCode, statusOf } from "../data/errors.server";

/** Only POST is meant; a GET still checks who asks first (sign-in, then the application's access), like every route. */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const user = await requireCitizen(request, context);
  await accessTo(context.runtime, user, params.applicationId ?? "");
  return new Response("POST the form's problems here", { status: 405, headers: { allow: "POST" } });
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const user = await requireCitizen(request, context);
  const { form } = await readProtectedForm(request, context);
  const id = params.applicationId ?? "";
  await accessTo(context.runtime, user, id); // someone else's application: not found
  let problems: unknown;
  try {
    problems = JSON.parse(formString(form, "problems"));
  } catch {
    return new Response("problems must be a JSON list of { field, code }", { status: 400 });
  }
  if (!Array.isArray(problems)) return new Response("problems must be a JSON list of { field, code }", { status: 400 });
  try {
    await context.runtime.insight.recordFieldErrors(id, formString(form, "step"), problems);
  } catch (error) {
    const code = runtimeErrorCode(error);
    if (!code) throw error;
    return new Response((error as Error).message, { status: statusOf(code) });
  }
  return new Response(null, { status: 204 });
}
