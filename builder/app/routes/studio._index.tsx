/** The studio's home: drafts in progress, published services with their versions, and ways to start a new one. */
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { readProtectedForm } from "../auth/form.server";
import { CsrfField } from "../portal/CsrfField";
import { languageOf } from "../i18n/lang.server";
import { apiErrorText, type ApiErrorBody } from "../studio/i18n/coded";
import { useStudioT } from "../studio/i18n/useStudioT";
import { analystAccount, analystOf, errorResponse, intOf } from "../studio/server/http.server";
import { createDraft, listExamples, listServices, type NewDraftSource } from "../studio/server/studio.server";

export async function loader({ context, request }: LoaderFunctionArgs) {
  const { runtime } = context;
  const analyst = await analystOf(request, context);
  const [services, drafts] = await Promise.all([listServices(runtime), runtime.drafts.list()]);
  return {
    analyst,
    services,
    drafts: drafts.map((d) => ({ ...d, createdAt: d.createdAt.toISOString(), updatedAt: d.updatedAt.toISOString() })),
    examples: listExamples(context),
  };
}

export async function action({ context, request }: ActionFunctionArgs) {
  const { name: by, id: byId } = await analystAccount(request, context);
  const { form } = await readProtectedForm(request, context);
  const intent = String(form.get("intent"));
  let source: NewDraftSource;
  if (intent === "blank") source = { from: "blank", id: String(form.get("id") ?? "") };
  else if (intent === "example") source = { from: "example", id: String(form.get("example") ?? "") };
  else if (intent === "version") source = { from: "version", serviceId: String(form.get("serviceId")), number: intOf(form.get("number")) ?? 0 };
  else if (intent === "import") {
    const file = form.get("file");
    const text = typeof file === "string" ? file : file ? await file.text() : "";
    source = { from: "import", text };
  } else return Response.json({ error: "Unknown action" }, { status: 400 });
  try {
    const draft = await createDraft(context, source, by, byId);
    return redirect(`/studio/drafts/${draft.id}`);
  } catch (error) {
    // Said in the analyst's language (an empty import, an example or version that is not there); the code stays.
    const response = errorResponse(error);
    const { error: body } = (await response.json()) as { error: ApiErrorBody };
    return Response.json({ error: apiErrorText(languageOf(request), response.status, body), code: body.code }, { status: response.status });
  }
}

export default function StudioHome() {
  const { analyst, services, drafts, examples } = useLoaderData<typeof loader>();
  const actionData = useActionData<{ error?: string }>();
  const busy = useNavigation().state !== "idle";
  const { t } = useStudioT();
  return (
    <div className="page studio-home">
      <h1>{t("studio")}</h1>
      <p className="analyst-form">{t("signedInAs", { name: analyst })}</p>
      {actionData?.error && (
        <p role="alert" className="error-text">
          {actionData.error}
        </p>
      )}

      <section aria-labelledby="new-heading">
        <h2 id="new-heading">{t("newService")}</h2>
        <div className="new-service">
          <Form method="post">
            <CsrfField />
            <input type="hidden" name="intent" value="blank" />
            <label>
              {t("newServiceId")} <input name="id" placeholder="my-service" pattern="[a-z][a-z0-9\-]*" />
            </label>{" "}
            <button type="submit" disabled={busy}>
              {t("blankService")}
            </button>
          </Form>
          <Form method="post">
            <CsrfField />
            <input type="hidden" name="intent" value="example" />
            <label>
              {t("fromExample")}{" "}
              <select name="example">
                {examples.map((e) => (
                  <option key={e.id} value={e.id}>
                    {e.id}
                  </option>
                ))}
              </select>
            </label>{" "}
            <button type="submit" disabled={busy}>
              {t("openExample")}
            </button>
          </Form>
          <Form method="post" encType="multipart/form-data">
            <CsrfField />
            <input type="hidden" name="intent" value="import" />
            <label>
              {t("importYaml")} <input type="file" name="file" accept=".yaml,.yml,.json,text/yaml" required />
            </label>{" "}
            <button type="submit" disabled={busy}>
              {t("import")}
            </button>
          </Form>
        </div>
      </section>

      <section aria-labelledby="drafts-heading">
        <h2 id="drafts-heading">{t("drafts")}</h2>
        {drafts.length === 0 ? (
          <p>{t("noDrafts")}</p>
        ) : (
          <table className="list">
            <thead>
              <tr>
                <th scope="col">{t("colService")}</th>
                <th scope="col">{t("colId")}</th>
                <th scope="col">{t("colSaved")}</th>
                <th scope="col">{t("colBasedOn")}</th>
                <th scope="col">{t("colExport")}</th>
              </tr>
            </thead>
            <tbody>
              {drafts.map((d) => (
                <tr key={d.id}>
                  <td>
                    <Link to={`/studio/drafts/${d.id}`}>{d.title}</Link>
                  </td>
                  <td>
                    <code>{d.serviceId || "—"}</code>
                  </td>
                  <td>
                    {t("savedBy", { version: d.version, by: d.updatedBy })} <time dateTime={d.updatedAt}>{d.updatedAt.slice(0, 16).replace("T", " ")}</time>
                  </td>
                  <td>{d.basedOn ? t("versionN", { n: d.basedOn }) : "—"}</td>
                  <td>
                    <a href={`/studio/api/drafts/${d.id}?format=yaml`} download>
                      YAML
                    </a>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <section aria-labelledby="published-heading">
        <h2 id="published-heading">{t("publishedServices")}</h2>
        <table className="list" data-testid="published-services">
          <thead>
            <tr>
              <th scope="col">{t("colService")}</th>
              <th scope="col">{t("colId")}</th>
              <th scope="col">{t("colLatest")}</th>
              <th scope="col">{t("colActions")}</th>
            </tr>
          </thead>
          <tbody>
            {services.map((s) => {
              const latest = s.versions[s.versions.length - 1];
              return (
                <tr key={s.id}>
                  <td>
                    <Link to={`/studio/services/${s.id}`}>{s.title}</Link>
                  </td>
                  <td>
                    <code>{s.id}</code>
                  </td>
                  <td>{latest ? t("versionOn", { n: latest.number, date: latest.publishedAt.slice(0, 10) }) : "—"}</td>
                  <td className="actions">
                    {latest && (
                      <Form method="post">
                        <CsrfField />
                        <input type="hidden" name="intent" value="version" />
                        <input type="hidden" name="serviceId" value={s.id} />
                        <input type="hidden" name="number" value={latest.number} />
                        <button type="submit" disabled={busy}>
                          {t("editAsDraft")}
                        </button>
                      </Form>
                    )}
                    {latest && (
                      <a href={`/studio/api/services/${s.id}/${latest.number}`} download>
                        YAML
                      </a>
                    )}
                    {latest && (
                      <Link to={`/studio/services/${s.id}/insight`}>
                        {t("ins_link")}
                        <span className="sr-only">: {s.title}</span>
                      </Link>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </section>
    </div>
  );
}
