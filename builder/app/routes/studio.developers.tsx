/** For developers: the step handlers the runtime has (parameters, outcomes) and a service's generated TypeScript types. */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
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
  return (
    <div className="page page-wide">
      <h1>Developers</h1>
      <section aria-labelledby="handlers-heading">
        <h2 id="handlers-heading">Step handlers</h2>
        <p>
          Custom steps (<code>kind: task</code>) run these handlers. Write your own with <code>defineStepHandler</code> (see docs/handlers.md).
        </p>
        <table className="list" data-testid="handlers">
          <thead>
            <tr>
              <th scope="col">Handler</th>
              <th scope="col">Description</th>
              <th scope="col">Parameters (JSON Schema)</th>
              <th scope="col">Outcomes</th>
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
        <h2 id="types-heading">Generated types</h2>
        <Form method="get">
          <label>
            Service{" "}
            <select name="service" defaultValue={chosen}>
              {services.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.title} ({s.id})
                </option>
              ))}
            </select>
          </label>{" "}
          <button type="submit">Show types</button>
        </Form>
        <p>What a handler's <code>ctx.application.data</code> holds for the latest published version.</p>
        <pre className="code" data-testid="types">
          {types}
        </pre>
      </section>
    </div>
  );
}
