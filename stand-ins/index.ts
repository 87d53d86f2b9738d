/**
 * The simulated outside world, for development, demos and tests: an X-Road security server with the
 * registries the example services call, a payment provider and an identity provider (BankID / Diia.ID).
 * Only composition roots (runtime/wiring/integrated-runtime.ts, builder/server/app-runtime.ts), tests and
 * the stand-in identity page import this folder, and only through this file; production modules never do
 * (stand-ins/imports.test.ts enforces it).
 */
export { startStandInRegistries, type StandInOptions, type StandInRegistries } from "./server";
export { DEFAULT_CLIENT, LIMITED_CLIENT } from "./access-rights";
export { demoPeople, PERSONAS, type Person, type PersonaName } from "./data/people";
export { demoLicences, type DriverLicence } from "./data/licences";
export type { FaultKind, FaultRule } from "./faults";
export { registrySigningKey } from "./providers/certificate-pdf";
export {
  startStandInPaymentProvider,
  type PaymentProviderOptions,
  type ProviderPayment,
  type ProviderPaymentStatus,
  type StandInPaymentProvider,
} from "./payment-provider";
export {
  createStandInIdentityProvider,
  STAND_IN_PROVIDERS,
  type DemoPersonSummary,
  type IdentityClaims,
  type StandInIdentityProvider,
  type StandInProviderId,
} from "./identity-provider";
export {
  createTrustServiceCa,
  developmentSealCredentials,
  issueSealCertificate,
  standInSeal,
  type IssuedSealCredentials,
  type IssueSealOptions,
  type TrustServiceCa,
} from "./trust-service";
export {
  developmentCa,
  issueSigningCertificate,
  signCadesDetached,
  startStandInSigningProvider,
  type SignRequest,
  type SignRequestStatus,
  type SigningCredentials,
  type SigningProviderOptions,
  type StandInSigningProvider,
} from "./signing-provider";
export {
  kyivInstant,
  kyivWallClock,
  SLOT_OFFICES,
  SLOT_SERVICES,
  startStandInSlotProvider,
  type Slot,
  type SlotOffice,
  type SlotProviderOptions,
  type SlotService,
  type StandInSlotProvider,
} from "./slot-provider";
