/**
 * A readable diff between two versions of a service, in an analyst's words: "step X added",
 * "field Y became required", "fee changed from 10 to 15 UAH", "after found now goes to Z".
 */
import { localize } from "../../../../engine";
import { deepEqual, isPlainObject } from "./yaml-edit";
import { st, type StudioKey } from "../i18n/messages";

export interface Change {
  kind: "added" | "removed" | "changed";
  /** The step it is about, if any. */
  step?: string;
  text: string;
}

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (isPlainObject(v) ? v : {});
const show = (v: unknown): string => (v === undefined ? "—" : typeof v === "string" ? v : JSON.stringify(v));
const text = (v: unknown, lang: string) => (typeof v === "string" || isPlainObject(v) ? localize(v as never, lang) : "");
const IGNORED = new Set(["position", "$schema"]);
/** The sentences in the language ("uk" or else English); names quoted «…» or "…". */
const say$ = (lang: string, key: StudioKey, params?: Record<string, string | number>) => st(lang === "uk" ? "uk" : "en", key, params);
const q = (lang: string, s: string) => (lang === "uk" ? `«${s}»` : `"${s}"`);

export function semanticDiff(before: unknown, after: unknown, language = "en"): Change[] {
  const a = obj(before);
  const b = obj(after);
  const changes: Change[] = [];
  for (const key of ["id", "title", "description", "owner", "category", "languages", "start", "limits", "tags"]) {
    if (!deepEqual(a[key], b[key])) {
      const label = key === "start" ? say$(language, "sd_firstStep") : key === "limits" ? say$(language, "sd_limits") : say$(language, "sd_serviceKey", { key: language === "uk" ? q(language, key) : key });
      changes.push({ kind: "changed", text: say$(language, "sd_changedFromTo", { label, from: showText(a[key], language), to: showText(b[key], language) }) });
    }
  }
  changes.push(...waiverChanges(a.coverageWaivers, b.coverageWaivers, language));
  const stepsA = obj(a.steps);
  const stepsB = obj(b.steps);
  for (const id of Object.keys(stepsB)) {
    if (!(id in stepsA)) changes.push({ kind: "added", step: id, text: say$(language, "sd_stepAdded", { id: q(language, id), kind: show(obj(stepsB[id]).kind) }) });
  }
  for (const id of Object.keys(stepsA)) {
    if (!(id in stepsB)) changes.push({ kind: "removed", step: id, text: say$(language, "sd_stepRemoved", { id: q(language, id), kind: show(obj(stepsA[id]).kind) }) });
  }
  for (const id of Object.keys(stepsB)) if (id in stepsA) changes.push(...stepChanges(id, obj(stepsA[id]), obj(stepsB[id]), language));
  return changes;
}

/** Coverage waivers: edges no scenario needs to take, with the reason — what a reviewer of a version must see. */
function waiverChanges(before: unknown, after: unknown, lang: string): Change[] {
  const byEdge = (list: unknown) =>
    new Map((Array.isArray(list) ? list : []).map(obj).map((w) => [`${show(w.step)}.${show(w.outcome)}`, { step: typeof w.step === "string" ? w.step : undefined, reason: show(w.reason) }]));
  const a = byEdge(before);
  const b = byEdge(after);
  const changes: Change[] = [];
  for (const [edge, w] of b) {
    const old = a.get(edge);
    if (!old) changes.push({ kind: "added", step: w.step, text: say$(lang, "sd_waiverAdded", { edge: q(lang, edge), reason: w.reason }) });
    else if (old.reason !== w.reason) changes.push({ kind: "changed", step: w.step, text: say$(lang, "sd_waiverReason", { edge: q(lang, edge), from: q(lang, old.reason), to: q(lang, w.reason) }) });
  }
  for (const [edge, w] of a) if (!b.has(edge)) changes.push({ kind: "removed", step: w.step, text: say$(lang, "sd_waiverRemoved", { edge: q(lang, edge) }) });
  return changes;
}

function showText(v: unknown, lang: string) {
  return typeof v === "string" || (isPlainObject(v) && Object.values(v).every((x) => typeof x === "string")) ? q(lang, text(v, lang)) : show(v);
}

function stepChanges(id: string, a: Obj, b: Obj, lang: string): Change[] {
  const out: Change[] = [];
  const say = (t: string, kind: Change["kind"] = "changed") => out.push({ kind, step: id, text: t });
  if (a.kind !== b.kind) {
    say(say$(lang, "sd_kindChanged", { id: q(lang, id), from: show(a.kind), to: show(b.kind) }));
    return out;
  }
  // Transitions.
  const exits = (s: Obj): Record<string, unknown> => ({
    ...(s.next !== undefined ? { next: s.next } : {}),
    ...(s.otherwise !== undefined ? { otherwise: s.otherwise } : {}),
    ...obj(s.on),
    ...Object.fromEntries((Array.isArray(s.branches) ? s.branches : []).map((br) => [`when ${show(obj(br).when)}`, obj(br).next])),
  });
  const ea = exits(a);
  const eb = exits(b);
  for (const key of new Set([...Object.keys(ea), ...Object.keys(eb)])) {
    if (ea[key] === eb[key]) continue;
    const label = key === "next" ? say$(lang, "sd_then") : key === "otherwise" ? say$(lang, "sd_otherwise") : key.startsWith("when ") ? key : say$(lang, "sd_on", { key });
    const step = q(lang, id);
    if (!(key in ea)) say(say$(lang, "sd_exitAdded", { id: step, label, to: show(eb[key]) }), "added");
    else if (!(key in eb)) say(say$(lang, "sd_exitRemoved", { id: step, label, to: show(ea[key]) }), "removed");
    else say(say$(lang, "sd_exitChanged", { id: step, label, to: show(eb[key]), from: show(ea[key]) }));
  }
  // By property, whatever the kind: form fields, fees, handler parameters.
  if (isPlainObject(b.schema)) out.push(...formChanges(id, obj(a.schema), obj(b.schema), lang));
  if (b.amount !== undefined && !deepEqual(a.amount, b.amount)) {
    const currency = show(b.currency ?? "UAH");
    say(say$(lang, "sd_fee", { id: q(lang, id), from: show(a.amount), to: show(b.amount), currency }));
  }
  if (b.params !== undefined && !deepEqual(a.params, b.params)) {
    const fa = obj(obj(a.params).fees);
    const fb = obj(obj(b.params).fees);
    for (const key of new Set([...Object.keys(fa), ...Object.keys(fb)])) {
      if (!deepEqual(fa[key], fb[key])) say(say$(lang, "sd_feeFor", { key: q(lang, key), id: q(lang, id), from: show(fa[key]), to: show(fb[key]) }));
    }
    if (deepEqual(fa, fb)) say(say$(lang, "sd_params", { id: q(lang, id), from: show(a.params), to: show(b.params) }));
  }
  const handled = new Set(["kind", "next", "otherwise", "on", "branches", "schema", "amount", "params", "position"]);
  for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
    if (handled.has(key) || IGNORED.has(key) || deepEqual(a[key], b[key])) continue;
    if (key === "deadline") say(say$(lang, "sd_deadline", { id: q(lang, id), from: show(a[key]), to: show(b[key]) }));
    else if (key === "title" || key === "description" || key === "message" || key === "purpose" || key === "instructions")
      say(say$(lang, "sd_textChanged", { key, id: q(lang, id), from: showText(a[key], lang), to: showText(b[key], lang) }));
    else if (key === "uiSchema") say(say$(lang, "sd_uiSchema", { id: q(lang, id) }));
    else say(say$(lang, "sd_propChanged", { id: q(lang, id), key, from: show(a[key]), to: show(b[key]) }));
  }
  return out;
}

function formChanges(id: string, a: Obj, b: Obj, lang: string): Change[] {
  const out: Change[] = [];
  const pa = obj(a.properties);
  const pb = obj(b.properties);
  const ra = new Set(Array.isArray(a.required) ? a.required.map(String) : []);
  const rb = new Set(Array.isArray(b.required) ? b.required.map(String) : []);
  const name = (key: string, field: unknown) => {
    const title = text(obj(field).title, lang);
    return title ? `${q(lang, title)} (${key})` : q(lang, key);
  };
  for (const key of Object.keys(pb)) {
    if (!(key in pa)) out.push({ kind: "added", step: id, text: say$(lang, "sd_fieldAdded", { name: name(key, pb[key]), id: q(lang, id), required: rb.has(key) ? say$(lang, "sd_requiredSuffix") : "" }) });
  }
  for (const key of Object.keys(pa)) if (!(key in pb)) out.push({ kind: "removed", step: id, text: say$(lang, "sd_fieldRemoved", { name: name(key, pa[key]), id: q(lang, id) }) });
  for (const key of Object.keys(pb)) {
    if (!(key in pa)) continue;
    if (!ra.has(key) && rb.has(key)) out.push({ kind: "changed", step: id, text: say$(lang, "sd_fieldRequired", { name: name(key, pb[key]), id: q(lang, id) }) });
    if (ra.has(key) && !rb.has(key)) out.push({ kind: "changed", step: id, text: say$(lang, "sd_fieldOptional", { name: name(key, pb[key]), id: q(lang, id) }) });
    const fa = obj(pa[key]);
    const fb = obj(pb[key]);
    for (const prop of new Set([...Object.keys(fa), ...Object.keys(fb)])) {
      if (deepEqual(fa[prop], fb[prop])) continue;
      const what = prop === "oneOf" || prop === "enum" ? say$(lang, "sd_choices") : prop;
      out.push({ kind: "changed", step: id, text: say$(lang, "sd_fieldProp", { name: name(key, pb[key]), id: q(lang, id), what, from: showText(fa[prop], lang), to: showText(fb[prop], lang) }) });
    }
  }
  const order = (p: Obj) => Object.keys(p).filter((k) => k in pa && k in pb);
  if (!deepEqual(order(pa), order(pb))) out.push({ kind: "changed", step: id, text: say$(lang, "sd_reordered", { id: q(lang, id) }) });
  return out;
}
