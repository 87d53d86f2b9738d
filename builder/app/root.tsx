/** The document and the shared layout: a header linking the three areas, then the route. */
import type { LinksFunction } from "@remix-run/node";
import { isRouteErrorResponse, Links, Meta, NavLink, Outlet, Scripts, ScrollRestoration, useRouteError } from "@remix-run/react";
import type { ReactNode } from "react";
import appCss from "./styles/app.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: appCss }];

export function Layout({ children }: { children: ReactNode }) {
  return (
    <html lang="uk">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        <a className="skip-link" href="#main">
          Перейти до змісту / Skip to content
        </a>
        <header className="site-header">
          <a className="site-title" href="/">
            civic-flow
          </a>
          <nav aria-label="Areas">
            <ul>
              <li>
                <NavLink to="/" end>
                  Послуги / Services
                </NavLink>
              </li>
              <li>
                <NavLink to="/office">Office</NavLink>
              </li>
              <li>
                <NavLink to="/studio">Studio</NavLink>
              </li>
            </ul>
          </nav>
        </header>
        <main id="main">{children}</main>
        <ScrollRestoration />
        <Scripts />
      </body>
    </html>
  );
}

export default function App() {
  return <Outlet />;
}

export function ErrorBoundary() {
  const error = useRouteError();
  const title = isRouteErrorResponse(error) ? `${error.status} ${error.statusText}` : "Something went wrong";
  const detail = isRouteErrorResponse(error) ? (typeof error.data === "string" ? error.data : null) : error instanceof Error ? error.message : null;
  return (
    <div className="page">
      <h1>{title}</h1>
      {detail && <p>{detail}</p>}
    </div>
  );
}
