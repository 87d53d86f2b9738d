/**
 * Only analysts (and administrators) reach /studio: pages, their data requests and the studio's API alike,
 * checked here for every request under /studio before Remix runs. Anyone else is sent to the staff
 * sign-in (reads by anyone not signed in as staff) or refused (401/403 for the rest). STUDIO_OPEN=1 lifts the check (local experiments only).
 */
import type { NextFunction, Request as ExpressRequest, Response as ExpressResponse } from "express";
import type { Runtime } from "../../runtime";
import { findSession } from "./../app/auth/sessions.server";
import { isAnalyst } from "./../app/auth/types";

export function studioGuard(runtime: Runtime) {
  return async (req: ExpressRequest, res: ExpressResponse, next: NextFunction) => {
    if (process.env.STUDIO_OPEN === "1") return next();
    try {
      const headers = new Headers();
      for (const [name, value] of Object.entries(req.headers)) if (typeof value === "string") headers.set(name, value);
      const user = await findSession(runtime, new Request(`http://localhost${req.originalUrl}`, { headers }));
      const staff = user?.kind === "staff";
      if (isAnalyst(user)) return next();
      if ((req.method === "GET" || req.method === "HEAD") && !staff) return res.redirect(302, `/staff/signin?returnTo=${encodeURIComponent(pageOf(req.originalUrl))}`);
      res.status(user ? 403 : 401).type("text/plain").send(user ? "The studio is for analysts." : "Sign in as an analyst: /staff/signin");
    } catch (error) {
      next(error);
    }
  };
}

/** The page a request belongs to: after sign-in, a Remix data request (/studio/x.data?_routes=…) returns to /studio/x. */
export function pageOf(url: string): string {
  const parsed = new URL(url, "http://localhost");
  parsed.pathname = parsed.pathname.replace(/\.data$/, "");
  parsed.searchParams.delete("_routes");
  return parsed.pathname + parsed.search;
}
