/**
 * Demo people of the population register: a dozen named personas that tests and example scenarios rely on,
 * plus generated ones, all deterministic. Shapes follow what Diia reads from the registries: names in
 * Ukrainian and Latin, birth place that may be unknown ("dirty" registry data), nationalities as ISO alpha-3,
 * a registration address that may be missing, and an identity document.
 */
import { makeRnokpp } from "./rnokpp";
import { seededRandom } from "./random";

export type Gender = "MALE" | "FEMALE";

export interface PersonName {
  lastName: string;
  firstName: string;
  middleName?: string;
}

export interface Address {
  country: string;
  region: string;
  district?: string;
  city: string;
  street: string;
  house: string;
  apartment?: string;
}

export interface IdentityDocument {
  type: "ID_CARD" | "PASSPORT_BOOK" | "FOREIGN_PASSPORT" | "RESIDENCE_PERMIT" | "BIRTH_CERTIFICATE";
  series?: string;
  number: string;
  issuedOn: string;
  expiresOn: string | null;
  authority: string;
}

export interface Person {
  taxId: string;
  /** УНЗР, the unique record number of the demographic register: YYYYMMDD-NNNNN. */
  recordNumber: string;
  name: { uk: PersonName; en: PersonName };
  previousNames: (PersonName & { changedOn: string })[];
  birthDate: string;
  gender: Gender;
  /** null, or a city of null, where the register does not know it. */
  birthPlace: { country: string; city: string | null } | null;
  nationalities: string[];
  registrationAddress: Address | null;
  passport: IdentityDocument | null;
  /** What makes the person interesting for tests: adult, minor, foreigner, idp, nameChanged, unknownBirthPlace… */
  tags: string[];
}

interface NamePair {
  uk: string;
  en: string;
}
const n = (uk: string, en: string): NamePair => ({ uk, en });

const MALE_NAMES = [n("Олександр", "Oleksandr"), n("Андрій", "Andrii"), n("Дмитро", "Dmytro"), n("Тарас", "Taras"), n("Микола", "Mykola"), n("Іван", "Ivan"), n("Юрій", "Yurii"), n("Богдан", "Bohdan"), n("Сергій", "Serhii"), n("Євген", "Yevhen"), n("Максим", "Maksym"), n("Остап", "Ostap")];
const FEMALE_NAMES = [n("Олена", "Olena"), n("Ірина", "Iryna"), n("Наталія", "Nataliia"), n("Оксана", "Oksana"), n("Марія", "Mariia"), n("Юлія", "Yuliia"), n("Софія", "Sofiia"), n("Галина", "Halyna"), n("Тетяна", "Tetiana"), n("Катерина", "Kateryna"), n("Анна", "Anna"), n("Дарина", "Daryna")];
const PATRONYMICS: [string, string, string][] = [
  ["Іван", "Іванович", "Іванівна"],
  ["Петр", "Петрович", "Петрівна"],
  ["Миколай", "Миколайович", "Миколаївна"],
  ["Олександр", "Олександрович", "Олександрівна"],
  ["Василь", "Васильович", "Василівна"],
  ["Степан", "Степанович", "Степанівна"],
  ["Андрі", "Андрійович", "Андріївна"],
];
const SURNAMES = [n("Шевченко", "Shevchenko"), n("Коваленко", "Kovalenko"), n("Бондаренко", "Bondarenko"), n("Ткаченко", "Tkachenko"), n("Кравченко", "Kravchenko"), n("Олійник", "Oliinyk"), n("Мельник", "Melnyk"), n("Бойко", "Boiko"), n("Ткачук", "Tkachuk"), n("Поліщук", "Polishchuk"), n("Савчук", "Savchuk"), n("Лисенко", "Lysenko"), n("Руденко", "Rudenko"), n("Марченко", "Marchenko"), n("Гнатюк", "Hnatiuk"), n("Кушнір", "Kushnir")];

export interface Place {
  region: string;
  city: string;
  district?: string;
  occupied?: boolean;
}
const PLACES: Place[] = [
  { region: "м. Київ", city: "Київ" },
  { region: "Харківська", city: "Харків", district: "Харківський" },
  { region: "Львівська", city: "Львів", district: "Львівський" },
  { region: "Одеська", city: "Одеса", district: "Одеський" },
  { region: "Дніпропетровська", city: "Дніпро", district: "Дніпровський" },
  { region: "Полтавська", city: "Полтава", district: "Полтавський" },
  { region: "Вінницька", city: "Вінниця", district: "Вінницький" },
  { region: "Чернігівська", city: "Чернігів", district: "Чернігівський" },
  { region: "Київська", city: "Обухів", district: "Обухівський" },
];
/** Temporarily occupied places: people registered there are internally displaced. */
const OCCUPIED_PLACES: Place[] = [
  { region: "Донецька", city: "Маріуполь", district: "Маріупольський", occupied: true },
  { region: "Луганська", city: "Сєвєродонецьк", district: "Сєвєродонецький", occupied: true },
  { region: "Запорізька", city: "Мелітополь", district: "Мелітопольський", occupied: true },
];
const STREETS = ["вул. Хрещатик", "вул. Сумська", "просп. Свободи", "вул. Шевченка", "вул. Соборна", "просп. Миру", "вул. Грушевського"];

/** The region and district of a known city (for birth places), if it is one of the demo places. */
export function placeOf(city: string): Place | undefined {
  return [...PLACES, ...OCCUPIED_PLACES].find((place) => place.city === city);
}

function address(place: Place, street: string, house: number, apartment?: number): Address {
  return {
    country: "UKR",
    region: place.region,
    ...(place.district ? { district: place.district } : {}),
    city: place.city,
    street,
    house: String(house),
    ...(apartment ? { apartment: String(apartment) } : {}),
  };
}

function addYears(date: string, years: number): string {
  const [y, m, d] = date.split("-");
  return `${Number(y) + years}-${m}-${d}`;
}

function recordNumber(birthDate: string, serial: number): string {
  return `${birthDate.replaceAll("-", "")}-${String(10_000 + serial * 37).slice(-5)}`;
}

function ukrainianDocument(birthDate: string, serial: number, issueYear: number, kind: "ID_CARD" | "PASSPORT_BOOK"): IdentityDocument {
  const issuedOn = `${issueYear}-${birthDate.slice(5)}`;
  return kind === "ID_CARD"
    ? { type: "ID_CARD", number: String(1_000_000_00 + serial * 7919).slice(0, 9), issuedOn, expiresOn: addYears(issuedOn, 10), authority: String(8000 + (serial % 90)) }
    : { type: "PASSPORT_BOOK", series: ["МК", "СН", "ВА", "КЕ"][serial % 4], number: String(100_000 + serial * 4241).slice(0, 6), issuedOn, expiresOn: null, authority: "Шевченківським РУ ГУ МВС України в місті Києві" };
}

interface PersonSpec {
  serial: number;
  gender: Gender;
  first: NamePair;
  last: NamePair;
  father?: number;
  birthDate: string;
  birthPlace: Person["birthPlace"];
  nationalities?: string[];
  registration: Address | null;
  passport?: IdentityDocument | null | "auto";
  previousNames?: Person["previousNames"];
  /** A Latin name for foreigners that is not a transliteration. */
  en?: PersonName;
  tags: string[];
}

function build(spec: PersonSpec): Person {
  const patronymic = spec.father === undefined ? undefined : PATRONYMICS[spec.father % PATRONYMICS.length];
  const middleName = patronymic ? (spec.gender === "MALE" ? patronymic[1] : patronymic[2]) : undefined;
  const birthYear = Number(spec.birthDate.slice(0, 4));
  const passport =
    spec.passport === undefined || spec.passport === "auto"
      ? birthYear > 2011
        ? { type: "BIRTH_CERTIFICATE" as const, series: "I-ТП", number: String(300_000 + spec.serial * 113).slice(0, 6), issuedOn: spec.birthDate, expiresOn: null, authority: "Відділ ДРАЦС" }
        : ukrainianDocument(spec.birthDate, spec.serial, birthYear < 1985 ? 2001 : Math.max(birthYear + 16, 2017), birthYear < 1985 ? "PASSPORT_BOOK" : "ID_CARD")
      : spec.passport;
  return {
    taxId: makeRnokpp(spec.birthDate, spec.serial, spec.gender),
    recordNumber: recordNumber(spec.birthDate, spec.serial),
    name: {
      uk: { lastName: spec.last.uk, firstName: spec.first.uk, ...(middleName ? { middleName } : {}) },
      en: spec.en ?? { lastName: spec.last.en, firstName: spec.first.en },
    },
    previousNames: spec.previousNames ?? [],
    birthDate: spec.birthDate,
    gender: spec.gender,
    birthPlace: spec.birthPlace,
    nationalities: spec.nationalities ?? ["UKR"],
    registrationAddress: spec.registration,
    passport,
    tags: spec.tags,
  };
}

const [kyiv, kharkiv, lviv, odesa, dnipro, poltava] = PLACES;
const [mariupol, sievierodonetsk] = OCCUPIED_PLACES;

/** People that tests and example scenarios name by role. */
const PERSONA_SPECS = {
  /** Adult, everything known, a valid category B licence, no criminal record. */
  olena: { serial: 101, gender: "FEMALE", first: n("Олена", "Olena"), last: n("Коваленко", "Kovalenko"), father: 0, birthDate: "1990-04-12", birthPlace: { country: "UKR", city: "Київ" }, registration: address(kyiv, "вул. Хрещатик", 22, 15), tags: ["adult", "driver", "clean"] },
  /** Adult with a criminal record. */
  taras: { serial: 102, gender: "MALE", first: n("Тарас", "Taras"), last: n("Бондаренко", "Bondarenko"), father: 1, birthDate: "1985-09-30", birthPlace: { country: "UKR", city: "Харків" }, registration: address(kharkiv, "вул. Сумська", 10, 4), tags: ["adult", "criminalRecord", "driver"] },
  /** Certificate needs a manual check: the order is accepted and completes after a delay. */
  iryna: { serial: 103, gender: "FEMALE", first: n("Ірина", "Iryna"), last: n("Мельник", "Melnyk"), father: 2, birthDate: "1978-01-05", birthPlace: { country: "UKR", city: "Львів" }, registration: address(lviv, "просп. Свободи", 5, 2), tags: ["adult", "delayedCheck"] },
  /** Already has a certificate order in progress at the registry. */
  dmytro: { serial: 104, gender: "MALE", first: n("Дмитро", "Dmytro"), last: n("Ткаченко", "Tkachenko"), father: 3, birthDate: "1995-06-17", birthPlace: { country: "UKR", city: "Одеса" }, registration: address(odesa, "вул. Соборна", 8), tags: ["adult", "orderInProgress"] },
  /** Birth place unknown to the register. */
  mykola: { serial: 105, gender: "MALE", first: n("Микола", "Mykola"), last: n("Олійник", "Oliinyk"), father: 4, birthDate: "1962-11-23", birthPlace: null, registration: address(poltava, "вул. Шевченка", 41), tags: ["adult", "unknownBirthPlace"] },
  /** Birth city unknown, country known. */
  halyna: { serial: 106, gender: "FEMALE", first: n("Галина", "Halyna"), last: n("Поліщук", "Polishchuk"), father: 5, birthDate: "1958-03-08", birthPlace: { country: "UKR", city: null }, registration: address(dnipro, "просп. Миру", 3, 77), tags: ["adult", "unknownBirthPlace"] },
  /** Married and changed her surname. */
  mariia: { serial: 107, gender: "FEMALE", first: n("Марія", "Mariia"), last: n("Савчук", "Savchuk"), father: 6, birthDate: "1992-07-19", birthPlace: { country: "UKR", city: "Вінниця" }, registration: address(kyiv, "вул. Грушевського", 12, 9), previousNames: [{ lastName: "Гнатюк", firstName: "Марія", middleName: "Андріївна", changedOn: "2016-08-20" }], tags: ["adult", "nameChanged", "driver"] },
  /** Internally displaced: registered in Mariupol, now lives elsewhere. */
  andrii: { serial: 108, gender: "MALE", first: n("Андрій", "Andrii"), last: n("Руденко", "Rudenko"), father: 0, birthDate: "1988-02-14", birthPlace: { country: "UKR", city: "Маріуполь" }, registration: address(mariupol, "просп. Миру", 60, 31), tags: ["adult", "idp", "idpRegistered"] },
  /** Registered in an occupied town, not yet registered as an IDP. */
  kateryna: { serial: 109, gender: "FEMALE", first: n("Катерина", "Kateryna"), last: n("Марченко", "Marchenko"), father: 1, birthDate: "1999-12-01", birthPlace: { country: "UKR", city: "Сєвєродонецьк" }, registration: address(sievierodonetsk, "вул. Шевченка", 15, 3), tags: ["adult", "idp"] },
  /** Foreign national with a residence permit. */
  jan: { serial: 110, gender: "MALE", first: n("Ян", "Jan"), last: n("Ковальський", "Kowalski"), en: { lastName: "Kowalski", firstName: "Jan" }, birthDate: "1983-05-02", birthPlace: { country: "POL", city: "Kraków" }, nationalities: ["POL"], registration: address(lviv, "вул. Соборна", 2, 6), passport: { type: "RESIDENCE_PERMIT", number: "900012345", issuedOn: "2021-03-01", expiresOn: "2031-03-01", authority: "ГУ ДМС у Львівській області" }, tags: ["adult", "foreigner"] },
  /** Dual national, no registered address. */
  nino: { serial: 111, gender: "FEMALE", first: n("Ніно", "Nino"), last: n("Беридзе", "Beridze"), birthDate: "1993-10-10", birthPlace: { country: "GEO", city: "Тбілісі" }, nationalities: ["GEO", "UKR"], registration: null, tags: ["adult", "foreigner", "noRegistration"] },
  /** Minor of 10, no passport yet (birth certificate). */
  sofiia: { serial: 112, gender: "FEMALE", first: n("Софія", "Sofiia"), last: n("Коваленко", "Kovalenko"), father: 3, birthDate: "2015-05-20", birthPlace: { country: "UKR", city: "Київ" }, registration: address(kyiv, "вул. Хрещатик", 22, 15), tags: ["minor"] },
  /** Minor of 16 with an ID card. */
  maksym: { serial: 113, gender: "MALE", first: n("Максим", "Maksym"), last: n("Бойко", "Boiko"), father: 4, birthDate: "2009-09-01", birthPlace: { country: "UKR", city: "Полтава" }, registration: address(poltava, "вул. Шевченка", 7), passport: ukrainianDocument("2009-09-01", 113, 2023, "ID_CARD"), tags: ["minor"] },
  /** Has unpaid fines and an expired licence. */
  yurii: { serial: 114, gender: "MALE", first: n("Юрій", "Yurii"), last: n("Лисенко", "Lysenko"), father: 5, birthDate: "1970-08-08", birthPlace: { country: "UKR", city: "Дніпро" }, registration: address(dnipro, "вул. Соборна", 19, 140), tags: ["adult", "fines", "driver", "expiredLicence"] },
} satisfies Record<string, PersonSpec>;

export type PersonaName = keyof typeof PERSONA_SPECS;

function generated(count: number): PersonSpec[] {
  const random = seededRandom(20_240_824);
  return Array.from({ length: count }, (_, index) => {
    const gender: Gender = random.chance(0.5) ? "MALE" : "FEMALE";
    const minor = index % 6 === 5;
    const year = minor ? random.int(2010, 2020) : random.int(1945, 2005);
    const birthDate = `${year}-${String(random.int(1, 12)).padStart(2, "0")}-${String(random.int(1, 28)).padStart(2, "0")}`;
    const displaced = index % 9 === 4;
    const home = displaced ? random.pick(OCCUPIED_PLACES) : random.pick(PLACES);
    const born = random.chance(0.8) ? home : random.pick(PLACES);
    const tags = [minor ? "minor" : "adult"];
    if (displaced) tags.push("idp");
    const unknownBirth = index % 11 === 7;
    if (unknownBirth) tags.push("unknownBirthPlace");
    const renamed = !minor && gender === "FEMALE" && index % 4 === 1;
    const last = random.pick(SURNAMES);
    const previous = renamed ? random.pick(SURNAMES.filter((s) => s !== last)) : undefined;
    if (renamed) tags.push("nameChanged");
    const noAddress = index % 13 === 10;
    if (noAddress) tags.push("noRegistration");
    return {
      serial: 200 + index,
      gender,
      first: random.pick(gender === "MALE" ? MALE_NAMES : FEMALE_NAMES),
      last,
      father: random.int(0, PATRONYMICS.length - 1),
      birthDate,
      birthPlace: unknownBirth ? null : { country: "UKR", city: born.city },
      registration: noAddress ? null : address(home, random.pick(STREETS), random.int(1, 120), random.chance(0.6) ? random.int(1, 200) : undefined),
      previousNames: previous ? [{ lastName: previous.uk, firstName: "", changedOn: `${Math.max(year + 20, 2000)}-06-15` }] : [],
      tags,
    } satisfies PersonSpec;
  }).map((spec) => {
    // A previous name keeps the first and middle names: fill them in once the names are chosen.
    if (spec.previousNames?.[0]) spec.previousNames[0].firstName = spec.first.uk;
    return spec;
  });
}

export function demoPeople(): Person[] {
  return [...Object.values(PERSONA_SPECS).map((spec) => build(spec as PersonSpec)), ...generated(48).map(build)];
}

/** The named personas' tax numbers, for tests and scenarios. */
export const PERSONAS: Record<PersonaName, string> = Object.fromEntries(
  Object.entries(PERSONA_SPECS).map(([key, spec]) => [key, build(spec as PersonSpec).taxId]),
) as Record<PersonaName, string>;
