/** The editor for one draft. The editor itself (React Flow, Monaco) loads in the browser only, from its own chunk. */
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useRootData } from "../portal/root-data";
import { Suspense, lazy, useEffect, useState } from "react";
import { st } from "../studio/i18n/messages";
import { metaLang, useStudioT } from "../studio/i18n/useStudioT";
import { studioCatalog } from "../studio/server/catalog.server";
import { analystOf, errorResponse } from "../studio/server/http.server";
import { listServices } from "../studio/server/studio.server";

const Editor = lazy(() => import("../studio/editor/Editor"));

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [{ title: `${data?.draft.title ?? st(metaLang(matches), "draft")} · ${st(metaLang(matches), "studio")}` }];

export async function loader({ context, params, request }: LoaderFunctionArgs) {
  const { runtime } = context;
  const analyst = await analystOf(request, context);
  let draft: Awaited<ReturnType<typeof runtime.drafts.get>>;
  try {
    draft = await runtime.drafts.get(params.draftId!);
  } catch (error) {
    throw errorResponse(error);
  }
  const service = draft.serviceId ? (await listServices(runtime)).find((s) => s.id === draft.serviceId) : undefined;
  return {
    draft: { ...draft, createdAt: draft.createdAt.toISOString(), updatedAt: draft.updatedAt.toISOString() },
    catalog: studioCatalog(context),
    analyst,
    versions: (service?.versions ?? []).map((v) => ({ number: v.number, publishedAt: v.publishedAt })),
  };
}

export default function DraftEditor() {
  const data = useLoaderData<typeof loader>();
  const { csrf } = useRootData();
  const [client, setClient] = useState(false);
  useEffect(() => setClient(true), []);
  const { t } = useStudioT();
  const loading = <p className="page">{t("loading")}</p>;
  return client ? (
    <Suspense fallback={loading}>
      <Editor key={data.draft.id} draft={data.draft} catalog={data.catalog} analyst={data.analyst} versions={data.versions} csrf={csrf} />
    </Suspense>
  ) : (
    loading
  );
}
