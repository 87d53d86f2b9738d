/**
 * The property panel's labels and help in uk and en, keyed by step kind and property path (dotted;
 * "[]" for list items), e.g. payment → "amount", wait → "poll.every". The engine's schemas keep their
 * English descriptions for developers; the studio shows these. properties.test.ts walks every kind's
 * schema and fails when a property has no uk/en title (or no uk/en help where the engine has a description).
 */
import type { Lang } from "../../i18n/lang";

export interface PropertyText {
  title: { uk: string; en: string };
  help?: { uk: string; en: string };
}

const text = (uk: string, en: string, helpUk?: string, helpEn?: string): PropertyText => ({
  title: { uk, en },
  ...(helpUk && helpEn ? { help: { uk: helpUk, en: helpEn } } : {}),
});

const DURATION_HELP = ["Тривалість: P10D (10 днів), PT1H (1 година) або 10s, 5m, 2h, 30d", "A duration: P10D (10 days), PT1H (1 hour) or 10s, 5m, 2h, 30d"] as const;
const MAPPING_HELP = ["Назви й вирази CEL над даними заяви", "Names mapped to CEL expressions over the application's data"] as const;
const STEP_HELP = ["Ідентифікатор кроку цієї послуги", "The id of a step in this service"] as const;

/** Properties every kind has. */
const COMMON: Record<string, PropertyText> = {
  kind: text("Вид кроку", "Step kind"),
  title: text("Назва", "Title", "Текст для людей, для кожної мови", "A text for people, per language"),
  description: text("Опис", "Description", "Текст для людей, для кожної мови", "A text for people, per language"),
  position: text("Розташування", "Position", "Де студія малює крок", "Where the studio draws the step"),
  "position.x": text("По горизонталі", "Horizontal"),
  "position.y": text("По вертикалі", "Vertical"),
};

const saveAs = text("Зберегти як", "Save as", "Куди в даних заяви потрапляє результат; типово — ідентифікатор кроку", "Where the result goes in the application's data; defaults to the step id");
const next = text("Далі", "Next", ...STEP_HELP);
const timeout = text("Час очікування", "Timeout", ...DURATION_HELP);
const deadline = text("Строк", "Deadline", ...DURATION_HELP);
const input = text("Вхідні дані", "Input", ...MAPPING_HELP);
const purpose = text("Мета запиту", "Purpose", "Текст для людей, для кожної мови", "A text for people, per language");
const retry = {
  retry: text("Повторні спроби", "Retries", "Скільки разів повторювати невдалий виклик перед результатом «помилка»", "How often a failing call is retried before the error outcome"),
  "retry.maxAttempts": text("Найбільше спроб", "Most attempts"),
  "retry.backoff": text("Збільшення паузи", "Backoff"),
  "retry.interval": text("Пауза між спробами", "Interval", ...DURATION_HELP),
};

const BY_KIND: Record<string, Record<string, PropertyText>> = {
  form: {
    schema: text("Поля форми", "Form fields", "JSON Schema відповідей; редагується в конструкторі форми", "JSON Schema of the answers; edited in the form designer"),
    "schema.type": text("Тип", "Type"),
    uiSchema: text("Вигляд форми", "Form layout", "uiSchema rjsf; редагується в конструкторі форми", "rjsf uiSchema; edited in the form designer"),
    prefill: text("Попереднє заповнення", "Prefill", "Поле → вираз, що дає його початкове значення", "Field → expression giving its initial value"),
    saveAs: text("Зберегти як", "Save as", "Куди в даних потрапляють відповіді; типово — ідентифікатор кроку", "Where the answers go in the data; defaults to the step id"),
    party: text("Заповнює сторона", "Filled in by the party", "Роль сторони (з «Сторони заяви»), яка заповнює цю форму замість заявника", "A party role (under `parties`) who fills this form instead of the applicant"),
    summary: text(
      "Підсумок перед поданням",
      "Summary before sending",
      "Показує відповіді попередніх форм із посиланнями «Змінити»; зміна зберігається, а заява лишається на підсумку",
      "Shows the earlier forms' answers with Change links; a change is saved while the application stays at the summary",
    ),
    next,
  },
  registry: {
    registry: text("Реєстр", "Registry", "Конектор реєстру, налаштований у середовищі виконання", "A registry connector configured in the runtime"),
    operation: text("Операція", "Operation"),
    purpose,
    input,
    saveAs,
    timeout,
    ...retry,
    on: text("Результати", "Outcomes", "Результати операції (і помилка, час вичерпано) → наступний крок", "The operation's outcomes (and error, timeout) mapped to the next step"),
  },
  task: {
    handler: text("Обробник", "Handler", "Тип обробника, напр. fee-calculation", "The handler's type, e.g. fee-calculation"),
    version: text("Версія", "Version"),
    params: text("Параметри", "Parameters"),
    input,
    saveAs,
    timeout,
    ...retry,
    on: text("Результати", "Outcomes", "Результати обробника (і помилка, час вичерпано) → наступний крок", "The handler's outcomes (and error, timeout) mapped to the next step"),
  },
  decision: {
    branches: text("Гілки", "Branches"),
    "branches[].when": text("Умова", "When", "Вираз CEL над даними заяви, напр. person.age >= 18", "A CEL expression over the application's data, e.g. person.age >= 18"),
    "branches[].next": next,
    otherwise: text("Інакше", "Otherwise", ...STEP_HELP),
  },
  review: {
    role: text("Роль посадовців", "Officers' role", "Роль посадовців, які отримують завдання, напр. mvs-officer", "The officers' role that gets the task, e.g. mvs-officer"),
    instructions: text("Інструкції", "Instructions", "Текст для людей, для кожної мови", "A text for people, per language"),
    deadline,
    on: text("Рішення", "Decisions", "Рішення посадовця (схвалити, відмовити, повернути…) і час вичерпано → наступний крок", "The officer's decisions (approve, reject, sendBack…) and timeout mapped to the next step"),
  },
  payment: {
    amount: text("Сума", "Amount", "В основних одиницях валюти", "In the currency's main unit"),
    currency: text("Валюта", "Currency"),
    purpose: text("Призначення платежу", "Payment purpose", "Текст для людей, для кожної мови", "A text for people, per language"),
    deadline,
    saveAs,
    on: text("Результати", "Outcomes", "Сплачено, не вдалося і час вичерпано → наступний крок", "paid, failed and timeout mapped to the next step"),
  },
  sign: {
    content: text("Що підписується", "Signed content", ...MAPPING_HELP),
    documents: text("Документи", "Documents", "Документи (saveAs кроків документа), чий PDF теж підписується", "saveAs names of document steps whose issued PDF's SHA-256 is signed too"),
    saveAs: text("Зберегти як", "Save as", "Куди в даних потрапляє підсумок підпису; типово — ідентифікатор кроку", "Where the signature's summary goes in the data; defaults to the step id"),
    next,
    declined: text("Якщо відмовився", "If declined", ...STEP_HELP),
    parties: text("Підписують також", "Also signed by", "Сторони заяви, що теж підписують: [all] — усі, або перелік ролей", "Parties who sign too: [all] for every one, or a list of roles"),
  },
  invite: {
    role: text("Сторона", "Party", "Роль сторони з «Сторони заяви» (напр. partner, buyer, owner)", "A party role declared under `parties` (e.g. partner, buyer, owner)"),
    taxId: text("РНОКПП запрошеного", "Invitee's tax number", "Вираз CEL, що дає податковий номер; прийняти може лише ця особа", "A CEL expression giving the invitee's tax number; only that person may accept"),
    link: text("Посилання й код", "Link and code", "Дати заявникові одноразове посилання й код, щоб передати їх (типово так)", "Give the applicant a one-time link and code to pass on (default yes)"),
    message: text("Повідомлення", "Message", "Текст для людей, для кожної мови", "A text for people, per language"),
    deadline,
    saveAs: text("Зберегти як", "Save as", "Куди в даних потрапляє відповідь; типово — ідентифікатор кроку", "Where the answer goes in the data; defaults to the step id"),
    next: text("Якщо прийняв", "If accepted", ...STEP_HELP),
    declined: text("Якщо відмовився", "If declined", ...STEP_HELP),
    expired: text("Якщо минув строк", "If the deadline passed", ...STEP_HELP),
  },
  book: {
    provider: text("Постачальник записів", "Slot provider", "Календар відділів із каталогу (ДРАЦС, сервісні центри)", "An offices' calendar of the catalog (civil registry, service centres)"),
    service: text("Вид прийому", "Kind of appointment", "Те, на що записують, напр. marriage-ceremony", "What is booked, e.g. marriage-ceremony"),
    office: text("Відділ", "Office"),
    "office.from": text("Відділ із даних", "Office from the data", "Вираз CEL, що дає ідентифікатор відділу, напр. place.office", "A CEL expression giving the office's id, e.g. place.office"),
    holdMinutes: text("Притримати, хв", "Hold, minutes", "Скільки хвилин обраний час чекає на підтвердження", "How long a held time waits to be confirmed"),
    within: text("На скільки наперед", "How far ahead", ...DURATION_HELP),
    reminder: text("Нагадати за", "Remind before", ...DURATION_HELP),
    saveAs: text("Зберегти як", "Save as", "Куди в даних потрапляє запис (дата, час, відділ); типово — ідентифікатор кроку", "Where the booking (date, time, office) goes in the data; defaults to the step id"),
    next,
    noSlots: text("Якщо час не підійшов", "If no time suits", ...STEP_HELP),
    cancelled: text("Якщо відмовився", "If not booking", ...STEP_HELP),
  },
  document: {
    template: text("Шаблон", "Template"),
    data: text("Дані документа", "Document data", ...MAPPING_HELP),
    validFor: text("Дійсний протягом", "Valid for", ...DURATION_HELP),
    saveAs,
    holders: text("Кому видати", "Issued to", "Хто отримує документ, кожен свій примірник із власним номером: applicant (заявник) і/або ролі зі «Сторони заяви»; типово [applicant]", "Who gets the document, each their own copy with its own number: applicant and/or roles under `parties`; defaults to [applicant]"),
    next,
  },
  notification: {
    message: text("Повідомлення", "Message", "Текст для людей, для кожної мови", "A text for people, per language"),
    channels: text("Канали", "Channels"),
    next,
  },
  wait: {
    deadline,
    poll: text("Опитування реєстру", "Poll a registry", "Питати реєстр знову й знову, доки не відповість", "Asks a registry again and again until it answers"),
    "poll.registry": text("Реєстр", "Registry"),
    "poll.operation": text("Операція", "Operation"),
    "poll.purpose": purpose,
    "poll.input": input,
    "poll.saveAs": saveAs,
    "poll.every": text("Як часто", "Every", ...DURATION_HELP),
    until: text("Чекати до", "Until", "Вираз, що дає дату й час ISO 8601, коли мине час (напр. ceremony.start); не разом зі строком", "An expression giving the ISO 8601 date-time when time runs out (e.g. ceremony.start); not with a deadline"),
    "poll.pending": text("Результат «ще ні»", "“Not yet” outcome", "Результат, що означає «ще ні»; типово pending", "The outcome that means 'not yet'; default pending"),
    on: text("Події", "Events", "Події (або результати опитування) і час вичерпано → наступний крок", "Events (or poll outcomes) and timeout mapped to the next step"),
  },
  final: {
    outcome: text("Підсумок", "Outcome", "Що завершення означає для громадянина", "What the ending means for the citizen"),
    message: text("Повідомлення", "Message", "Текст для людей, для кожної мови", "A text for people, per language"),
    refund: text("Повернути оплату", "Refund the payment", "Чи повертати сплачене, коли заява завершується тут; типово так для відмови, скасування й помилки, ні для схвалення", "Whether what was paid is refunded when the application ends here; by default yes for rejected, cancelled and failed, no for approved"),
  },
};

/** The uk/en title and help of a property of a step kind (path dotted, list items as "[]"). */
export function propertyText(kind: string, path: string): PropertyText | undefined {
  return BY_KIND[kind]?.[path] ?? COMMON[path];
}

/** The property's label in the language, or the path itself when unknown. */
export function propertyLabel(kind: string | undefined, path: string, lang: Lang): string {
  const found = kind ? propertyText(kind, path) : COMMON[path];
  return found?.title[lang] ?? path;
}

export const PROPERTY_KINDS = Object.keys(BY_KIND);

/** The service's own properties (the form shown with no step selected). */
export const SERVICE_PROPERTY_TEXTS: Record<string, PropertyText> = {
  schemaVersion: text("Версія формату", "Format version"),
  id: text("Ідентифікатор послуги", "Service id", "Латиницею через дефіс, незмінний між версіями", "kebab-case id, stable across versions"),
  title: text("Назва послуги", "Service title"),
  description: text("Опис послуги", "Service description"),
  languages: text("Мови", "Languages", "Перша мова — основна", "The first language is the main one"),
  owner: text("Надавач", "Provider", "Орган, що надає послугу", "The authority that provides the service"),
  category: text("Категорія", "Category"),
  tags: text("Мітки", "Tags"),
  limits: text("Обмеження", "Limits"),
  "limits.openApplicationsPerApplicant": text("Незавершених заяв на особу", "Open applications per applicant"),
  "limits.applicationsPerDay": text("Заяв на день", "Applications per day"),
  "limits.minimumAge": text("Найменший вік", "Minimum age"),
  start: text("Перший крок", "First step"),
  steps: text("Кроки", "Steps"),
  coverageWaivers: text("Винятки покриття", "Coverage waivers", "Переходи, якими не мусить іти жоден сценарій, з причиною", "Outcome edges no scenario needs to take, each with a reason"),
  "coverageWaivers[].step": text("Крок", "Step"),
  "coverageWaivers[].outcome": text("Результат", "Outcome"),
  "coverageWaivers[].reason": text("Причина", "Reason"),
};

type SchemaNode = Record<string, unknown>;
const isNode = (x: unknown): x is SchemaNode => !!x && typeof x === "object" && !Array.isArray(x);

function localizeNode(node: SchemaNode, prefix: string, find: (path: string) => PropertyText | undefined, lang: Lang): SchemaNode {
  const out: SchemaNode = { ...node };
  if (isNode(node.properties)) {
    out.properties = Object.fromEntries(
      Object.entries(node.properties).map(([key, child]) => {
        if (!isNode(child)) return [key, child];
        const path = prefix ? `${prefix}.${key}` : key;
        const found = find(path);
        const localized = localizeNode(child, path, find, lang);
        if (found) {
          localized.title = found.title[lang];
          if (found.help) localized.description = found.help[lang];
        }
        return [key, localized];
      }),
    );
  }
  if (isNode(node.items)) out.items = localizeNode(node.items, `${prefix}[]`, find, lang);
  return out;
}

/** The property panel's schema of a step with titles and help in the language (known properties only). */
export function localizePropertySchema<T>(schema: T, kind: string | undefined, lang: Lang): T {
  if (!isNode(schema)) return schema;
  return localizeNode(schema, "", (path) => (kind ? propertyText(kind, path) : undefined), lang) as T;
}

/** The same for the service's own properties. */
export function localizeServiceSchema<T>(schema: T, lang: Lang): T {
  if (!isNode(schema)) return schema;
  return localizeNode(schema, "", (path) => SERVICE_PROPERTY_TEXTS[path], lang) as T;
}
