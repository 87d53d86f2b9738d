/** A document template's published versions, and a line diff between two of them or a version and the draft. */
import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import type { TemplateDiffLine } from "../../../runtime/templates/contract";
import { st } from "../studio/i18n/messages";
import { metaLang, useStudioT } from "../studio/i18n/useStudioT";
import { analystOf, errorResponse, intOf } from "../studio/server/http.server";
import designerCss from "../studio/templates/designer.css?url";
import { checkTemplateId, templateStore, versionsJson } from "../studio/templates/templates.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: designerCss }];
export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [{ title: `${st(metaLang(matches), "versionsOf", { id: data?.id ?? st(metaLang(matches), "template") })} · ${st(metaLang(matches), "studio")}` }];

export async function loader({ context, params, request }: LoaderFunctionArgs) {
  await analystOf(request, context);
  try {
    const id = checkTemplateId(params.templateId);
    const store = templateStore(context);
    const [versions, summary] = await Promise.all([store.versions(id).catch(() => []), store.list().then((all) => all.find((t) => t.id === id))]);
    const url = new URL(request.url);
    const last = versions[versions.length - 1]?.version;
    const toParam = url.searchParams.get("to");
    const hasDraft = summary?.draftRevision !== null && summary?.draftRevision !== undefined;
    const to: number | "draft" | undefined = toParam === "draft" ? "draft" : (intOf(toParam) ?? (hasDraft ? "draft" : last));
    const from = intOf(url.searchParams.get("from")) ?? (typeof to === "number" ? Math.max(1, to - 1) : last);
    let lines: TemplateDiffLine[] = [];
    if (from !== undefined && to !== undefined && from !== to) lines = await store.diff(id, from, to);
    return { id, title: summary?.title ?? { uk: id, en: id }, versions: versionsJson(versions), hasDraft, from: from ?? null, to: to ?? null, lines };
  } catch (error) {
    throw errorResponse(error);
  }
}

export default function TemplateVersions() {
  const { id, title, versions, hasDraft, from, to, lines } = useLoaderData<typeof loader>();
  const changed = lines.filter((l) => l.change !== "same").length;
  const { lang, t } = useStudioT();
  return (
    <div className="page">
      <p>
        <Link to="/studio/templates">{t("backToTemplates")}</Link> · <Link to={`/studio/templates/${id}`}>{t("openDesigner")}</Link>
      </p>
      <h1>{title[lang] || title.uk || title.en}</h1>
      <p>
        <code>{id}</code>
      </p>
      <h2>{t("versions")}</h2>
      {versions.length === 0 ? (
        <p>{t("notPublishedYet")}</p>
      ) : (
        <table className="list" data-testid="template-versions">
          <thead>
            <tr>
              <th scope="col">{t("colVersion")}</th>
              <th scope="col">{t("colPublished")}</th>
              <th scope="col">{t("colBy")}</th>
              <th scope="col">{t("colHash")}</th>
            </tr>
          </thead>
          <tbody>
            {versions.map((v) => (
              <tr key={v.version}>
                <td>{v.version}</td>
                <td>{v.publishedAt.slice(0, 19).replace("T", " ")}</td>
                <td>{v.publishedBy}</td>
                <td>
                  <code>{v.hash.slice(0, 12)}</code>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {versions.length > 0 && (versions.length > 1 || hasDraft) && (
        <>
          <h2>{t("whatChanged")}</h2>
          <Form method="get" className="diff-form">
            <label>
              {t("from")}{" "}
              <select name="from" defaultValue={from ?? undefined}>
                {versions.map((v) => (
                  <option key={v.version} value={v.version}>
                    {t("versionN", { n: v.version })}
                  </option>
                ))}
              </select>
            </label>{" "}
            <label>
              {t("to")}{" "}
              <select name="to" defaultValue={to ?? undefined}>
                {versions.map((v) => (
                  <option key={v.version} value={v.version}>
                    {t("versionN", { n: v.version })}
                  </option>
                ))}
                {hasDraft && <option value="draft">{t("theDraft")}</option>}
              </select>
            </label>{" "}
            <button type="submit">{t("compare")}</button>
          </Form>
          {from === to || lines.length === 0 ? (
            <p>{t("pickTwoVersions")}</p>
          ) : changed === 0 ? (
            <p data-testid="template-diff">{t("noDifferences")}</p>
          ) : (
            <pre className="code template-diff" data-testid="template-diff" tabIndex={0} role="region" aria-label={to === "draft" ? t("differencesToDraft", { from: String(from) }) : t("differences", { from: String(from), to: String(to) })}>
              {lines.map((l, i) => (
                <span key={i} className={`diff-${l.change}`}>
                  {l.change === "added" ? "+ " : l.change === "removed" ? "- " : "  "}
                  {l.text}
                  {"\n"}
                </span>
              ))}
            </pre>
          )}
        </>
      )}
    </div>
  );
}
