/** The JSON API: /api/v1/* (see builder/app/api; the OpenAPI document is /api/v1/openapi.json). */
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { handleApi } from "../api/router.server";

export const loader = ({ request, context, params }: LoaderFunctionArgs) => handleApi(request, context, params["*"] ?? "");
export const action = ({ request, context, params }: ActionFunctionArgs) => handleApi(request, context, params["*"] ?? "");
