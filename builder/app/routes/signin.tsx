/** Sign-in for citizens: choose the identity provider (stand-ins of BankID and Diia.ID). */
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { readProtectedForm, formString } from "../auth/form.server";
import { currentUser, safeReturnTo } from "../auth/guards.server";
import { enabledProviders, isProvider, providerName } from "../auth/identity.server";
import { beginSignIn } from "../auth/signin.server";
import { languageOf } from "../i18n/lang.server";
import { t } from "../i18n/messages";
import { titleMeta } from "../i18n/meta";
import { CsrfField } from "../portal/CsrfField";
import { useLang } from "../portal/root-data";

export const meta: MetaFunction = ({ matches }) => titleMeta(matches, "signInTitle");

export async function loader({ request, context }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const returnTo = safeReturnTo(url.searchParams.get("returnTo"));
  const user = await currentUser(request, context);
  if (user?.kind === "citizen") throw redirect(returnTo);
  const lang = languageOf(request);
  return { returnTo, failed: url.searchParams.has("failed"), providers: enabledProviders(context).map((id) => ({ id, name: providerName(context, id, lang) })) };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { form } = await readProtectedForm(request, context);
  const provider = formString(form, "provider");
  if (!isProvider(context, provider)) throw new Response("Unknown identity provider", { status: 400 });
  return beginSignIn(request, provider, formString(form, "returnTo"));
}

export default function SignIn() {
  const { returnTo, failed, providers } = useLoaderData<typeof loader>();
  const lang = useLang();
  return (
    <div className="page narrow">
      <h1>{t(lang, "signInTitle")}</h1>
      {failed && (
        <p className="alert alert-error" role="alert">
          {t(lang, "signInFailed")}
        </p>
      )}
      <p>{t(lang, providers.length ? "signInIntro" : "signInNoProvider")}</p>
      <Form method="post" className="stack">
        <CsrfField />
        <input type="hidden" name="returnTo" value={returnTo} />
        {providers.map((p) => (
          <button key={p.id} type="submit" name="provider" value={p.id} className="button button-large">
            {t(lang, "signInWith", { provider: p.name })}
          </button>
        ))}
      </Form>
      <p className="muted">
        <Link to={`/staff/signin?returnTo=${encodeURIComponent(returnTo)}`}>{t(lang, "staffSignInLink")}</Link>
      </p>
    </div>
  );
}
