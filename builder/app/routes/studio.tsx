/** The studio's layout: its own navigation (with the language switch) and styles (loaded on studio pages only). */
import type { LinksFunction, MetaFunction } from "@remix-run/node";
import { Form, NavLink, Outlet, useLocation } from "@remix-run/react";
import { t as portalT } from "../i18n/messages";
import { CsrfField } from "../portal/CsrfField";
import { st } from "../studio/i18n/messages";
import { metaLang, useStudioT } from "../studio/i18n/useStudioT";
import studioCss from "../studio/studio.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: studioCss }];
export const meta: MetaFunction = ({ matches }) => [{ title: `${st(metaLang(matches), "studio")} · civic-flow` }];

export default function StudioLayout() {
  const { lang, t } = useStudioT();
  const location = useLocation();
  const other = portalT(lang, "otherLanguageCode");
  return (
    <div className="studio">
      <nav className="studio-nav" aria-label={t("studioNav")}>
        <NavLink to="/studio" end>
          {t("navServices")}
        </NavLink>
        <NavLink to="/studio/templates">{t("navTemplates")}</NavLink>
        <NavLink to="/studio/developers">{t("navDevelopers")}</NavLink>
        <Form method="post" action="/language" reloadDocument className="studio-language" style={{ marginLeft: "auto" }}>
          <CsrfField />
          <input type="hidden" name="returnTo" value={location.pathname + location.search} />
          <button type="submit" name="lang" value={other} className="link-button" data-testid="studio-language">
            <span className="visually-hidden">{t("language")}: </span>
            <span lang={other}>{portalT(lang, "otherLanguageName")}</span>
          </button>
        </Form>
      </nav>
      <Outlet />
    </div>
  );
}
