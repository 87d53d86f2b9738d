/**
 * The owner key of a citizen's offline documents: which person a kept response belongs to, so the service
 * worker never mixes two people's documents (policy.ts). Opaque (an HMAC of the pseudonymous applicant id under
 * the server secret, with its own purpose): it names no one and is useless outside this browser.
 */
import { hmac } from "../auth/secrets.server";
import type { CitizenUser } from "../auth/types";
import { OWNER_HEADER } from "./policy";

export const offlineOwner = (user: CitizenUser): string => hmac("offline-documents", user.applicantId).slice(0, 32);

/** The header a document response carries so the worker may keep it for this person. */
export const ownerHeaders = (user: CitizenUser): Record<string, string> => ({ [OWNER_HEADER]: offlineOwner(user) });
