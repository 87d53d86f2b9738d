/** The shared header: the site name, the areas the user may use, the language switch, sign-in/out. */
import { Form, Link, NavLink, useLocation } from "@remix-run/react";
import { t } from "../i18n/messages";
import { CsrfField } from "./CsrfField";
import { useRootData } from "./root-data";

export function SiteHeader() {
  const { lang, user, unread } = useRootData();
  const location = useLocation();
  const here = location.pathname + location.search;
  const other = t(lang, "otherLanguageCode");
  const officer = user?.roles.some((r) => r.endsWith("-officer"));
  const analyst = user?.roles.some((r) => r === "analyst" || r === "admin");
  return (
    <header className="site-header">
      <div className="site-brand">
        <Link className="site-title" to="/">
          civic-flow
        </Link>
        <span className="site-tagline">{t(lang, "siteTagline")}</span>
      </div>
      <nav aria-label={t(lang, "navMain")}>
        <ul>
          <li>
            <NavLink to="/" end>
              {t(lang, "navServices")}
            </NavLink>
          </li>
          {user?.kind === "citizen" && (
            <>
              <li>
                <NavLink to="/applications">{t(lang, "navApplications")}</NavLink>
              </li>
              <li>
                <NavLink to="/documents">{t(lang, "navDocuments")}</NavLink>
              </li>
              <li>
                <NavLink to="/notifications">
                  {t(lang, "navNotifications")}
                  {unread > 0 && <span className="count"> ({t(lang, "unreadCount", { n: unread })})</span>}
                </NavLink>
              </li>
              <li>
                <NavLink to="/privacy">{t(lang, "navPrivacy")}</NavLink>
              </li>
            </>
          )}
          {officer && (
            <li>
              <NavLink to="/office">{t(lang, "navOffice")}</NavLink>
            </li>
          )}
          {user?.roles.includes("admin") && (
            <li>
              <NavLink to="/office/incidents">{t(lang, "incidentsTitle")}</NavLink>
            </li>
          )}
          {analyst && (
            <li>
              <NavLink to="/studio">{t(lang, "navStudio")}</NavLink>
            </li>
          )}
          <li>
            <NavLink to="/verify">{t(lang, "navVerify")}</NavLink>
          </li>
        </ul>
      </nav>
      <div className="site-tools">
        <Form method="post" action="/language" reloadDocument>
          <CsrfField />
          <input type="hidden" name="returnTo" value={here} />
          <button type="submit" name="lang" value={other} lang={other} className="link-button">
            {t(lang, "otherLanguageName")}
          </button>
        </Form>
        {user ? (
          <Form method="post" action="/signout" reloadDocument>
            <CsrfField />
            <span className="site-user">
              <span className="visually-hidden">{t(lang, "signedInAs")} </span>
              {user.name}
            </span>{" "}
            <button type="submit" className="link-button">
              {t(lang, "signOut")}
            </button>
          </Form>
        ) : (
          <Link to={`/signin?returnTo=${encodeURIComponent(here)}`}>{t(lang, "signIn")}</Link>
        )}
      </div>
    </header>
  );
}
