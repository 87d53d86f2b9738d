/** The document and the shared layout: a header linking the areas, then the route. */
import { data, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { isRouteErrorResponse, Links, Meta, Outlet, Scripts, ScrollRestoration, useRouteError } from "@remix-run/react";
import type { ReactNode } from "react";
import { csrfTokenFor } from "./auth/csrf.server";
import { currentUser } from "./auth/guards.server";
import { summarize } from "./auth/types";
import { unreadCount } from "./data/notifications.server";
import { languageOf } from "./i18n/lang.server";
import { useNonce } from "./nonce";
import { t } from "./i18n/messages";
import { langOf } from "./i18n/meta";
import { THEME_COLOR } from "./offline/app-manifest";
import { useOfflineDocuments } from "./offline/client";
import { MANIFEST_PATH } from "./offline/policy";
import { useRootData, type RootData } from "./portal/root-data";
import { SiteHeader } from "./portal/SiteHeader";
import appCss from "./styles/app.css?url";
import portalCss from "./styles/portal.css?url";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: appCss },
  { rel: "stylesheet", href: portalCss },
  // Installable (documents offline: builder/app/offline).
  { rel: "manifest", href: MANIFEST_PATH },
  { rel: "apple-touch-icon", href: "/icons/icon-192.png" },
];

/** A title for every page, error pages included (routes give their own). */
export const meta: MetaFunction = ({ error, matches }) => [
  { title: error ? `${t(langOf(matches), isRouteErrorResponse(error) && error.status === 404 ? "notFoundTitle" : "errorTitle")} · civic-flow` : "civic-flow" },
];

/** Language, who is signed in, and the CSRF token for the page's forms (portal/root-data.ts). */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await currentUser(request, context);
  const csrf = csrfTokenFor(request, user);
  const unread = user?.kind === "citizen" ? await unreadCount(context.runtime, user) : 0;
  const body: RootData = { lang: languageOf(request), user: summarize(user), csrf: csrf.token, unread };
  return data(body, csrf.setCookie ? { headers: { "Set-Cookie": csrf.setCookie } } : undefined);
}

export function Layout({ children }: { children: ReactNode }) {
  const { lang } = useRootData();
  const nonce = useNonce();
  return (
    <html lang={lang}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="theme-color" content={THEME_COLOR} />
        <Meta />
        <Links />
      </head>
      <body>
        <a className="skip-link" href="#main">
          {t(lang, "skipToContent")}
        </a>
        <SiteHeader />
        <main id="main">{children}</main>
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  useOfflineDocuments(useRootData().user?.kind === "citizen");
  return <Outlet />;
}

export function ErrorBoundary() {
  const error = useRouteError();
  const { lang } = useRootData();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const title = status === 404 ? t(lang, "notFoundTitle") : status === 403 ? t(lang, "forbiddenTitle") : t(lang, "errorTitle");
  // In the reader's language by status: the servers' own reasons (error.data) are English, for logs and the API.
  const detail =
    status === 404
      ? t(lang, "notFoundText")
      : status === 403
        ? t(lang, "forbiddenText")
        : status === 413
          ? t(lang, "tooLargeText")
          : status >= 400 && status < 500
            ? t(lang, "badRequestText")
            : import.meta.env.DEV && error instanceof Error
              ? error.message
              : null;
  return (
    <div className="page">
      <h1>{title}</h1>
      {detail && <p>{detail}</p>}
    </div>
  );
}
