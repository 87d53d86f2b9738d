/**
 * How each catalog operation maps to a REST call of its registry and how the reply maps back to the
 * operation's outcomes. Outcome rules are data (they can also come from the registries config), checked
 * in order: the first rule whose status and condition match gives the outcome.
 */

export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

export interface OutcomeRule {
  status: number | number[];
  /** A condition on the reply body: a dotted path and the value it must equal, or whether it must exist. */
  when?: { field: string; equals?: unknown; exists?: boolean };
  outcome: string;
}

export interface OperationContract {
  method: HttpMethod;
  /** Service-relative path; {name} is filled from the input field of that name (and removed from the body). */
  path: string;
  /** Input fields sent as query parameters (GET); never put personal data here (ASVS 14.2.1). */
  query?: string[];
  outcomes: OutcomeRule[];
  title?: string;
  /** JSON Schemas of the input and the result, for the catalog of a plain REST registry (X-Road ones come from getOpenAPI). */
  input?: Record<string, unknown>;
  output?: Record<string, unknown>;
}

export type ApiContract = Record<string, OperationContract>;

/** The APIs of the registries the example services call, as the stand-ins implement them. */
export const BUILTIN_APIS: Record<string, ApiContract> = {
  population: {
    getPerson: {
      method: "POST",
      path: "/v1/persons/lookup",
      outcomes: [
        { status: 200, outcome: "found" },
        { status: 404, outcome: "notFound" },
      ],
    },
    registerResidence: {
      method: "POST",
      path: "/v1/residence-registrations",
      outcomes: [
        { status: 201, outcome: "registered" },
        { status: 422, outcome: "rejected" },
      ],
    },
  },
  "criminal-records": {
    orderCertificate: {
      method: "POST",
      path: "/v1/certificate-orders",
      outcomes: [
        { status: 200, when: { field: "status", equals: "COMPLETED" }, outcome: "completed" },
        { status: 200, when: { field: "status", equals: "MORE_THAN_ONE_IN_PROGRESS" }, outcome: "moreThanOneInProgress" },
        { status: [200, 202], outcome: "accepted" },
      ],
    },
    getCertificate: {
      method: "GET",
      path: "/v1/certificate-orders/{id}/document",
      outcomes: [
        { status: 200, when: { field: "document", exists: true }, outcome: "ready" },
        { status: [200, 202], outcome: "pending" },
        { status: 404, outcome: "notFound" },
      ],
    },
  },
  drivers: {
    getLicences: {
      method: "POST",
      path: "/v1/licences/search",
      outcomes: [
        { status: 200, outcome: "found" },
        { status: 404, outcome: "notFound" },
      ],
    },
    issueLicence: {
      method: "POST",
      path: "/v1/licences",
      outcomes: [
        { status: 201, outcome: "issued" },
        { status: 422, outcome: "rejected" },
      ],
    },
  },
  fines: {
    findFine: {
      method: "POST",
      path: "/v1/fines/search",
      outcomes: [
        { status: 200, when: { field: "fine.status", equals: "PAID" }, outcome: "alreadyPaid" },
        { status: 200, outcome: "found" },
        { status: 404, outcome: "notFound" },
      ],
    },
    markPaid: {
      method: "POST",
      path: "/v1/fines/{resolutionNumber}/payments",
      outcomes: [{ status: [200, 201], outcome: "recorded" }],
    },
  },
  idp: {
    findIdp: {
      method: "POST",
      path: "/v1/idp-registrations/search",
      outcomes: [
        { status: 200, outcome: "found" },
        { status: 404, outcome: "notFound" },
      ],
    },
    registerIdp: {
      method: "POST",
      path: "/v1/idp-registrations",
      outcomes: [
        { status: 201, outcome: "registered" },
        { status: 409, outcome: "alreadyRegistered" },
        { status: 422, outcome: "rejected" },
      ],
    },
  },
  "civil-registry": {
    registerBirth: {
      method: "POST",
      path: "/v1/birth-registrations",
      outcomes: [
        { status: 201, outcome: "registered" },
        { status: 422, outcome: "rejected" },
      ],
    },
  },
};

/** Outcomes for an operation known only from its OpenAPI document. */
export function defaultOutcomeRules(statuses: number[]): OutcomeRule[] {
  const rules: OutcomeRule[] = [];
  if (statuses.some((status) => status >= 200 && status < 300)) {
    rules.push({ status: statuses.filter((status) => status >= 200 && status < 300), outcome: "ok" });
  }
  if (statuses.includes(404)) rules.push({ status: 404, outcome: "notFound" });
  if (statuses.includes(409)) rules.push({ status: 409, outcome: "conflict" });
  if (statuses.includes(422)) rules.push({ status: 422, outcome: "rejected" });
  return rules;
}

export function outcomesOf(contract: OperationContract): string[] {
  return [...new Set(contract.outcomes.map((rule) => rule.outcome))];
}

/** The outcome of a reply, or undefined when no rule matches (then the reply is an error). */
export function matchOutcome(contract: OperationContract, status: number, body: unknown): string | undefined {
  for (const rule of contract.outcomes) {
    const statuses = Array.isArray(rule.status) ? rule.status : [rule.status];
    if (!statuses.includes(status)) continue;
    if (rule.when) {
      const value = readPath(body, rule.when.field);
      if (rule.when.exists !== undefined && (value !== undefined && value !== null) !== rule.when.exists) continue;
      if ("equals" in rule.when && value !== rule.when.equals) continue;
    }
    return rule.outcome;
  }
  return undefined;
}

function readPath(value: unknown, path: string): unknown {
  let current = value;
  for (const key of path.split(".")) {
    if (current === null || typeof current !== "object") return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

/** Fills {params} from the input (each segment percent-encoded) and returns the rest as the body. */
export function buildRequest(
  contract: OperationContract,
  input: Record<string, unknown>,
): { path: string; query: string; body: Record<string, unknown> | undefined } {
  const rest: Record<string, unknown> = { ...input };
  const path = contract.path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = rest[name];
    if (value === undefined || value === null || value === "") {
      throw new MissingInputError(`the input has no "${name}" for the path ${contract.path}`);
    }
    delete rest[name];
    return encodeURIComponent(String(value));
  });
  const params = new URLSearchParams();
  for (const name of contract.query ?? []) {
    if (rest[name] !== undefined) params.set(name, String(rest[name]));
    delete rest[name];
  }
  const query = params.toString();
  const hasBody = contract.method !== "GET" && contract.method !== "DELETE";
  return { path, query: query ? `?${query}` : "", body: hasBody ? rest : undefined };
}

export class MissingInputError extends Error {}
