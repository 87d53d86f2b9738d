/** The language switch (POST): remembers the choice in a cookie and returns to the page. */
import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { formString, readProtectedForm } from "../auth/form.server";
import { safeReturnTo } from "../auth/guards.server";
import { isLang } from "../i18n/lang";
import { languageCookie } from "../i18n/lang.server";

export const loader = () => redirect("/");

export async function action({ request, context }: ActionFunctionArgs) {
  const { form } = await readProtectedForm(request, context);
  const lang = formString(form, "lang");
  if (!isLang(lang)) throw new Response("Unknown language", { status: 400 });
  return redirect(safeReturnTo(formString(form, "returnTo")), { headers: { "Set-Cookie": languageCookie(request, lang) } });
}
