/**
 * The driver's licence card from the drivers register's reply (RegistryDriverLicenseDTO), with the EU field
 * numbering Diia uses: 1 surname, 2 given names, 3 date and place of birth, 4a issue, 4b expiry,
 * 4c authority, 4d record number (УНЗР), 5 number, 9 categories, 10 category dates.
 */

/** Registry statuses whose licences are shown to the holder (ISSUED, STAY, RETURNED_AFTER_KEEPING, MIGRATION, NEED_CONFIRMATION). */
export const SHOWN_STATUSES = [1, 9, 10, 11, 1006];

interface RegistryLicence {
  status: { ID: string | number; VALUE: string };
  department: { ID: string | number; VALUE: string };
  categories: { category: string; dopen: string }[];
  ddoc: string;
  dend: string;
  ndoc: string;
  sdoc: string;
}

interface RegistryClient {
  lastNameUA: string;
  firstNameUA: string;
  middleNameUA?: string | null;
  lastNameEN?: string;
  firstNameEN?: string;
  birthday: string;
  recordNumber?: string;
}

/** The driver-licence template's data (the keys the example service maps). */
export interface DriverLicenceData {
  [key: string]: unknown;
  surname: string;
  givenNames: string;
  birthDate: string;
  birthPlace: string | null;
  issueDate: string;
  expiryDate: string;
  authority: string;
  recordNumber: string | null;
  number: string;
  categories: string[];
  categoryDates: { category: string; dopen: string }[];
  /** `permanent`, or `issuedFirst` for a first licence valid for at most two years. */
  kind: "permanent" | "issuedFirst";
}

export function driverLicenceData(licence: RegistryLicence, client: RegistryClient, birthPlace?: string | null): DriverLicenceData {
  const years = (Date.parse(licence.dend) - Date.parse(licence.ddoc)) / (365.25 * 86_400_000);
  return {
    surname: client.lastNameEN ? `${client.lastNameUA} / ${client.lastNameEN}` : client.lastNameUA,
    givenNames: [client.firstNameUA, client.middleNameUA].filter(Boolean).join(" ") + (client.firstNameEN ? ` / ${client.firstNameEN}` : ""),
    birthDate: client.birthday,
    birthPlace: birthPlace ?? null,
    issueDate: licence.ddoc,
    expiryDate: licence.dend,
    authority: licence.department.VALUE,
    recordNumber: client.recordNumber ?? null,
    number: `${licence.sdoc}${licence.ndoc}`,
    categories: licence.categories.map((c) => c.category),
    categoryDates: licence.categories,
    kind: years <= 2.01 ? "issuedFirst" : "permanent",
  };
}

/** The licence to show: the first one in a shown status, preferring ISSUED. */
export function currentLicence<T extends RegistryLicence>(licences: T[]): T | undefined {
  const shown = licences.filter((licence) => SHOWN_STATUSES.includes(Number(licence.status.ID)));
  return shown.find((licence) => Number(licence.status.ID) === 1) ?? shown[0];
}
