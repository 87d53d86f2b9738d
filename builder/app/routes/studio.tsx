/** The studio's layout: its own navigation and styles (loaded on studio pages only). */
import type { LinksFunction, MetaFunction } from "@remix-run/node";
import { NavLink, Outlet } from "@remix-run/react";
import studioCss from "../studio/studio.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: studioCss }];
export const meta: MetaFunction = () => [{ title: "Studio · civic-flow" }];

export default function StudioLayout() {
  return (
    <div className="studio">
      <nav className="studio-nav" aria-label="Studio">
        <NavLink to="/studio" end>
          Services
        </NavLink>
        <NavLink to="/studio/templates">Templates</NavLink>
        <NavLink to="/studio/developers">Developers</NavLink>
      </nav>
      <Outlet />
    </div>
  );
}
