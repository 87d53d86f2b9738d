/**
 * Access rights of the stand-in security server: deny by default, granted per client subsystem and service,
 * optionally narrowed to endpoints (method + path with `*` wildcards), as UG-SS §7 describes.
 */
import { formatClientId, formatServiceId, parseClientId, parseServiceId, type ClientId, type ServiceId } from "../runtime/xroad/identifiers";

export interface AccessRight {
  /** instance/class/member[/subsystem] */
  client: string;
  /** instance/class/member/subsystem/service */
  service: string;
  /** Allowed endpoints; every endpoint of the service when absent. */
  endpoints?: { method: string; path: string }[];
}

/** Our runtime's identity at the stand-in. */
export const DEFAULT_CLIENT = "SEVDEIR-TEST/GOV/10000000/CIVIC-FLOW";
/** Another member's portal: may only read the population register. */
export const LIMITED_CLIENT = "SEVDEIR-TEST/GOV/10000009/PORTAL";

export function defaultAccessRights(services: Record<string, ServiceId>): AccessRight[] {
  return [
    ...Object.values(services).map((service) => ({ client: DEFAULT_CLIENT, service: formatServiceId(service) })),
    {
      client: LIMITED_CLIENT,
      service: formatServiceId(services.population),
      endpoints: [{ method: "POST", path: "/v1/persons/lookup" }],
    },
  ];
}

export class AccessRights {
  private readonly rights: { client: string; service: string; endpoints?: { method: string; path: RegExp }[] }[];

  constructor(rights: AccessRight[]) {
    this.rights = rights.map((right) => ({
      client: formatClientId(parseClientId(right.client)),
      service: formatServiceId(parseServiceId(right.service)),
      endpoints: right.endpoints?.map((endpoint) => ({
        method: endpoint.method.toUpperCase(),
        path: new RegExp("^" + endpoint.path.split("*").map(escapeRegExp).join("[^/]*") + "$"),
      })),
    }));
  }

  /** Whether the client may call the service at all (for allowedMethods). */
  mayUseService(client: ClientId, service: ServiceId): boolean {
    return this.matching(client, service).length > 0;
  }

  allows(client: ClientId, service: ServiceId, method: string, path: string): boolean {
    return this.matching(client, service).some(
      (right) => !right.endpoints || right.endpoints.some((endpoint) => (endpoint.method === "*" || endpoint.method === method) && endpoint.path.test(path)),
    );
  }

  /** Endpoints granted to the client, as [method, path-pattern] for allowedMethods; undefined means all. */
  endpointsFor(client: ClientId, service: ServiceId): { method: string; path: RegExp }[] | undefined {
    const rights = this.matching(client, service);
    if (rights.some((right) => !right.endpoints)) return undefined;
    return rights.flatMap((right) => right.endpoints ?? []);
  }

  private matching(client: ClientId, service: ServiceId) {
    const clientText = formatClientId(client);
    const serviceText = formatServiceId(service);
    return this.rights.filter((right) => right.client === clientText && right.service === serviceText);
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
