/**
 * The stand-in identity provider's page (BankID / Diia.ID style): the person picks who they are among the
 * demo people of the population register and is sent back to the portal with a one-time code. It exists only
 * when the stand-in runs (context.standInIdentity, from the composition root): otherwise every /id/* is a 404.
 */
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { formString, readProtectedForm } from "../auth/form.server";
import { formatDate } from "../i18n/lang";
import { languageOf } from "../i18n/lang.server";
import { t } from "../i18n/messages";
import { CsrfField } from "../portal/CsrfField";
import { useLang } from "../portal/root-data";

const CALLBACK = "/signin/callback";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.providerName ?? "ID"} · civic-flow` }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const idp = context.standInIdentity;
  const provider = params.provider ?? "";
  if (!idp?.isProvider(provider)) throw new Response("Not found", { status: 404 });
  const url = new URL(request.url);
  const state = url.searchParams.get("state") ?? "";
  if (!/^[A-Za-z0-9_-]{16,64}$/.test(state) || url.searchParams.get("redirect_uri") !== CALLBACK) {
    throw new Response("Invalid authorization request", { status: 400 });
  }
  const q = (url.searchParams.get("q") ?? "").slice(0, 60);
  return { provider, providerName: idp.providers[provider][languageOf(request)], state, q, people: idp.listDemoPeople(q) };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const { form } = await readProtectedForm(request, context);
  const idp = context.standInIdentity;
  const provider = params.provider ?? "";
  const state = formString(form, "state");
  if (!idp?.isProvider(provider) || !/^[A-Za-z0-9_-]{16,64}$/.test(state)) throw new Response("Invalid authorization request", { status: 400 });
  const code = idp.authorize(provider, formString(form, "taxId"), state);
  if (!code) return { error: "choose" as const };
  return redirect(`${CALLBACK}?code=${encodeURIComponent(code)}&state=${encodeURIComponent(state)}`);
}

export default function IdentityProvider() {
  const { provider, providerName, state, q, people } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const lang = useLang();
  return (
    <div className={`page narrow idp idp-${provider}`}>
      <h1>{t(lang, "idpTitle", { provider: providerName })}</h1>
      <p className="idp-note">{t(lang, "idpDemoNote")}</p>
      <Form method="get" className="search-row" role="search">
        <input type="hidden" name="state" value={state} />
        <input type="hidden" name="redirect_uri" value={CALLBACK} />
        <label htmlFor="idp-q">{t(lang, "idpSearch")}</label>
        <div className="search-controls">
          <input id="idp-q" name="q" type="search" defaultValue={q} autoComplete="off" />
          <button type="submit" className="button button-secondary">
            {t(lang, "searchButton")}
          </button>
        </div>
      </Form>
      <Form method="post">
        <CsrfField />
        <input type="hidden" name="state" value={state} />
        {result?.error && (
          <p className="alert alert-error" role="alert" id="idp-error">
            {t(lang, "idpChoose")}
          </p>
        )}
        <fieldset className="people" aria-describedby={result?.error ? "idp-error" : undefined}>
          <legend>{t(lang, "idpPeople")}</legend>
          {people.map((person) => (
            <div className="choice" key={person.taxId}>
              <input type="radio" name="taxId" id={`p-${person.taxId}`} value={person.taxId} required />
              <label htmlFor={`p-${person.taxId}`}>
                <span className="choice-title" translate="no">
                  {person.name}
                </span>{" "}
                <span className="muted">
                  {t(lang, "idpBorn")} {formatDate(person.birthDate, lang)} · {t(lang, "idpTaxId")} {person.taxId} ·{" "}
                  {/* The demo register's tags, as it names them (English). */}
                  <span lang="en">{person.tags.join(", ")}</span>
                </span>
              </label>
            </div>
          ))}
        </fieldset>
        <div className="actions">
          <button type="submit" className="button">
            {t(lang, "idpConfirm")}
          </button>
          <Link to="/signin?failed=1">{t(lang, "idpCancel")}</Link>
        </div>
      </Form>
    </div>
  );
}
