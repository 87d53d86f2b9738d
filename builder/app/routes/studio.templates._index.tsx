/** Document templates in the studio: every template with its newest version and draft, and a new one by id. */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { formString, readProtectedForm } from "../auth/form.server";
import { CsrfField } from "../portal/CsrfField";
import { st } from "../studio/i18n/messages";
import { metaLang, useStudioT } from "../studio/i18n/useStudioT";
import { analystOf, errorResponse } from "../studio/server/http.server";
import { TEMPLATE_ID, templateStore } from "../studio/templates/templates.server";

export const meta: MetaFunction = ({ matches }) => [{ title: `${st(metaLang(matches), "documentTemplates")} · ${st(metaLang(matches), "studio")}` }];

export async function loader({ context, request }: LoaderFunctionArgs) {
  await analystOf(request, context);
  try {
    const templates = await templateStore(context).list();
    return { templates: templates.map((t) => ({ ...t, updatedAt: String((t.updatedAt as unknown) instanceof Date ? (t.updatedAt as unknown as Date).toISOString() : t.updatedAt) })) };
  } catch (error) {
    throw errorResponse(error);
  }
}

export async function action({ context, request }: ActionFunctionArgs) {
  await analystOf(request, context);
  const { form } = await readProtectedForm(request, context);
  const id = formString(form, "id").trim();
  if (!TEMPLATE_ID.test(id)) return Response.json({ error: "A template id has small Latin letters, digits and dashes, and starts with a letter (parking-permit)" }, { status: 422 });
  return redirect(`/studio/templates/${id}`);
}

export default function TemplateList() {
  const { templates } = useLoaderData<typeof loader>();
  const actionData = useActionData<{ error?: string }>();
  const { lang, t } = useStudioT();
  return (
    <div className="page studio-home">
      <h1>{t("documentTemplates")}</h1>
      <p className="muted">{t("templatesIntro")}</p>
      <section aria-labelledby="new-template-heading">
        <h2 id="new-template-heading">{t("newTemplate")}</h2>
        {actionData?.error && (
          <p role="alert" className="error-text">
            {actionData.error}
          </p>
        )}
        <Form method="post">
          <CsrfField />
          <label>
            {t("newTemplateId")} <input name="id" placeholder="parking-permit" pattern="[a-z][a-z0-9\-]*" required />
          </label>{" "}
          <button type="submit">{t("newTemplate")}</button>
        </Form>
      </section>
      <section aria-labelledby="templates-heading">
        <h2 id="templates-heading">{t("templates")}</h2>
        <table className="list" data-testid="templates">
          <thead>
            <tr>
              <th scope="col">{t("colTemplate")}</th>
              <th scope="col">{t("colId")}</th>
              <th scope="col">{t("colNewestVersion")}</th>
              <th scope="col">{t("colDraft")}</th>
              <th scope="col">{t("colHistory")}</th>
            </tr>
          </thead>
          <tbody>
            {templates.map((tpl) => (
              <tr key={tpl.id}>
                <td>
                  <Link to={`/studio/templates/${tpl.id}`}>{tpl.title[lang] || tpl.title.uk || tpl.title.en || tpl.id}</Link>
                </td>
                <td>
                  <code>{tpl.id}</code>
                </td>
                <td>{tpl.latestVersion === null ? t("notPublished") : t("versionN", { n: tpl.latestVersion })}</td>
                <td>{tpl.draftRevision === null ? "—" : t("draftRevision", { n: tpl.draftRevision, by: tpl.updatedBy, when: tpl.updatedAt.slice(0, 16).replace("T", " ") })}</td>
                <td>{tpl.latestVersion !== null && <Link to={`/studio/templates/${tpl.id}/versions`}>{t("versions")}</Link>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </div>
  );
}
