/**
 * Fault injection for the stand-in: slow or hanging providers, provider errors and X-Road errors. Rules come
 * from configuration (startStandInRegistries({faults})) or, in tests only, from the control endpoint and the
 * X-Stand-In-Fault request header (both off unless `testControls` is set).
 */

export type FaultKind =
  /** Answers normally after delayMs. */
  | "latency"
  /** Never answers (the client's timeout must fire). */
  | "hang"
  /** The provider does not answer in time: after delayMs the security server replies server.serverproxy.network_error. */
  | "provider-timeout"
  /** The provider itself replies with status/body (passed through with no X-Road-Error). */
  | "provider-status"
  /** The security server replies with an X-Road error of the given type. */
  | "xroad-error"
  /** The connection is cut without an answer. */
  | "reset"
  /** A 3xx redirect from the provider (must not be followed). */
  | "redirect";

export interface FaultRule {
  kind: FaultKind;
  /** Registry name (population…) or service code; every service when absent. */
  service?: string;
  method?: string;
  /** A path prefix within the service, e.g. /v1/persons. */
  path?: string;
  delayMs?: number;
  status?: number;
  body?: unknown;
  /** For xroad-error: e.g. network_error, server.serverproxy.access_denied or Server.ServerProxy.ServiceFailed. */
  type?: string;
  /** For redirect: where to. */
  location?: string;
  /** Applies to the next N matching requests only. */
  times?: number;
  /** Applies to this share of matching requests (a deterministic sequence), for flaky demos. */
  probability?: number;
}

export interface FaultTarget {
  registry: string;
  serviceCode: string;
  method: string;
  path: string;
}

export class Faults {
  private rules: (FaultRule & { remaining?: number })[] = [];
  private tick = 0;

  constructor(rules: FaultRule[] = []) {
    for (const rule of rules) this.add(rule);
  }

  add(rule: FaultRule): void {
    validateFault(rule);
    this.rules.push({ ...rule, remaining: rule.times });
  }

  clear(): void {
    this.rules = [];
  }

  list(): FaultRule[] {
    return this.rules.map(({ remaining: _remaining, ...rule }) => rule);
  }

  /** The first rule that applies to the request (consuming one of its `times`). */
  take(target: FaultTarget): FaultRule | undefined {
    for (const rule of this.rules) {
      if (!matches(rule, target)) continue;
      if (rule.probability !== undefined && !this.roll(rule.probability)) continue;
      if (rule.remaining !== undefined) {
        rule.remaining--;
        if (rule.remaining <= 0) this.rules = this.rules.filter((other) => other !== rule);
      }
      return rule;
    }
    return undefined;
  }

  // A fixed low-discrepancy sequence rather than Math.random, so that flaky demos repeat exactly.
  private roll(probability: number): boolean {
    this.tick++;
    return ((this.tick * 0.6180339887) % 1) < probability;
  }
}

function matches(rule: FaultRule, target: FaultTarget): boolean {
  if (rule.service && rule.service !== target.registry && rule.service !== target.serviceCode) return false;
  if (rule.method && rule.method.toUpperCase() !== target.method) return false;
  if (rule.path && !target.path.startsWith(rule.path)) return false;
  return true;
}

const KINDS: FaultKind[] = ["latency", "hang", "provider-timeout", "provider-status", "xroad-error", "reset", "redirect"];

export function validateFault(rule: FaultRule): void {
  if (!rule || !KINDS.includes(rule.kind)) throw new Error(`fault kind must be one of ${KINDS.join(", ")}`);
  if (rule.kind === "provider-status" && !(Number.isInteger(rule.status) && rule.status! >= 100 && rule.status! <= 599)) {
    throw new Error("a provider-status fault needs a status between 100 and 599");
  }
  if (rule.kind === "xroad-error" && !rule.type) throw new Error("an xroad-error fault needs a type, e.g. network_error");
}

/**
 * Parses the test-only X-Stand-In-Fault header: JSON (`{"kind":"xroad-error","type":"network_error"}`)
 * or the short form `kind[;key=value…]`, e.g. `provider-status;status=503` or `latency;delayMs=200`.
 */
export function parseFaultHeader(value: string): FaultRule {
  const text = value.trim();
  if (text.startsWith("{")) return JSON.parse(text) as FaultRule;
  const [kind, ...pairs] = text.split(";").map((part) => part.trim());
  const rule: Record<string, unknown> = { kind };
  for (const pair of pairs) {
    const [key, raw] = pair.split("=");
    rule[key] = /^\d+$/.test(raw) ? Number(raw) : raw;
  }
  return rule as unknown as FaultRule;
}
