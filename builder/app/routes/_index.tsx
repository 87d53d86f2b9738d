/** Placeholder for the citizens' portal (issue 6 replaces this route with the catalog). */
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";

export const meta: MetaFunction = () => [{ title: "civic-flow" }];

export async function loader({ context }: LoaderFunctionArgs) {
  const services = await context.runtime.database.prisma.service.findMany({ orderBy: { id: "asc" } });
  return { services: services.map((s) => ({ id: s.id, title: s.title })) };
}

export default function Index() {
  const { services } = useLoaderData<typeof loader>();
  return (
    <div className="page">
      <h1>Публічні послуги / Public services</h1>
      <ul data-testid="catalog">
        {services.map((s) => (
          <li key={s.id}>
            {s.title} <code>{s.id}</code>
          </li>
        ))}
      </ul>
      <p>
        Analysts build services in the <Link to="/studio">studio</Link>.
      </p>
    </div>
  );
}
