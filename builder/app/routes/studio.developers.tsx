/** For developers: the step handlers the runtime has (parameters, outcomes) and a service's generated TypeScript types. */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { useStudioT } from "../studio/i18n/useStudioT";
import { generateTypes } from "../studio/server/typegen.server";
import { studioCatalog } from "../studio/server/catalog.server";
import { analystOf } from "../studio/server/http.server";
import { listServices, versionDefinition } from "../studio/server/studio.server";

export async function loader({ context, request }: LoaderFunctionArgs) {
  await analystOf(request, context);
  const { runtime } = context;
  const catalog = studioCatalog(context);
  const services = await listServices(runtime);
  const chosen = new URL(request.url).searchParams.get("service") ?? services[0]?.id;
  let types = "";
  if (chosen && services.some((s) => s.id === chosen)) {
    const { definition } = await versionDefinition(runtime, chosen);
    types = await generateTypes(definition, catalog);
  }
  return { handlers: catalog.handlers, services: services.map((s) => ({ id: s.id, title: s.title })), chosen, types };
}

export default function Developers() {
  const { handlers, services, chosen, types } = useLoaderData<typeof loader>();
  const { t } = useStudioT();
  return (
    <div className="page page-wide">
      <h1>{t("developers")}</h1>
      <section aria-labelledby="handlers-heading">
        <h2 id="handlers-heading">{t("stepHandlers")}</h2>
        <p>
          {t("handlersIntro1")}
          <code>kind: task</code>
          {t("handlersIntro2")}
          <code>defineStepHandler</code>
          {t("handlersIntro3")}
        </p>
        <table className="list" data-testid="handlers">
          <thead>
            <tr>
              <th scope="col">{t("colHandler")}</th>
              <th scope="col">{t("colDescription")}</th>
              <th scope="col">{t("colParameters")}</th>
              <th scope="col">{t("colOutcomes")}</th>
            </tr>
          </thead>
          <tbody>
            {handlers.map((h) => (
              <tr key={`${h.type}@${h.version}`}>
                <td>
                  <code>{h.type}</code> v{h.version}
                  <br />
                  {h.title}
                </td>
                <td>{h.description}</td>
                <td>
                  <pre className="code">{JSON.stringify(h.params ?? {}, null, 2)}</pre>
                </td>
                <td>
                  {[...h.outcomes, "error", "timeout"].map((o) => (
                    <code key={o} className="chip">
                      {o}
                    </code>
                  ))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <section aria-labelledby="types-heading">
        <h2 id="types-heading">{t("generatedTypes")}</h2>
        <Form method="get">
          <label>
            {t("service")}{" "}
            <select name="service" defaultValue={chosen}>
              {services.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.title} ({s.id})
                </option>
              ))}
            </select>
          </label>{" "}
          <button type="submit">{t("showTypes")}</button>
        </Form>
        <p>
          {t("typesIntro1")}
          <code>ctx.application.data</code>
          {t("typesIntro2")}
        </p>
        <pre className="code" data-testid="types">
          {types}
        </pre>
      </section>
    </div>
  );
}
