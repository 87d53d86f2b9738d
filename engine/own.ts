/**
 * Names from definitions, catalogs and data are looked up as own properties only: with `in` or plain
 * indexing, `toString`, `constructor` or `__proto__` would resolve to Object.prototype's members.
 */
export const hasOwn = (object: unknown, name: string): boolean =>
  object !== null && typeof object === "object" && Object.hasOwn(object, name);

export function own<T>(object: Record<string, T> | null | undefined, name: string): T | undefined {
  return hasOwn(object, name) ? object![name] : undefined;
}

/** Names of Object.prototype's members: never a step, field, outcome or result name. */
export const PROTOTYPE_NAMES: ReadonlySet<string> = new Set(Object.getOwnPropertyNames(Object.prototype));
