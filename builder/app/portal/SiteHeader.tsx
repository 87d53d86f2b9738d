/**
 * The shared header: the site name, the areas the user may use, the language switch, sign-in/out.
 *
 * One markup for every width. The links and the account sit in a <details> menu: on a phone (≤ 600 px) its
 * <summary> is the menu button (the browser exposes it as a button with its expanded state, opens it with Enter
 * or Space, and it works without JavaScript); wider, the summary is hidden and the menu's content is shown in the
 * header's row (portal.css). Scripts only add comforts: Escape and a click elsewhere close it, and so does
 * following one of its links (the header stays while the page changes).
 */
import { Form, Link, NavLink, useLocation } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { t, tn } from "../i18n/messages";
import { CsrfField } from "./CsrfField";
import { useRootData } from "./root-data";

export function SiteHeader() {
  const { lang, user, unread } = useRootData();
  const location = useLocation();
  const here = location.pathname + location.search;
  const other = t(lang, "otherLanguageCode");
  const officer = user?.roles.some((r) => r.endsWith("-officer"));
  const analyst = user?.roles.some((r) => r === "analyst" || r === "admin");
  const menu = useRef<HTMLDetailsElement>(null);

  // A followed link closes the menu (the page changes under a header that stays).
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs on every navigation on purpose
  useEffect(() => {
    if (menu.current) menu.current.open = false;
  }, [here]);

  useEffect(() => {
    const details = menu.current;
    if (!details) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== "Escape" || !details.open) return;
      details.open = false;
      details.querySelector("summary")?.focus();
    };
    const onClick = (event: MouseEvent) => {
      if (details.open && !details.contains(event.target as Node)) details.open = false;
    };
    details.addEventListener("keydown", onKey);
    document.addEventListener("click", onClick);
    return () => {
      details.removeEventListener("keydown", onKey);
      document.removeEventListener("click", onClick);
    };
  }, []);

  return (
    <header className="site-header">
      <div className="site-brand">
        <Link className="site-title" to="/">
          civic-flow
        </Link>
        <span className="site-tagline">{t(lang, "siteTagline")}</span>
      </div>
      <details className="site-menu" ref={menu}>
        <summary className="site-menu-button">
          <span className="site-menu-icon" aria-hidden="true" />
          {t(lang, "menu")}
          {unread > 0 && (
            <span className="menu-count">
              <span aria-hidden="true">{unread}</span>
              <span className="visually-hidden">, {tn(lang, "unreadCount", unread)}</span>
            </span>
          )}
        </summary>
        <div className="site-menu-panel">
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
                      {unread > 0 && <span className="count"> ({tn(lang, "unreadCount", unread)})</span>}
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
            {user ? (
              <Form method="post" action="/signout" reloadDocument>
                <CsrfField />
                <span className="site-user" translate="no">
                  <span className="visually-hidden" translate="yes">
                    {t(lang, "signedInAs")}{" "}
                  </span>
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
        </div>
      </details>
      <Form method="post" action="/language" reloadDocument className="site-lang">
        <CsrfField />
        <input type="hidden" name="returnTo" value={here} />
        <button type="submit" name="lang" value={other} lang={other} className="link-button">
          {t(lang, "otherLanguageName")}
        </button>
      </Form>
    </header>
  );
}
