/**
 * X-Road identifiers (PR-REST §4.2, §4.8): clients are `instance/class/member[/subsystem]`,
 * services always have five parts. The security server only logs a warning for odd characters,
 * so we validate strictly on our side.
 */

/** The characters PR-REST §4.8 allows in every identifier part. */
export const IDENTIFIER_PART = /^[A-Za-z0-9'()+,\-.=?]+$/;

export interface ClientId {
  instance: string;
  memberClass: string;
  memberCode: string;
  subsystemCode?: string;
}

export interface ServiceId {
  instance: string;
  memberClass: string;
  memberCode: string;
  /** Optional in the spec, but the reference implementation misparses member-level services: always required here. */
  subsystemCode: string;
  serviceCode: string;
}

export class IdentifierError extends Error {
  override readonly name = "IdentifierError";
}

export function checkIdentifierPart(part: string, what: string): void {
  if (!IDENTIFIER_PART.test(part)) {
    throw new IdentifierError(
      `${what} "${part}" is not a valid X-Road identifier: use only A-Z a-z 0-9 and ' ( ) + , - . = ?`,
    );
  }
}

/** Parses `UA/GOV/12345678/SUB` (parts may be percent-encoded, as in headers). */
export function parseClientId(text: string): ClientId {
  const parts = splitDecoded(text, "client id");
  if (parts.length !== 3 && parts.length !== 4) {
    throw new IdentifierError(`client id "${text}" must have 3 or 4 parts: instance/memberClass/memberCode[/subsystem]`);
  }
  const [instance, memberClass, memberCode, subsystemCode] = parts;
  const id: ClientId = { instance, memberClass, memberCode, ...(subsystemCode ? { subsystemCode } : {}) };
  checkClientId(id);
  return id;
}

/** Parses `UA/GOV/12345678/SUB/service`; exactly five parts. */
export function parseServiceId(text: string): ServiceId {
  const parts = splitDecoded(text, "service id");
  if (parts.length !== 5) {
    throw new IdentifierError(
      `service id "${text}" must have 5 parts: instance/memberClass/memberCode/subsystem/service`,
    );
  }
  const [instance, memberClass, memberCode, subsystemCode, serviceCode] = parts;
  const id = { instance, memberClass, memberCode, subsystemCode, serviceCode };
  checkServiceId(id);
  return id;
}

export function checkClientId(id: ClientId): void {
  checkIdentifierPart(id.instance, "instance");
  checkIdentifierPart(id.memberClass, "member class");
  checkIdentifierPart(id.memberCode, "member code");
  if (id.subsystemCode !== undefined) checkIdentifierPart(id.subsystemCode, "subsystem code");
}

export function checkServiceId(id: ServiceId): void {
  checkClientId(id);
  checkIdentifierPart(id.subsystemCode, "subsystem code");
  checkIdentifierPart(id.serviceCode, "service code");
}

/** Each part percent-encoded on its own; the `/` separators are never encoded (§4.2). */
export function formatClientId(id: ClientId): string {
  return [id.instance, id.memberClass, id.memberCode, id.subsystemCode]
    .filter((part): part is string => part !== undefined)
    .map(encodeURIComponent)
    .join("/");
}

export function formatServiceId(id: ServiceId): string {
  return [id.instance, id.memberClass, id.memberCode, id.subsystemCode, id.serviceCode].map(encodeURIComponent).join("/");
}

/** The subsystem a service belongs to, as a client-shaped id (metaservices are called on it). */
export function subsystemOf(id: ServiceId): Required<ClientId> {
  return { instance: id.instance, memberClass: id.memberClass, memberCode: id.memberCode, subsystemCode: id.subsystemCode };
}

export function sameClient(a: ClientId, b: ClientId): boolean {
  return formatClientId(a) === formatClientId(b);
}

function splitDecoded(text: string, what: string): string[] {
  return text.split("/").map((part) => {
    try {
      return decodeURIComponent(part);
    } catch {
      throw new IdentifierError(`${what} "${text}" has a malformed percent-encoding`);
    }
  });
}
