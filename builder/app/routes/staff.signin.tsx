/** Sign-in for officers, analysts and administrators (accounts with scrypt-hashed passwords). */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { checkCredentials } from "../auth/accounts.server";
import { formString, readProtectedForm } from "../auth/form.server";
import { safeReturnTo } from "../auth/guards.server";
import { openStaffSession } from "../auth/signin.server";
import { t } from "../i18n/messages";
import { titleMeta } from "../i18n/meta";
import { CsrfField } from "../portal/CsrfField";
import { useLang } from "../portal/root-data";

export const meta: MetaFunction = ({ matches }) => titleMeta(matches, "staffSignInTitle");

export async function loader({ request }: LoaderFunctionArgs) {
  return { returnTo: safeReturnTo(new URL(request.url).searchParams.get("returnTo"), "") };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { form } = await readProtectedForm(request, context);
  const username = formString(form, "username").slice(0, 100);
  const result = await checkCredentials(context.runtime, username, formString(form, "password").slice(0, 200), context.clientAddress);
  if (!result.ok) return { error: result.reason, username };
  return openStaffSession(request, context, result.accountId, result.profile, formString(form, "returnTo"));
}

export default function StaffSignIn() {
  const { returnTo } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const lang = useLang();
  return (
    <div className="page narrow">
      <h1>{t(lang, "staffSignInTitle")}</h1>
      {result?.error && (
        <p className="alert alert-error" role="alert">
          {t(lang, result.error === "locked" ? "lockedOut" : "badCredentials")}
        </p>
      )}
      <Form method="post" className="stack">
        <CsrfField />
        <input type="hidden" name="returnTo" value={returnTo} />
        <div className="field">
          <label htmlFor="username">{t(lang, "username")}</label>
          <input id="username" name="username" autoComplete="username" required defaultValue={result?.username ?? ""} />
        </div>
        <div className="field">
          <label htmlFor="password">{t(lang, "password")}</label>
          <input id="password" name="password" type="password" autoComplete="current-password" required />
        </div>
        <div className="actions">
          <button type="submit" className="button">
            {t(lang, "signIn")}
          </button>
        </div>
      </Form>
    </div>
  );
}
