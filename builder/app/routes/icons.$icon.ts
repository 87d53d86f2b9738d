/** The installed app's icons (/icons/icon-192.png …), drawn once per process (offline/icons.server.ts). */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { isIconName } from "../offline/app-manifest";
import { icon } from "../offline/icons.server";

export function loader({ params }: LoaderFunctionArgs) {
  const name = params.icon ?? "";
  if (!isIconName(name)) return new Response("No such icon", { status: 404, headers: { "content-type": "text/plain; charset=utf-8" } });
  return new Response(new Uint8Array(icon(name)), { headers: { "content-type": "image/png", "cache-control": "public, max-age=86400" } });
}
