import { sha256 } from "@noble/hashes/sha2.js";
import { bytesToHex, utf8ToBytes } from "@noble/hashes/utils.js";

/**
 * JSON with object keys sorted, so equal data always gives equal text. It hashes every step's data, so
 * JSON.stringify writes the text: of the value itself when its keys are already in order, else of a copy
 * with the keys of each out-of-order object inserted sorted. What that cannot express (an object whose
 * integer-like keys JavaScript would enumerate first, a non-plain object such as a Date, a function)
 * is written key by key, as before.
 */
export function canonicalJson(value: unknown): string {
  const ordered = inKeyOrder(value);
  return ordered === UNORDERABLE ? canonicalText(value) : (JSON.stringify(ordered) ?? "null");
}

const UNORDERABLE = Symbol("unorderable");
const INTEGER_KEY = /^(?:0|[1-9]\d*)$/;

/** The value, or a copy whose objects enumerate their keys sorted; UNORDERABLE when JSON.stringify would differ. */
function inKeyOrder(value: unknown): unknown {
  if (value === null || typeof value !== "object") return typeof value === "function" || typeof value === "symbol" || typeof value === "bigint" ? UNORDERABLE : value;
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const item = inKeyOrder(value[i]);
      if (item === UNORDERABLE) return UNORDERABLE;
      if (item !== value[i]) (copy ??= value.slice())[i] = item;
    }
    return copy ?? value;
  }
  const prototype = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) return UNORDERABLE;
  const object = value as Record<string, unknown>;
  const keys = Object.keys(object);
  let sorted = true;
  for (let i = 1; i < keys.length && sorted; i++) sorted = keys[i - 1] < keys[i];
  if (!sorted) {
    // A fresh object enumerates integer-like keys first, whatever the insertion order.
    for (const key of keys) if (INTEGER_KEY.test(key)) return UNORDERABLE;
    sortKeys(keys);
  }
  let copy: Record<string, unknown> | undefined;
  for (let i = 0; i < keys.length; i++) {
    const item = inKeyOrder(object[keys[i]]);
    if (item === UNORDERABLE) return UNORDERABLE;
    if (item !== object[keys[i]] && !copy) {
      copy = {};
      for (let j = 0; j < i; j++) copy[keys[j]] = object[keys[j]];
    }
    if (copy) copy[keys[i]] = item;
  }
  if (copy || sorted) return copy ?? object;
  copy = {};
  for (const key of keys) copy[key] = object[key];
  return copy;
}

/** Array.prototype.sort's order; insertion sort for the few keys of most objects (sort() allocates its work space). */
function sortKeys(keys: string[]): void {
  if (keys.length > 16) {
    keys.sort();
    return;
  }
  for (let i = 1; i < keys.length; i++) {
    const key = keys[i];
    let j = i - 1;
    for (; j >= 0 && keys[j] > key; j--) keys[j + 1] = keys[j];
    keys[j + 1] = key;
  }
}

function canonicalText(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value) ?? "null";
  if (Array.isArray(value)) {
    let text = "[";
    for (let i = 0; i < value.length; i++) text += (i ? "," : "") + canonicalText(value[i]);
    return `${text}]`;
  }
  const object = value as Record<string, unknown>;
  let text = "{";
  for (const key of Object.keys(object).sort()) {
    const item = object[key];
    if (item === undefined) continue;
    text += `${text.length > 1 ? "," : ""}${JSON.stringify(key)}:${canonicalText(item)}`;
  }
  return `${text}}`;
}

export function sha256Hex(text: string): string {
  return bytesToHex(sha256(utf8ToBytes(text)));
}
