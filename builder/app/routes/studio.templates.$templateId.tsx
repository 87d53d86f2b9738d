/** The template designer for one document template (a new id starts a blank draft). */
import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useRootData } from "../portal/root-data";
import { st } from "../studio/i18n/messages";
import { metaLang } from "../studio/i18n/useStudioT";
import { analystOf, errorResponse } from "../studio/server/http.server";
import designerCss from "../studio/templates/designer.css?url";
import { TemplateDesigner } from "../studio/templates/TemplateDesigner";
import { checkTemplateId, draftJson, templateStore, versionsJson } from "../studio/templates/templates.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: designerCss }];
export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  const lang = metaLang(matches);
  return [{ title: `${data?.templateId ?? st(lang, "template")} · ${st(lang, "templateDesigner")} · ${st(lang, "studio")}` }];
};

export async function loader({ context, params, request }: LoaderFunctionArgs) {
  const by = await analystOf(request, context);
  try {
    const id = checkTemplateId(params.templateId);
    const store = templateStore(context);
    const [draft, versions] = await Promise.all([store.draft(id, by), store.versions(id).catch(() => [])]);
    return { templateId: id, draft: draftJson(draft), versions: versionsJson(versions) };
  } catch (error) {
    throw errorResponse(error);
  }
}

export default function TemplateDesignerPage() {
  const { templateId, draft, versions } = useLoaderData<typeof loader>();
  const { csrf } = useRootData();
  return <TemplateDesigner key={templateId} templateId={templateId} draft={draft as never} versions={versions} csrf={csrf} />;
}
