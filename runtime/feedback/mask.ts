/**
 * Masks personal data in free text (citizens' comments, officers' reasons) before it is stored or shown to
 * analysts (docs/privacy.md). A pure function: the same text and name list always give the same result.
 *
 * Masked: e-mail addresses, IBANs, card numbers (13–19 digits), phone numbers (+380…, 380…, 0XX…), tax
 * numbers (РНОКПП, 10 digits), passport numbers (2 letters + 6 digits, ID cards' 9 digits), record numbers
 * of the demographic register (YYYYMMDD-NNNNN), and names: words of the given name list (also inflected, as
 * "Олену" for "Олена"), capitalised words shaped like Ukrainian patronymics (-ович, -івна…) or surnames
 * (-енко, -чук, -юк…), the capitalised words beside them or after a title ("пані", "інспектор", "Mr"…),
 * and initials ("О. В. Петренко"). A best effort, not a guarantee: a name that is in no list, has no
 * telling shape and no title before it, or is written in lower case, stays.
 */

export type MaskKind = "email" | "iban" | "card" | "phone" | "tax-id" | "passport" | "record-number" | "name";

/** What each kind is replaced with: the same in every language, so analysts see what was there. */
export const MASK_TOKENS: Record<MaskKind, string> = {
  email: "[e-mail]",
  iban: "[IBAN]",
  card: "[card]",
  phone: "[phone]",
  "tax-id": "[tax number]",
  passport: "[passport]",
  "record-number": "[record number]",
  name: "[name]",
};

/** Names (first names, surnames, patronymics) compiled for lookups, from `nameList`. */
export interface NameList {
  has(word: string): boolean;
}

const APOSTROPHES = /[’ʼ`']/g;
const normal = (word: string) => word.toLowerCase().replace(APOSTROPHES, "'");
/** Ukrainian case endings an inflected name may carry past its stem ("Олен|у", "Шевченк|ові"). */
const ENDING = /^[аяоеєиіїуюйьмвх]{1,3}$/;
const stem = (word: string) => word.replace(/[аяоеєиіїуюйь]$/, "");

/** A name list from names or full names ("Шевченко Олена Іванівна" gives three words); two-letter names ("Ян") match only as written. */
export function nameList(names: Iterable<string>): NameList {
  const words = new Set<string>();
  for (const name of names) {
    for (const word of normal(name).split(/[\s,]+/)) {
      if (word.length < 2) continue;
      words.add(word);
      if (word.length >= 3 && stem(word).length >= 3) words.add(stem(word));
    }
  }
  return {
    has(word) {
      const lower = normal(word);
      if (words.has(lower)) return true;
      // An inflected form: the stem is in the list and what follows it is a case ending.
      for (let cut = 1; cut <= 3 && lower.length - cut >= 3; cut++) {
        if (ENDING.test(lower.slice(-cut)) && words.has(lower.slice(0, -cut))) return true;
      }
      return false;
    },
  };
}

const EMPTY: NameList = { has: () => false };

// Boundaries that work for Cyrillic too (\b is ASCII-only).
const L = "(?<![\\p{L}\\p{N}_@])";
const R = "(?![\\p{L}\\p{N}_])";
const ND = "(?<![\\d])";
const NR = "(?![\\d])";

const PATTERNS: [MaskKind, RegExp][] = [
  // The local part starts where a run of its characters starts: scanning from every character would be quadratic.
  ["email", /(?<![\p{L}\p{N}._%+-])[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,}/gu],
  // UA and 27 digits, or any country's IBAN, written whole or in groups of four.
  ["iban", new RegExp(`${L}(?:[Uu][Aa]\\d{2}(?: ?\\d){25}|[A-Z]{2}\\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?)${R}`, "gu")],
  ["record-number", new RegExp(`${ND}(?:19|20)\\d{6}-\\d{5}${NR}`, "gu")],
  ["card", new RegExp(`${ND}\\d(?:[ -]?\\d){12,18}${NR}`, "gu")],
  [
    "phone",
    new RegExp(
      `(?:(?:\\+\\s?3\\s?8|${ND}38)\\s?(?:\\(0\\d{2}\\)|0\\d{2})|\\(0\\d{2}\\)|${ND}0\\d{2})[\\s-]?\\d{3}[\\s-]?\\d{2}[\\s-]?\\d{2}${NR}|\\+\\d{1,3}(?:[\\s-]?\\d){7,12}${NR}`,
      "gu",
    ),
  ],
  ["tax-id", new RegExp(`${ND}\\d{10}${NR}`, "gu")],
  // Passport booklets (МЕ 123456, Cyrillic series), foreign passports (FA123456), ID cards (9 digits).
  ["passport", new RegExp(`${L}[A-ZА-ЯІЇЄҐ]{2}\\s?№?\\s?\\d{6}${NR}|${ND}\\d{9}${NR}`, "gu")],
];

const WORD = "\\p{Lu}[\\p{Ll}'’ʼ]+(?:-\\p{Lu}?[\\p{Ll}'’ʼ]+)?";
const INITIALS = "(?:\\p{Lu}\\.\\s?){1,2}";
/** Up to four capitalised words (or initials) in a row, separated by single spaces. */
const RUN = new RegExp(`${L}(?:${INITIALS}\\s?)?${WORD}(?:\\s(?:${INITIALS}\\s?)?${WORD}){0,3}(?:\\s${INITIALS})?`, "gu");
const PATRONYMIC = /(?:ович|евич|йович|ьович)(?:а|у|ем|еві|ові)?$|(?:івн|ївн|овн)(?:а|и|і|у|ою)$/u;
const SURNAME = /(?:енк(?:о|а|у|ові|ом)|[чщю]?ук(?:а|у|ові|ом)?|ишин(?:а|у|ові|им)?|enko|chuk|iuk|yuk|shyn)$/u;
/** Words after which capitalised words are a person's name. */
const TITLE =
  /(?:^|[^\p{L}])(?:пан|пана|пані|панові|паном|інспектор\p{L}*|працівни\p{L}*|оператор\p{L}*|лікар\p{L}*|спеціаліст\p{L}*|адміністратор\p{L}*|звати|звуть|прізвище|ім'я|імʼя|mr|mrs|ms|miss|dr|officer|named|called|name is)\.?\s$/iu;
const SENTENCE_START = /(?:^|[.!?…:;\n]\s*|[«"(]\s*)$/u;

const nameish = (word: string, names: NameList) => {
  if (word.length < 2) return false;
  const plain = word.replace(APOSTROPHES, "'");
  return names.has(plain) || PATRONYMIC.test(plain) || (plain.length >= 6 && SURNAME.test(plain));
};

/** The text with personal data replaced by MASK_TOKENS; `names`: the register's names (see nameList). */
export function maskPersonalData(text: string, options: { names?: NameList } = {}): string {
  let masked = text;
  for (const [kind, pattern] of PATTERNS) masked = masked.replace(pattern, MASK_TOKENS[kind]);
  return maskNames(masked, options.names ?? EMPTY);
}

function maskNames(text: string, names: NameList): string {
  return text.replace(RUN, (run, offset: number) => {
    // What precedes the run, as far as a title or a sentence's end can reach: the whole prefix would be quadratic.
    const start = Math.max(0, offset - 40);
    const before = (start > 0 && /\p{L}/u.test(text[start - 1]) ? "x" : "") + text.slice(start, offset);
    const words = run.split(/\s+(?=\p{Lu})/u);
    // A capitalised title opens the run ("Mr Smith", "Пані Олена"): the words after it are the name.
    if (words.length > 1 && TITLE.test(`${words[0]} `)) return `${words[0]} ${MASK_TOKENS.name}`;
    const hasInitials = /\p{Lu}\./u.test(run);
    const anyName = words.some((word) => nameish(word.replace(/^(?:\p{Lu}\.\s?)+/u, ""), names));
    if (TITLE.test(before) || anyName || (hasInitials && words.length >= 2)) {
      // A sentence's first word is capitalised anyway: kept unless it is a name itself ("Дякую Олені").
      const first = words[0];
      const firstIsName = nameish(first, names) || /\p{Lu}\./u.test(first) || PATRONYMIC.test(words[1] ?? "");
      if (words.length > 1 && SENTENCE_START.test(before) && !firstIsName && !TITLE.test(before)) {
        return `${first} ${MASK_TOKENS.name}`;
      }
      return MASK_TOKENS.name;
    }
    return run;
  });
}
