/** The web app manifest (installable portal) and the theme it shares with the pages (browser-safe). */

/** The portal's accent colour (--accent in styles/app.css): the installed app's title bar. */
export const THEME_COLOR = "#0b57d0";
export const BACKGROUND_COLOR = "#ffffff";

/** The icons the web app manifest lists, by file name under /icons/. */
export const ICONS = {
  "icon-192.png": { size: 192, maskable: false },
  "icon-512.png": { size: 512, maskable: false },
  "maskable-192.png": { size: 192, maskable: true },
  "maskable-512.png": { size: 512, maskable: true },
} as const;

export type IconName = keyof typeof ICONS;
export const isIconName = (name: string): name is IconName => Object.hasOwn(ICONS, name);

/** The web app manifest: one name for both languages (the project's), opening on the citizen's documents. */
export function webAppManifest() {
  return {
    id: "/",
    name: "civic-flow",
    short_name: "civic-flow",
    description: "Державні послуги онлайн · Public services online",
    lang: "uk",
    start_url: "/documents",
    scope: "/",
    display: "standalone",
    theme_color: THEME_COLOR,
    background_color: BACKGROUND_COLOR,
    icons: Object.entries(ICONS).map(([file, { size, maskable }]) => ({ src: `/icons/${file}`, sizes: `${size}x${size}`, type: "image/png", purpose: maskable ? "maskable" : "any" })),
  };
}
