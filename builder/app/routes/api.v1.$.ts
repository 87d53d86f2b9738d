/**
 * The JSON API: /api/v1/* (see builder/app/api; the OpenAPI document is /api/v1/openapi.json). builder/server.ts
 * answers these paths itself before Remix (builder/server/api-handler.ts, the same handler); this route serves
 * them when the app runs under another server.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { handleApi } from "../api/router.server";

// The path is read from the request URL, still encoded (params["*"] is already decoded once).
export const loader = ({ request, context }: LoaderFunctionArgs) => handleApi(request, context);
export const action = ({ request, context }: ActionFunctionArgs) => handleApi(request, context);
