/** The stand-in registries' data: fresh and deterministic on every start, changed by the calls made to it. */
import { parseServiceId, type ServiceId } from "../runtime/xroad/identifiers";
import { demoFines, type Fine } from "./data/fines";
import { demoLicences, type DriverLicence } from "./data/licences";
import { demoPeople, type Person } from "./data/people";
import type { ProviderResponse } from "./provider";

/** Demo member codes: not the real ЄДРПОУ codes of the bodies. */
export const DEFAULT_SERVICES = {
  population: "SEVDEIR-TEST/GOV/10000001/DMS-EDDR/population",
  "criminal-records": "SEVDEIR-TEST/GOV/10000002/MVS-IPS/criminal-records",
  drivers: "SEVDEIR-TEST/GOV/10000002/MVS-HSC/drivers",
  fines: "SEVDEIR-TEST/GOV/10000002/MVS-FINES/fines",
  idp: "SEVDEIR-TEST/GOV/10000003/MSP-IDP/idp",
  "civil-registry": "SEVDEIR-TEST/GOV/10000004/MINJUST-DRACS/civil-registry",
} as const;

export type RegistryName = keyof typeof DEFAULT_SERVICES;

export interface CertificateOrder {
  id: number;
  taxId: string;
  request: Record<string, unknown>;
  orderedAt: number;
  /** When the registry finishes its check (ms since epoch). */
  readyAt: number;
  hasRecord: boolean;
  /** The PDF and signature, rendered once on the first download. */
  rendered?: { document: string; signature: string };
}

export interface IdpRegistration {
  taxId: string;
  certificateNumber: string;
  registeredOn: string;
  actualAddress: unknown;
}

export interface BirthRegistration {
  actRecordNumber: string;
  certificate: { series: string; number: string };
  child: Record<string, unknown>;
  motherTaxId: string;
  fatherTaxId?: string;
}

export interface RegistryStateOptions {
  now?: () => number;
  /** How long a certificate that needs a manual check takes (default 5 s). */
  certificateDelayMs?: number;
}

export class RegistryState {
  readonly services: Record<RegistryName, ServiceId>;
  readonly people = new Map<string, Person>();
  readonly licences: DriverLicence[];
  readonly fines = new Map<string, Fine>();
  readonly orders = new Map<number, CertificateOrder>();
  readonly idpRegistrations = new Map<string, IdpRegistration>();
  readonly births: BirthRegistration[] = [];
  readonly now: () => number;
  readonly certificateDelayMs: number;
  private nextOrderId = 700_001;
  private readonly replies = new Map<string, Promise<ProviderResponse>>();

  constructor(options: RegistryStateOptions = {}) {
    this.now = options.now ?? Date.now;
    this.certificateDelayMs = options.certificateDelayMs ?? 5_000;
    this.services = Object.fromEntries(
      Object.entries(DEFAULT_SERVICES).map(([name, id]) => [name, parseServiceId(id)]),
    ) as Record<RegistryName, ServiceId>;
    const people = demoPeople();
    for (const person of people) this.people.set(person.taxId, person);
    this.licences = demoLicences(people);
    for (const fine of demoFines(people)) this.fines.set(fine.resolutionNumber, fine);
    for (const person of people.filter((p) => p.tags.includes("idpRegistered"))) {
      this.idpRegistrations.set(person.taxId, {
        taxId: person.taxId,
        certificateNumber: `3201-${person.taxId.slice(-6)}`,
        registeredOn: "2022-04-02",
        actualAddress: { country: "UKR", region: "Київська", city: "Ірпінь", street: "вул. Соборна", house: "1" },
      });
    }
  }

  orderId(): number {
    return this.nextOrderId++;
  }

  today(): string {
    return new Date(this.now()).toISOString().slice(0, 10);
  }

  /** A call repeated with the same Idempotency-Key gets the first reply, and changes nothing. */
  once(scope: string, key: string | undefined, run: () => ProviderResponse | Promise<ProviderResponse>): Promise<ProviderResponse> {
    if (!key) return Promise.resolve(run());
    const id = `${scope}\n${key}`;
    let reply = this.replies.get(id);
    if (!reply) {
      reply = Promise.resolve(run());
      this.replies.set(id, reply);
    }
    return reply;
  }
}
