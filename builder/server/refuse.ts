/**
 * Clean refusals from the server layer (before Remix runs): the API's JSON error shape under /api, a small
 * page elsewhere. Never a stack trace; the message is ours, not the error's.
 */
import type { NextFunction, Request as ExpressRequest, Response as ExpressResponse } from "express";
import { apiErrorBody } from "../app/api/http.server";

const TITLES: Record<number, string> = {
  400: "Неправильний запит / Bad request",
  403: "Запит відхилено / Request refused",
  404: "Сторінку не знайдено / Not found",
  408: "Запит надто довгий / Request timeout",
  413: "Запит завеликий / Request too large",
  415: "Непідтримуваний формат / Unsupported media type",
  431: "Заголовки завеликі / Headers too large",
  500: "Помилка / Error",
};

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export const isApiPath = (path: string) => path === "/api" || path.startsWith("/api/");

export function refuse(req: ExpressRequest, res: ExpressResponse, status: number, message: string, options: { close?: boolean } = {}): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res.status(status).set("Cache-Control", "no-store");
  if (options.close) res.set("Connection", "close");
  // req.baseUrl: inside the API's own mount (server.ts) req.path is the part after /api/v1.
  if (isApiPath(req.baseUrl + req.path)) {
    res.json(apiErrorBody(status, message));
    return;
  }
  const title = TITLES[status] ?? `${status}`;
  res
    .type("html")
    .send(`<!DOCTYPE html><html lang="uk"><head><meta charset="utf-8"><title>${escapeHtml(title)} · civic-flow</title></head><body><main><h1>${escapeHtml(title)}</h1><p>${escapeHtml(message)}</p><p><a href="/">civic-flow</a></p></main></body></html>`);
}

/** The last error handler: 4xx errors raised by Express itself (e.g. a path it cannot decode) keep their status; the rest is a 500 without details. */
export function errorHandler() {
  return (error: unknown, req: ExpressRequest, res: ExpressResponse, _next: NextFunction) => {
    const status = (error as { status?: unknown }).status ?? (error as { statusCode?: unknown }).statusCode;
    if (typeof status === "number" && status >= 400 && status < 500) return refuse(req, res, status, "The request could not be understood.");
    console.error(error);
    refuse(req, res, 500, "Something went wrong.");
  };
}
