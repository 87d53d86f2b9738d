/** Document templates in the studio: every template with its newest version and draft, and a new one by id. */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { formString, readProtectedForm } from "../auth/form.server";
import { CsrfField } from "../portal/CsrfField";
import { analystOf, errorResponse } from "../studio/server/http.server";
import { TEMPLATE_ID, templateStore } from "../studio/templates/templates.server";

export const meta: MetaFunction = () => [{ title: "Document templates · Studio" }];

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
  return (
    <div className="page studio-home">
      <h1>Document templates</h1>
      <p className="muted">What a service's document step prints and signs. Design one here, publish it, then pick it in a service's document step.</p>
      <section aria-labelledby="new-template-heading">
        <h2 id="new-template-heading">New template</h2>
        {actionData?.error && (
          <p role="alert" className="error-text">
            {actionData.error}
          </p>
        )}
        <Form method="post">
          <CsrfField />
          <label>
            New template id <input name="id" placeholder="parking-permit" pattern="[a-z][a-z0-9\-]*" required />
          </label>{" "}
          <button type="submit">New template</button>
        </Form>
      </section>
      <section aria-labelledby="templates-heading">
        <h2 id="templates-heading">Templates</h2>
        <table className="list" data-testid="templates">
          <thead>
            <tr>
              <th scope="col">Template</th>
              <th scope="col">Id</th>
              <th scope="col">Newest version</th>
              <th scope="col">Draft</th>
              <th scope="col">History</th>
            </tr>
          </thead>
          <tbody>
            {templates.map((t) => (
              <tr key={t.id}>
                <td>
                  <Link to={`/studio/templates/${t.id}`}>{t.title.en || t.title.uk || t.id}</Link>
                  {t.title.uk && t.title.en ? <span className="muted"> · {t.title.uk}</span> : null}
                </td>
                <td>
                  <code>{t.id}</code>
                </td>
                <td>{t.latestVersion === null ? "not published" : `version ${t.latestVersion}`}</td>
                <td>{t.draftRevision === null ? "—" : `draft (revision ${t.draftRevision}) by ${t.updatedBy}, ${t.updatedAt.slice(0, 16).replace("T", " ")}`}</td>
                <td>{t.latestVersion !== null && <Link to={`/studio/templates/${t.id}/versions`}>Versions</Link>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </div>
  );
}
