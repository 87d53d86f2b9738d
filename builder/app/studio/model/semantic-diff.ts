/**
 * A readable diff between two versions of a service, in an analyst's words: "step X added",
 * "field Y became required", "fee changed from 10 to 15 UAH", "after found now goes to Z".
 */
import { localize } from "../../../../engine";
import { deepEqual, isPlainObject } from "./yaml-edit";

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

export function semanticDiff(before: unknown, after: unknown, language = "en"): Change[] {
  const a = obj(before);
  const b = obj(after);
  const changes: Change[] = [];
  for (const key of ["id", "title", "description", "owner", "category", "languages", "start", "limits", "tags"]) {
    if (!deepEqual(a[key], b[key])) {
      const label = key === "start" ? "The first step" : key === "limits" ? "Limits" : `The service's ${key}`;
      changes.push({ kind: "changed", text: `${label} changed from ${showText(a[key], language)} to ${showText(b[key], language)}` });
    }
  }
  changes.push(...waiverChanges(a.coverageWaivers, b.coverageWaivers));
  const stepsA = obj(a.steps);
  const stepsB = obj(b.steps);
  for (const id of Object.keys(stepsB)) {
    if (!(id in stepsA)) changes.push({ kind: "added", step: id, text: `Step "${id}" (${show(obj(stepsB[id]).kind)}) added` });
  }
  for (const id of Object.keys(stepsA)) {
    if (!(id in stepsB)) changes.push({ kind: "removed", step: id, text: `Step "${id}" (${show(obj(stepsA[id]).kind)}) removed` });
  }
  for (const id of Object.keys(stepsB)) if (id in stepsA) changes.push(...stepChanges(id, obj(stepsA[id]), obj(stepsB[id]), language));
  return changes;
}

/** Coverage waivers: edges no scenario needs to take, with the reason — what a reviewer of a version must see. */
function waiverChanges(before: unknown, after: unknown): Change[] {
  const byEdge = (list: unknown) =>
    new Map((Array.isArray(list) ? list : []).map(obj).map((w) => [`${show(w.step)}.${show(w.outcome)}`, { step: typeof w.step === "string" ? w.step : undefined, reason: show(w.reason) }]));
  const a = byEdge(before);
  const b = byEdge(after);
  const changes: Change[] = [];
  for (const [edge, w] of b) {
    const old = a.get(edge);
    if (!old) changes.push({ kind: "added", step: w.step, text: `Coverage waiver added: no scenario needs to take "${edge}" (${w.reason})` });
    else if (old.reason !== w.reason) changes.push({ kind: "changed", step: w.step, text: `Coverage waiver of "${edge}": reason changed from "${old.reason}" to "${w.reason}"` });
  }
  for (const [edge, w] of a) if (!b.has(edge)) changes.push({ kind: "removed", step: w.step, text: `Coverage waiver removed: a scenario must take "${edge}" again` });
  return changes;
}

function showText(v: unknown, lang: string) {
  return typeof v === "string" || (isPlainObject(v) && Object.values(v).every((x) => typeof x === "string")) ? `"${text(v, lang)}"` : show(v);
}

function stepChanges(id: string, a: Obj, b: Obj, lang: string): Change[] {
  const out: Change[] = [];
  const say = (t: string, kind: Change["kind"] = "changed") => out.push({ kind, step: id, text: t });
  if (a.kind !== b.kind) {
    say(`Step "${id}" changed from a ${show(a.kind)} step to a ${show(b.kind)} step`);
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
    const label = key === "next" ? "then" : key === "otherwise" ? "otherwise" : key.startsWith("when ") ? key : `on ${key}`;
    if (!(key in ea)) say(`"${id}": ${label} → ${show(eb[key])} added`, "added");
    else if (!(key in eb)) say(`"${id}": ${label} → ${show(ea[key])} removed`, "removed");
    else say(`"${id}": ${label} now goes to ${show(eb[key])} instead of ${show(ea[key])}`);
  }
  // By property, whatever the kind: form fields, fees, handler parameters.
  if (isPlainObject(b.schema)) out.push(...formChanges(id, obj(a.schema), obj(b.schema), lang));
  if (b.amount !== undefined && !deepEqual(a.amount, b.amount)) {
    const currency = show(b.currency ?? "UAH");
    say(`Fee in "${id}" changed from ${show(a.amount)} to ${show(b.amount)} ${currency}`);
  }
  if (b.params !== undefined && !deepEqual(a.params, b.params)) {
    const fa = obj(obj(a.params).fees);
    const fb = obj(obj(b.params).fees);
    for (const key of new Set([...Object.keys(fa), ...Object.keys(fb)])) {
      if (!deepEqual(fa[key], fb[key])) say(`Fee for "${key}" in "${id}" changed from ${show(fa[key])} to ${show(fb[key])}`);
    }
    if (deepEqual(fa, fb)) say(`Parameters of "${id}" changed: ${show(a.params)} → ${show(b.params)}`);
  }
  const handled = new Set(["kind", "next", "otherwise", "on", "branches", "schema", "amount", "params", "position"]);
  for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
    if (handled.has(key) || IGNORED.has(key) || deepEqual(a[key], b[key])) continue;
    if (key === "deadline") say(`Deadline of "${id}" changed from ${show(a[key])} to ${show(b[key])}`);
    else if (key === "title" || key === "description" || key === "message" || key === "purpose" || key === "instructions")
      say(`The ${key} of "${id}" changed from ${showText(a[key], lang)} to ${showText(b[key], lang)}`);
    else if (key === "uiSchema") say(`How the form "${id}" looks changed`);
    else say(`"${id}": ${key} changed from ${show(a[key])} to ${show(b[key])}`);
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
    return title ? `"${title}" (${key})` : `"${key}"`;
  };
  for (const key of Object.keys(pb)) {
    if (!(key in pa)) out.push({ kind: "added", step: id, text: `Field ${name(key, pb[key])} added to "${id}"${rb.has(key) ? " (required)" : ""}` });
  }
  for (const key of Object.keys(pa)) if (!(key in pb)) out.push({ kind: "removed", step: id, text: `Field ${name(key, pa[key])} removed from "${id}"` });
  for (const key of Object.keys(pb)) {
    if (!(key in pa)) continue;
    if (!ra.has(key) && rb.has(key)) out.push({ kind: "changed", step: id, text: `Field ${name(key, pb[key])} in "${id}" became required` });
    if (ra.has(key) && !rb.has(key)) out.push({ kind: "changed", step: id, text: `Field ${name(key, pb[key])} in "${id}" became optional` });
    const fa = obj(pa[key]);
    const fb = obj(pb[key]);
    for (const prop of new Set([...Object.keys(fa), ...Object.keys(fb)])) {
      if (deepEqual(fa[prop], fb[prop])) continue;
      const what = prop === "oneOf" || prop === "enum" ? "choices" : prop;
      out.push({ kind: "changed", step: id, text: `Field ${name(key, pb[key])} in "${id}": ${what} changed from ${showText(fa[prop], lang)} to ${showText(fb[prop], lang)}` });
    }
  }
  const order = (p: Obj) => Object.keys(p).filter((k) => k in pa && k in pb);
  if (!deepEqual(order(pa), order(pb))) out.push({ kind: "changed", step: id, text: `Fields of "${id}" reordered` });
  return out;
}
