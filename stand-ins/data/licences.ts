/**
 * Demo driving licences shaped like the HSC registry's RegistryDriverLicenseDTO (diia-services.md §4):
 * {ID, VALUE} pairs, categories with opening dates, series + number, issue and expiry dates.
 */
import type { Person } from "./people";
import { seededRandom } from "./random";

/** The registry's full status list. */
export const LICENCE_STATUSES: Record<number, string> = {
  1: "ISSUED", 2: "DAMAGED", 3: "HANDED_FOR_KEEPING", 4: "HANDED_FOR_DESTROYING", 5: "OLD", 6: "ARCHIVED", 7: "LOST",
  8: "STOLEN", 9: "STAY", 10: "RETURNED_AFTER_KEEPING", 11: "MIGRATION", 12: "WANTED", 13: "EXCEPTED", 14: "CANCELED",
  1000: "RECEIVED_FOR_DESTROYING", 1001: "DESTROYED", 1002: "TO_BE_EXCLUDED", 1003: "CANCELED_NEW", 1005: "INVALID",
  1006: "NEED_CONFIRMATION",
};

/** Statuses Diia shows to the holder. */
export const SHOWN_LICENCE_STATUSES = [1, 9, 10, 11, 1006];

export const LICENCE_CATEGORIES = ["A1", "A", "B1", "B", "C1", "C", "D1", "D", "BE", "C1E", "CE", "D1E", "DE", "T"];

export interface IdValue {
  /** Numeric for statuses (compared with numbers in definitions), a string code elsewhere. */
  ID: string | number;
  VALUE: string;
}

export interface DriverLicence {
  id: string;
  clientId: string;
  department: IdValue;
  docType: IdValue;
  status: IdValue;
  country: IdValue;
  categories: { category: string; dopen: string }[];
  photo: string | null;
  /** Issue date. */
  ddoc: string;
  /** Number. */
  ndoc: string;
  /** Series. */
  sdoc: string;
  /** Expiry. */
  dend: string;
}

const DEPARTMENTS: IdValue[] = [
  { ID: "8041", VALUE: "ТСЦ 8041 (м. Київ)" },
  { ID: "6345", VALUE: "ТСЦ 6345 (м. Харків)" },
  { ID: "4641", VALUE: "ТСЦ 4641 (м. Львів)" },
  { ID: "1241", VALUE: "ТСЦ 1241 (м. Дніпро)" },
];
const SERIES = ["ВХХ", "КХВ", "ААА", "ЕАЕ"];

export const status = (id: number): IdValue => ({ ID: id, VALUE: LICENCE_STATUSES[id] });

export function makeLicence(person: Person, index: number, options: {
  issued: string;
  years: number;
  statusId: number;
  categories: string[];
  department?: IdValue;
}): DriverLicence {
  const [y, m, d] = options.issued.split("-");
  return {
    id: `DL-${person.taxId}-${index}`,
    clientId: `C${person.taxId}`,
    department: options.department ?? DEPARTMENTS[index % DEPARTMENTS.length],
    docType: options.years <= 2 ? { ID: "2", VALUE: "Тимчасове (вперше)" } : { ID: "1", VALUE: "Посвідчення водія" },
    status: status(options.statusId),
    country: { ID: "804", VALUE: "УКРАЇНА" },
    categories: options.categories.map((category) => ({ category, dopen: options.issued })),
    photo: null,
    ddoc: options.issued,
    ndoc: String(100_000 + ((Number(person.taxId.slice(4, 9)) * 7 + index * 13) % 900_000)),
    sdoc: SERIES[(Number(person.taxId.slice(-2)) + index) % SERIES.length],
    dend: `${Number(y) + options.years}-${m}-${d}`,
  };
}

const STATUS_WEIGHTS = [1, 1, 1, 1, 1, 1, 9, 10, 11, 1006, 7, 8, 5, 2, 14, 3, 12];

export function demoLicences(people: Person[]): DriverLicence[] {
  const random = seededRandom(77);
  const licences: DriverLicence[] = [];
  for (const person of people) {
    if (person.tags.includes("minor")) continue;
    const birthYear = Number(person.birthDate.slice(0, 4));
    if (person.tags.includes("driver")) {
      if (person.tags.includes("expiredLicence")) {
        // An old stolen licence and a first (two-year) licence that has expired.
        licences.push(makeLicence(person, 0, { issued: "2015-03-10", years: 30, statusId: 8, categories: ["B"] }));
        licences.push(makeLicence(person, 1, { issued: "2022-05-15", years: 2, statusId: 1, categories: ["B"] }));
      } else {
        const categories = person.gender === "MALE" ? ["B", "C"] : ["B"];
        licences.push(makeLicence(person, 0, { issued: `${Math.max(birthYear + 18, 2012)}-06-01`, years: 30, statusId: 1, categories }));
      }
      continue;
    }
    if (person.tags.some((tag) => tag !== "adult") || !random.chance(0.45)) continue;
    const issuedYear = random.int(Math.max(birthYear + 18, 2000), 2024);
    const issued = `${issuedYear}-${String(random.int(1, 12)).padStart(2, "0")}-${String(random.int(1, 28)).padStart(2, "0")}`;
    const count = random.int(1, 3);
    const categories = [...new Set(Array.from({ length: count }, () => random.pick(["B", "B", "A", "C", "BE", "D", "A1", "C1"])))];
    licences.push(makeLicence(person, 0, { issued, years: random.chance(0.15) ? 2 : 30, statusId: random.pick(STATUS_WEIGHTS), categories }));
  }
  return licences;
}
