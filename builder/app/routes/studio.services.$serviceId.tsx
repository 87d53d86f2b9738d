/** A published service: its immutable versions and a readable diff between two of them. */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { languageOf } from "../i18n/lang.server";
import { useStudioT } from "../studio/i18n/useStudioT";
import { semanticDiff } from "../studio/model/semantic-diff";
import { analystOf, errorResponse, intOf } from "../studio/server/http.server";
import { listServices, versionDefinition } from "../studio/server/studio.server";

export async function loader({ context, params, request }: LoaderFunctionArgs) {
  await analystOf(request, context);
  const service = (await listServices(context.runtime)).find((s) => s.id === params.serviceId);
  if (!service) throw new Response("No such service", { status: 404 });
  const url = new URL(request.url);
  const last = service.versions[service.versions.length - 1]?.number ?? 1;
  const to = intOf(url.searchParams.get("to")) ?? last;
  const from = intOf(url.searchParams.get("from")) ?? Math.max(1, to - 1);
  let changes: ReturnType<typeof semanticDiff> = [];
  if (from !== to) {
    try {
      const [a, b] = await Promise.all([versionDefinition(context.runtime, service.id, from), versionDefinition(context.runtime, service.id, to)]);
      changes = semanticDiff(a.definition, b.definition, languageOf(request));
    } catch (error) {
      throw errorResponse(error);
    }
  }
  const drafts = await context.runtime.drafts.list({ serviceId: service.id });
  return { service, from, to, changes, drafts: drafts.map((d) => ({ id: d.id, version: d.version, updatedBy: d.updatedBy })) };
}

export default function ServiceVersions() {
  const { service, from, to, changes, drafts } = useLoaderData<typeof loader>();
  const { t } = useStudioT();
  return (
    <div className="page">
      <p>
        <Link to="/studio">{t("backToServices")}</Link>
      </p>
      <h1>{service.title}</h1>
      <p>
        <Link to={`/studio/services/${service.id}/insight`} data-testid="insight-link">
          {t("ins_link")}
        </Link>
      </p>
      <p>
        <code>{service.id}</code>
        {drafts.length > 0 && (
          <>
            {" "}
            · {t("draftsOf")}{" "}
            {drafts.map((d) => (
              <Link key={d.id} to={`/studio/drafts/${d.id}`}>
                {t("draftBy", { version: d.version, by: d.updatedBy })}{" "}
              </Link>
            ))}
          </>
        )}
      </p>
      <h2>{t("versions")}</h2>
      <table className="list" data-testid="versions">
        <thead>
          <tr>
            <th scope="col">{t("colVersion")}</th>
            <th scope="col">{t("colPublished")}</th>
            <th scope="col">{t("colBy")}</th>
            <th scope="col">{t("colHash")}</th>
            <th scope="col">{t("colExport")}</th>
          </tr>
        </thead>
        <tbody>
          {service.versions.map((v) => (
            <tr key={v.number}>
              <td>{v.number}</td>
              <td>{v.publishedAt.slice(0, 19).replace("T", " ")}</td>
              <td>{v.publishedBy}</td>
              <td>
                <code>{v.hash.slice(0, 12)}</code>
              </td>
              <td>
                <a href={`/studio/api/services/${service.id}/${v.number}`} download>
                  YAML
                </a>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {service.versions.length > 1 && (
        <>
          <h2>{t("whatChanged")}</h2>
          <Form method="get" className="diff-form">
            <label>
              {t("from")}{" "}
              <select name="from" defaultValue={from}>
                {service.versions.map((v) => (
                  <option key={v.number}>{v.number}</option>
                ))}
              </select>
            </label>{" "}
            <label>
              {t("to")}{" "}
              <select name="to" defaultValue={to}>
                {service.versions.map((v) => (
                  <option key={v.number}>{v.number}</option>
                ))}
              </select>
            </label>{" "}
            <button type="submit">{t("compare")}</button>
          </Form>
          {changes.length === 0 ? (
            <p>{t("noDifferences")}</p>
          ) : (
            <ul className="changes" data-testid="diff">
              {changes.map((c, i) => (
                <li key={i} className={`change-${c.kind}`}>
                  <span className="change-kind">{t(c.kind === "added" ? "changeAdded" : c.kind === "removed" ? "changeRemoved" : "changeChanged")}</span> {c.text}
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </div>
  );
}
