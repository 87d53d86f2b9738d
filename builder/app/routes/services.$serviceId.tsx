/** A service's page: what it is, and "Start" (a POST that creates the application and opens its first step). */
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { readProtectedForm } from "../auth/form.server";
import { currentUser, requireCitizen } from "../auth/guards.server";
import { openApplicationOf, startApplication } from "../data/applications.server";
import { notFound } from "../data/errors.server";
import { catalogEntry } from "../data/services.server";
import { languageOf } from "../i18n/lang.server";
import { t } from "../i18n/messages";
import { CsrfField } from "../portal/CsrfField";
import { useLang } from "../portal/root-data";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.service.title ?? ""} · civic-flow` }];

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const service = await catalogEntry(context.runtime, params.serviceId ?? "", languageOf(request));
  if (!service) throw notFound();
  const user = await currentUser(request, context);
  const open = user?.kind === "citizen" ? await openApplicationOf(context.runtime, user, service.id) : null;
  return { service, signedIn: user?.kind === "citizen", open };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  const user = await requireCitizen(request, context);
  await readProtectedForm(request, context);
  const { applicationId } = await startApplication(context.runtime, user, params.serviceId ?? "", languageOf(request));
  return redirect(`/applications/${applicationId}`);
}

export default function ServicePage() {
  const { service, signedIn, open } = useLoaderData<typeof loader>();
  const lang = useLang();
  return (
    <div className="page narrow">
      <p className="muted small">{service.owner}</p>
      <h1>{service.title}</h1>
      <p className="lead">{service.description}</p>
      {open ? (
        <div className="panel">
          <p>{t(lang, "serviceOpenApplication")}</p>
          <Link className="button" to={`/applications/${open}`}>
            {t(lang, "serviceContinue")}
          </Link>
        </div>
      ) : signedIn ? (
        <Form method="post">
          <CsrfField />
          <button type="submit" className="button button-large">
            {t(lang, "serviceStart")}
          </button>
        </Form>
      ) : (
        <Link className="button button-large" to={`/signin?returnTo=${encodeURIComponent(`/services/${service.id}`)}`}>
          {t(lang, "serviceSignInToApply")}
        </Link>
      )}
    </div>
  );
}
