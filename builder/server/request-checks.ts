/**
 * Requests refused before any route runs, with a clean 4xx instead of an exception deeper down:
 * - a path whose percent-encoding cannot be decoded (400);
 * - a form POST (or any other unsafe method) whose Origin is another site, or unparseable (403): Remix aborts
 *   such actions by throwing, which would be a 500. The JSON API is left to its own checks (JSON only, a CSRF
 *   header for cookie sessions; bearer clients may come from anywhere).
 */
import type { NextFunction, Request as ExpressRequest, Response as ExpressResponse } from "express";
import { isApiPath, refuse } from "./refuse";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

export function requestChecks() {
  return (req: ExpressRequest, res: ExpressResponse, next: NextFunction) => {
    const path = req.originalUrl.split("?")[0];
    try {
      decodeURIComponent(path);
    } catch {
      return refuse(req, res, 400, "The address has a malformed percent-encoding.");
    }
    if (!SAFE_METHODS.has(req.method) && !isApiPath(req.path) && !sameSiteOrigin(req)) {
      return refuse(req, res, 403, "The form did not come from this site: open the page here and send it again.");
    }
    next();
  };
}

/** No Origin header (not a browser, or a same-origin request of an older browser) or the same host as the request (as Remix compares them). */
function sameSiteOrigin(req: ExpressRequest): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  if (!URL.canParse(origin)) return false;
  const forwarded = req.headers["x-forwarded-host"];
  const host = (typeof forwarded === "string" && forwarded.split(",")[0].trim()) || req.headers.host;
  return !!host && new URL(origin).host === host;
}
