/**
 * The JSON API (/api/v1, builder/app/api) served straight from Express, without going through Remix: the same
 * route table, sessions, CSRF rule, error shape and load context as the Remix route api.v1.$.ts, but no route
 * matching of the whole app, no loader machinery and no static-file lookup per call. The security headers, the
 * request checks and the body limit have run before (server.ts mounts this after them).
 */
import type { AppLoadContext } from "@remix-run/node";
import type { NextFunction, Request as ExpressRequest, Response as ExpressResponse } from "express";
import { apiPathOf, handleApi } from "../app/api/router.server";
import { clientAddressOf, sendWebResponse, webRequestOf } from "./remix-handler";
import { nonceOf } from "./security-headers";

export function apiHandler(loadContext: (nonce: string) => Omit<AppLoadContext, "cspNonce">) {
  return async (req: ExpressRequest, res: ExpressResponse, next: NextFunction) => {
    try {
      const request = webRequestOf(req, res);
      if (!request) return;
      const nonce = nonceOf(res);
      const context = { ...loadContext(nonce), cspNonce: nonce, clientAddress: clientAddressOf(req) } as AppLoadContext;
      await sendWebResponse(res, request, await handleApi(request, context, apiPathOf(request)), true);
    } catch (error) {
      next(error);
    }
  };
}
