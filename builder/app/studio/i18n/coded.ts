/**
 * Texts the server and the engine send by code, written for analysts in uk and en: what stops publishing,
 * why a scenario fails (the simulator and the scenario runner), a template's problems (checkTemplate) and the
 * studio API's errors. Each arrives as { code, params, message } (engine/simulate/messages.ts): `message` is
 * the English text for developers (kept in a tooltip), `code` picks the text here and `params` fill it, step
 * ids named by their titles as problems.ts does. coded.test.ts fails when a code has no text or a plural
 * lacks a form its language needs. An unknown code shows its English message, never nothing.
 */
import type { CodedMessage } from "../../../../engine";
import type { Lang } from "../../i18n/lang";
import { formatText, type Text } from "./format";
import { stepTitle } from "./problems";

export type { CodedMessage };
type Params = Record<string, string | number>;

/** uk and en; a plural ({ one, few, many, other }) is chosen by params.n. */
export const CODED_TEXTS: Record<string, { uk: Text; en: Text }> = {
  // ── What stops publishing (engine/scenarios/coverage.ts, runtime/services/versions.ts, studio.server.ts) ──
  "publish.errors": {
    uk: { one: "Опис послуги має {n} помилку: виправте її (див. «Проблеми»)", few: "Опис послуги має {n} помилки: виправте їх (див. «Проблеми»)", many: "Опис послуги має {n} помилок: виправте їх (див. «Проблеми»)", other: "Опис послуги має {n} помилки: виправте їх (див. «Проблеми»)" },
    en: { one: "The service has {n} error: fix it (see Problems)", other: "The service has {n} errors: fix them (see Problems)" },
  },
  "publish.no-scenarios": {
    uk: "Ще немає жодного сценарію: зробіть пробний запуск послуги й збережіть його як сценарій",
    en: "No scenarios yet: do a test run of the service and save it as a scenario",
  },
  "publish.scenarios-fail": {
    uk: { one: "{n} сценарій не проходить: {names}", few: "{n} сценарії не проходять: {names}", many: "{n} сценаріїв не проходять: {names}", other: "{n} сценарію не проходять: {names}" },
    en: { one: "{n} scenario fails: {names}", other: "{n} scenarios fail: {names}" },
  },
  "publish.scenarios-unparsed": {
    uk: { one: "{n} файл сценарію не вдається прочитати", few: "{n} файли сценаріїв не вдається прочитати", many: "{n} файлів сценаріїв не вдається прочитати", other: "{n} файлу сценаріїв не вдається прочитати" },
    en: { one: "{n} scenario file cannot be read", other: "{n} scenario files cannot be read" },
  },
  "publish.edges-uncovered": {
    uk: {
      one: "{n} перехід не проходить жоден сценарій, і для нього немає винятку: {edges}. Додайте сценарій або виняток покриття з причиною",
      few: "{n} переходи не проходить жоден сценарій, і для них немає винятку: {edges}. Додайте сценарій або виняток покриття з причиною",
      many: "{n} переходів не проходить жоден сценарій, і для них немає винятку: {edges}. Додайте сценарій або виняток покриття з причиною",
      other: "{n} переходу не проходить жоден сценарій, і для них немає винятку: {edges}. Додайте сценарій або виняток покриття з причиною",
    },
    en: {
      one: "{n} transition is taken by no scenario and has no waiver: {edges}. Add a scenario, or a coverage waiver with a reason",
      other: "{n} transitions are taken by no scenario and have no waiver: {edges}. Add a scenario, or a coverage waiver with a reason",
    },
  },
  "publish.stray-waivers": {
    uk: "Винятки покриття без причини або для переходів, яких у послузі немає: {waivers}",
    en: "Coverage waivers without a reason, or naming no transition of the service: {waivers}",
  },

  // ── Why a run or a scenario fails (engine/simulate/simulate.ts, engine/scenarios/run.ts) ──
  "sim.machine-failed": { uk: "Запуск зупинився з помилкою: {detail}", en: "The run stopped with an error: {detail}" },
  "sim.incident": {
    uk: "{step}: обчислення не вдалося ({detail}); справжня заява тут зупинилася б і потребувала б втручання",
    en: "{step}: a computation failed ({detail}); a real application would stop here and need someone to step in",
  },
  "sim.stuck": { uk: "{step} не перейшов далі", en: "{step} did not move on" },
  "sim.no-input": { uk: "{step} чекає даних, яких не надано", en: "{step} waits for input that was not given" },
  "sim.no-way-out": { uk: "{step} не має продовження для результату «{outcome}»", en: "{step} has nowhere to go for the outcome “{outcome}”" },
  "sim.wrong-target": { uk: "{step} перейшов до кроку {went}, хоча результат «{outcome}» веде до {to}", en: "{step} went to {went}, though its outcome “{outcome}” leads to {to}" },
  "sim.undecided": { uk: "{step} не зміг обрати, куди вести далі", en: "{step} could not choose where to go" },
  "sim.final": { uk: "{step} завершальний: на ньому нічого не відбувається", en: "{step} is a final step: nothing happens there" },
  "sim.answers-not-map": { uk: "{step}: відповіді записано не як поля зі значеннями", en: "{step}: the answers are not written as fields with values" },
  "sim.answers-invalid": { uk: "{step}: відповіді не проходять перевірку форми ({detail})", en: "{step}: the answers do not pass the form's checks ({detail})" },
  "sim.reply-invalid": { uk: "{step}: відповідь має містити результат (outcome) і дані (data)", en: "{step}: the reply needs an outcome and data" },
  "sim.unknown-outcome": { uk: "{step} не має результату «{outcome}» (має: {outcomes})", en: "{step} has no outcome “{outcome}” (it has: {outcomes})" },
  "sim.amount-invalid": { uk: "{step}: сума до сплати — {value}, а не число", en: "{step}: the amount to pay is {value}, not a number" },
  "sim.step-error": { uk: "{step}: крок не вдалося виконати ({detail})", en: "{step}: the step could not be played ({detail})" },
  "scenario.invalid": { uk: "Файл сценарію написано неправильно (рядок {line}, позиція {column}): {detail}", en: "The scenario file is not written correctly (line {line}, column {column}): {detail}" },
  "scenario.no-answers": { uk: "Сценарій не дає відповідей для форми {step}", en: "The scenario gives no answers for the form {step}" },
  "scenario.no-reply": { uk: "Сценарій не дає відповіді для кроку {step}", en: "The scenario gives no reply for the step {step}" },
  "scenario.not-ended": { uk: "Заява не дійшла до завершення (зупинилася на кроці {step})", en: "The application did not end (it stopped at {step})" },
  "scenario.expected-final": { uk: "Мала завершитися на кроці {expected}, а завершилася на {step}", en: "It should end at {expected} but ended at {step}" },
  "scenario.expected-outcome": { uk: "Очікувався результат «{expected}», а вийшов «{actual}»", en: "The outcome should be “{expected}” but was “{actual}”" },
  "scenario.expected-documents": { uk: "Очікувалися документи [{expected}], а видано [{actual}]", en: "The documents should be [{expected}] but were [{actual}]" },
  "scenario.expected-path": { uk: "Очікувався шлях {expected}, а пройдено {actual}", en: "The path should be {expected} but was {actual}" },

  // ── A document template's problems (runtime/documents/templates.ts templateProblems, the designer's own) ──
  "tpl.not-mapping": { uk: "Шаблон має бути набором полів (id, version, title, numberPrefix, data, sections, card)", en: "The template must be a mapping (id, version, title, numberPrefix, data, sections, card)" },
  "tpl.check-failed": { uk: "Шаблон не вдалося перевірити: {detail}", en: "The template could not be checked: {detail}" },
  "tpl.invalid-key": { uk: "{where}: «{key}» не годиться як ключ (латинські літери, цифри й _, першою — літера)", en: "{where}: “{key}” is not a valid key (Latin letters, digits and _, starting with a letter)" },
  "tpl.missing": { uk: "{where}: не заповнено «{name}»", en: "{where}: “{name}” is missing" },
  "tpl.not-allowed": { uk: "{where}: «{name}» тут не допускається", en: "{where}: “{name}” is not allowed here" },
  "tpl.type": { uk: "{where}: має бути {type}", en: "{where}: must be {type}" },
  "tpl.enum": { uk: "{where}: {value} — не одне з дозволених значень ({allowed})", en: "{where}: {value} is not one of {allowed}" },
  "tpl.const": { uk: "{where}: має бути {value}", en: "{where}: must be {value}" },
  "tpl.id-pattern": { uk: "Ідентифікатор {value}: лише малі латинські літери, цифри й дефіси, першою — літера (parking-permit)", en: "Id {value}: lowercase Latin letters, digits and dashes, starting with a letter (parking-permit)" },
  "tpl.prefix-pattern": { uk: "Префікс номера {value}: від 1 до 6 великих латинських літер (PP)", en: "Number prefix {value}: 1 to 6 capital Latin letters (PP)" },
  "tpl.validity-pattern": { uk: "Строк дії {value}: запишіть тривалість, напр. P30D (30 днів), P12M (12 місяців), P1Y, P2W", en: "Validity {value}: write a duration such as P30D (30 days), P12M (twelve months), P1Y, P2W" },
  "tpl.min-items": {
    uk: { one: "{where}: потрібно щонайменше {n} значення", few: "{where}: потрібно щонайменше {n} значення", many: "{where}: потрібно щонайменше {n} значень", other: "{where}: потрібно щонайменше {n} значення" },
    en: { one: "{where}: needs at least {n} item", other: "{where}: needs at least {n} items" },
  },
  "tpl.empty": { uk: "{where}: не може бути порожнім", en: "{where}: must not be empty" },
  "tpl.minimum": { uk: "{where}: має бути не менше {n}", en: "{where}: must be at least {n}" },
  "tpl.section-kind": { uk: "{where}: розділ містить рівно одне з: рядки, таблицю, текст або фото", en: "{where}: a section has exactly one of rows, a table, text or a photo" },
  "tpl.schema": { uk: "{where}: неправильне значення ({detail})", en: "{where}: not valid ({detail})" },
  "tpl.not-property": { uk: "{where}: «{key}» немає серед полів даних (додайте його в «Поля даних»)", en: "{where}: “{key}” is not a data field (add it under Data fields)" },
  "tpl.not-name-part": { uk: "{where}: для імені частинами потрібне поле даних «{key}»", en: "{where}: a name in parts needs the data field “{key}”" },
  "tpl.duplicate-row": { uk: "{where}: рядок «{key}» уже є ({seen}); рядки не повторюються", en: "{where}: “{key}” is already a row ({seen}); rows are not repeated" },
  "tpl.row-required": { uk: "{where}: рядок обов'язковий, а поле даних «{key}» — ні (позначте його обов'язковим)", en: "{where}: the row is required but the data field “{key}” is not (mark it required)" },
  "tpl.row-required-any": { uk: "{where}: рядок обов'язковий, а дані не вимагають жодного з: {keys}", en: "{where}: the row is required but the data requires none of {keys}" },
  "tpl.table-not-list": { uk: "{where}: поле «{key}» має бути списком рядків", en: "{where}: “{key}” must be a list of rows in the data" },
  "tpl.column-not-property": { uk: "{where}: рядки списку «{table}» не мають поля «{key}»", en: "{where}: the rows of the list “{table}” have no field “{key}”" },
  "tpl.placeholder-unknown": { uk: "{where}: заповнювач {placeholder} — поля «{key}» немає в даних", en: "{where}: placeholder {placeholder} — “{key}” is not a data field" },
  "tpl.placeholder-format": { uk: "{where}: заповнювач {placeholder} — «{format}» не формат (є: {formats})", en: "{where}: placeholder {placeholder} — “{format}” is not a format ({formats})" },
  "tpl.brace": { uk: "{where}: фігурна дужка без пари; заповнювачі пишуть {example} або {exampleFormat}", en: "{where}: a brace without its pair; placeholders are written {example} or {exampleFormat}" },
  "tpl.photo-not-text": { uk: "{where}: поле фото «{key}» має бути текстом у даних (JPEG або PNG)", en: "{where}: the photo field “{key}” must be text in the data (a JPEG or PNG)" },
  "tpl.card-not-row": { uk: "{where}: «{key}» — не рядок шаблону (картка показує рядки)", en: "{where}: “{key}” is not a row of the template (the card shows rows)" },
  "tpl.id-missing": { uk: "Шаблон не має ідентифікатора; він має бути «{id}»", en: "The template has no id; it must be “{id}”" },
  "tpl.id-mismatch": { uk: "Ідентифікатор шаблону «{named}», а має бути «{id}»", en: "The template's id is “{named}”; it must be “{id}”" },
  "tpl.field-key": { uk: "Поле «{key}»: ключ починається з латинської літери й має лише літери, цифри та _", en: "Field “{key}”: a key starts with a letter and has only letters, digits and _" },
  "tpl.field-twice": { uk: "Два поля мають ключ «{key}»", en: "Two fields are called “{key}”" },
  "tpl.row-not-field": { uk: "Розділ {n}: рядок «{row}» друкує «{key}», а такого поля даних немає", en: "Section {n}: the row “{row}” prints “{key}”, which is not a data field" },
  "tpl.pick-field": { uk: "Розділ {n}: оберіть поле даних, яке він показує", en: "Section {n}: pick the data field it shows" },
  "tpl.text-not-field": { uk: "Розділ {n}: текст посилається на {placeholder}, а такого поля даних немає", en: "Section {n}: the text refers to {placeholder}, which is not a data field" },

  // ── The studio API's errors (apiError below) ──
  "api.session": { uk: "Сесія завершилася: увійдіть знову в іншій вкладці й працюйте далі", en: "Your session has expired: sign in again in another tab, then keep editing" },
  "api.stale-draft": {
    uk: "Поки ви працювали, чернетку змінено: версія {version}, автор — {by}. Завантажте її або перезапишіть своєю",
    en: "While you worked, the draft was changed: version {version}, by {by}. Load it or overwrite it with yours",
  },
  "api.stale-template": {
    uk: "Поки ви працювали, шаблон змінено: редакція {revision}, автор — {by}",
    en: "While you worked, the template was changed: revision {revision}, by {by}",
  },
  "api.stale": { uk: "Поки ви працювали, це змінили: оновіть сторінку", en: "It was changed while you worked: reload the page" },
  "api.template-gone": { uk: "Чернетку шаблону тим часом опубліковано або відкинуто: оновіть сторінку", en: "The template's draft was published or discarded meanwhile: reload the page" },
  "api.no-draft": { uk: "Цієї чернетки вже немає: можливо, її вилучили", en: "This draft no longer exists: it may have been deleted" },
  "api.no-example": { uk: "Прикладу «{id}» немає", en: "There is no example “{id}”" },
  "api.not-published": { uk: "Послугу «{id}» ще не опубліковано", en: "The service “{id}” is not published yet" },
  "api.no-version": { uk: "Послуга «{id}» не має версії {number}", en: "The service “{id}” has no version {number}" },
  "api.template-no-draft": { uk: "Шаблон «{id}» не має збереженої чернетки, яку можна опублікувати", en: "The template “{id}” has no saved draft to publish" },
  "api.not-found": { uk: "Цього вже немає: оновіть сторінку", en: "This no longer exists: reload the page" },
  "api.publish-blocked": { uk: "Не опубліковано: спершу усуньте перешкоди, перелічені нижче", en: "Not published: first clear the blockers listed below" },
  "api.template-problems": { uk: "Шаблон не можна опублікувати, доки в ньому є проблеми", en: "The template cannot be published while it has problems" },
  "api.preview-failed": { uk: "Не вдалося створити PDF ({detail})", en: "The PDF could not be made ({detail})" },
  "api.import-empty": { uk: "Імпортований файл порожній", en: "The imported file is empty" },
  "api.template-id": { uk: "Ідентифікатор шаблону — малі латинські літери, цифри й дефіси, першою — літера (parking-permit)", en: "A template id has lowercase Latin letters, digits and dashes, and starts with a letter (parking-permit)" },
  "api.scenario-name": { uk: "Назва сценарію «{name}» може містити лише латинські літери, цифри, . _ -", en: "The scenario name “{name}” may use Latin letters, digits, . _ - only" },
  "api.scenario-twice": { uk: "Два сценарії мають назву «{name}»", en: "Two scenarios are named “{name}”" },
  "api.too-many-scenarios": { uk: "Забагато сценаріїв", en: "Too many scenarios" },
  "api.source-too-large": { uk: "Текст послуги завеликий, щоб його зберегти", en: "The service's text is too large to save" },
  "api.scenario-too-large": { uk: "Сценарій «{name}» завеликий", en: "The scenario “{name}” is too large" },
  "api.template-too-large": { uk: "Шаблон більший за {kb} КБ", en: "The template is larger than {kb} KB" },
  "api.too-large": { uk: "Надіслане завелике, щоб його прийняти", en: "What was sent is too large to accept" },
  "api.invalid-data": { uk: "Сервер не прийняв дані ({detail})", en: "The server did not accept the data ({detail})" },
  "api.failed": { uk: "Сервер не зміг виконати запит ({status}): спробуйте ще раз", en: "The server could not do it ({status}): try again" },
};

/** Codes whose params name steps by id (shown by their titles). */
const STEP_PARAMS = new Set(["step", "went", "to"]);
const OUTCOMES: Record<string, { uk: string; en: string }> = {
  approved: { uk: "схвалено", en: "approved" },
  rejected: { uk: "відмовлено", en: "rejected" },
  cancelled: { uk: "скасовано", en: "cancelled" },
  failed: { uk: "не вдалося", en: "failed" },
};
const TYPES: Record<string, { uk: string; en: string }> = {
  object: { uk: "набором полів (ключ: значення)", en: "a mapping (key: value)" },
  array: { uk: "списком", en: "a list" },
  string: { uk: "текстом", en: "a text" },
  number: { uk: "числом", en: "a number" },
  integer: { uk: "цілим числом", en: "a whole number" },
  boolean: { uk: "«так» або «ні»", en: "yes or no" },
};
const TEMPLATE_PROPERTIES: Record<string, { uk: string; en: string }> = {
  id: { uk: "Ідентифікатор", en: "Id" },
  version: { uk: "Версія", en: "Version" },
  title: { uk: "Назва документа", en: "Document title" },
  numberPrefix: { uk: "Префікс номера", en: "Number prefix" },
  validFor: { uk: "Строк дії", en: "Validity" },
  seal: { uk: "Печатка", en: "Seal" },
  data: { uk: "Поля даних", en: "Data fields" },
  sections: { uk: "Макет", en: "Layout" },
  card: { uk: "Картка", en: "Card" },
};

/**
 * A template path as an analyst reads it: sections[2].rows[0].key → "Розділ 3, рядок 1" / "Section 3, row 1";
 * data.properties.plate → "Поле даних «plate»". Anything not recognised stays as it is.
 */
export function templatePlace(path: string, lang: Lang): string {
  const uk = lang === "uk";
  if (path === "the template" || path === "") return uk ? "Шаблон" : "The template";
  const parts = [...path.matchAll(/([A-Za-z_$][\w$-]*)|\[(\d+)\]/g)].map((m) => (m[2] !== undefined ? Number(m[2]) : m[1]));
  const [head, ...rest] = parts;
  const out: string[] = [];
  const nth = (i: unknown) => Number(i) + 1;
  if (head === "sections" && typeof rest[0] === "number") {
    out.push(`${uk ? "Розділ" : "Section"} ${nth(rest[0])}`);
    const numbered: Record<string, [string, string]> = { rows: ["рядок", "row"], columns: ["стовпчик", "column"], parts: ["частина", "part"] };
    const named: Record<string, [string, string]> = { table: ["таблиця", "table"], photo: ["фото", "photo"], text: ["текст", "text"] };
    rest.slice(1).forEach((part, i, all) => {
      const next = all[i + 1];
      if (typeof part !== "string") return; // a number: said with the name before it
      if (numbered[part] && typeof next === "number") out.push(`${numbered[part][uk ? 0 : 1]} ${nth(next)}`);
      else if (named[part]) out.push(named[part][uk ? 0 : 1]);
      else if (part === "uk" || part === "en") out[out.length - 1] += ` (${part})`;
    });
    return out.join(", ");
  }
  if (head === "card" && typeof rest[0] === "number") return `${uk ? "Картка, поле" : "Card, field"} ${nth(rest[0])}`;
  if (head === "data" && rest[0] === "properties" && typeof rest[1] === "string") {
    const key = [rest[1], ...rest.slice(2).filter((p) => typeof p === "string" && p !== "properties" && p !== "items")].join(".");
    return uk ? `Поле даних «${key}»` : `Data field “${key}”`;
  }
  if (head === "data" && rest[0] === "required") return uk ? "Обов'язкові поля даних" : "Required data fields";
  if (typeof head === "string" && TEMPLATE_PROPERTIES[head] && rest.length === 0) return TEMPLATE_PROPERTIES[head][lang];
  return path;
}

/**
 * An outcome edge as formatEdge writes it ("check.branch 0 → done") read with the steps' titles and the
 * outcome in words: «Перевірка» (умова 1) → «Готово». "next" is left unsaid.
 */
function readableEdge(edge: string, lang: Lang, step: (id: string) => string): string {
  const m = edge.match(/^([^.]+)\.(.+?)(?: → (.+))?$/);
  if (!m) return edge;
  const [, from, outcome, to] = m;
  const branch = outcome.match(/^branch (\d+)$/);
  const said = branch ? `${lang === "uk" ? "умова" : "condition"} ${Number(branch[1]) + 1}` : outcome === "otherwise" ? (lang === "uk" ? "інакше" : "otherwise") : outcome;
  return `${step(from)}${outcome === "next" ? "" : ` (${said})`}${to ? ` → ${step(to)}` : ""}`;
}

/** The text of a coded message in the language; `definition` names steps by their titles. */
export function codedText(lang: Lang, message: CodedMessage, definition?: unknown): string {
  const entry = CODED_TEXTS[message.code];
  if (!entry) return message.message;
  const params: Params = { ...message.params };
  const step = (id: unknown) => stepTitle(definition, String(id), lang);
  for (const key of STEP_PARAMS) if (key in params) params[key] = step(params[key]);
  // The simulator's sentences start with the step: "Крок «Оплата» …".
  if (message.code.startsWith("sim.") && typeof params.step === "string") params.step = `${lang === "uk" ? "Крок" : "Step"} ${params.step}`;
  switch (message.code) {
    case "scenario.expected-final":
      params.expected = step(params.expected);
      break;
    case "scenario.expected-path":
      for (const key of ["expected", "actual"]) params[key] = String(params[key]).split(">").map(step).join(" → ");
      break;
    case "scenario.expected-outcome":
      for (const key of ["expected", "actual"]) params[key] = OUTCOMES[String(params[key])]?.[lang] ?? params[key];
      break;
    case "publish.edges-uncovered":
      params.edges = String(params.edges)
        .split(", ")
        .map((edge) => readableEdge(edge, lang, step))
        .join(", ");
      break;
    case "tpl.type":
      params.type = TYPES[String(params.type)]?.[lang] ?? params.type;
      break;
    case "tpl.brace":
      params.example = "{key}";
      params.exampleFormat = "{key|format}";
      break;
  }
  if (message.code.startsWith("tpl.")) for (const key of ["where", "seen"]) if (typeof params[key] === "string") params[key] = templatePlace(String(params[key]), lang);
  return formatText(lang, entry[lang], params);
}

/** The studio API's error body ({ error: { code, message, details } }, data/errors.server.ts). */
export interface ApiErrorBody {
  code: string;
  message: string;
  details?: Record<string, unknown>;
}

/**
 * An API error as a coded message: the runtime's code (and details) with the server's English words read
 * the way problems.ts reads the validator's. The review's refusals (collaboration) and anything unknown keep
 * the server's message.
 */
export function apiError(status: number, error: ApiErrorBody | undefined): CodedMessage {
  const message = error?.message ?? "";
  const details = error?.details ?? {};
  const c = (code: string, params: Params = {}): CodedMessage => ({ code, params, message });
  const m = (re: RegExp) => message.match(re);
  let found: RegExpMatchArray | null;
  // No JSON error (a refusal before the route: the session, the CSRF token, the body's size), or the client's own.
  if (!error || error.code === "internal") {
    if (status === 403) return c("api.session");
    if (status === 413) return c("api.too-large");
    return c("api.failed", { status });
  }
  switch (error.code) {
    case "csrf":
      return c("api.session");
    case "stale_version": {
      const current = details.current as { version?: number; revision?: number; updatedBy?: string } | null | undefined;
      if (current === null) return c("api.template-gone");
      if (current?.revision !== undefined) return c("api.stale-template", { revision: current.revision, by: String(current.updatedBy ?? "") });
      if (current?.version !== undefined) return c("api.stale-draft", { version: current.version, by: String(current.updatedBy ?? "") });
      return c("api.stale");
    }
    case "not_found":
      if (/^No draft /.test(message)) return c("api.no-draft");
      if ((found = m(/^No example "(.*)"$/))) return c("api.no-example", { id: found[1] });
      if ((found = m(/^Service "(.*)" is not published/))) return c("api.not-published", { id: found[1] });
      if ((found = m(/^Service "(.*)" has no version (\d+)/))) return c("api.no-version", { id: found[1], number: found[2] });
      if ((found = m(/^Template "(.*)" has no saved draft to publish/))) return c("api.template-no-draft", { id: found[1] });
      return c("api.not-found");
    case "invalid_definition": {
      if (details.check) return c("api.publish-blocked");
      // The runtime's own publish gate (runtime/services/versions.ts): its first blocker says why.
      const first = Array.isArray(details.problems) ? (details.problems[0] as Partial<CodedMessage> | undefined) : undefined;
      if (typeof first?.code === "string" && first.code.startsWith("publish.") && first.params && typeof first.message === "string") return first as CodedMessage;
      if (details.blockers) return c("api.publish-blocked");
      if (details.problems) return c("api.template-problems");
      if ((found = m(/^The preview could not be made: (.*)$/s))) return c("api.preview-failed", { detail: found[1] });
      return { code: "", params: {}, message };
    }
    case "payload_too_large":
      if (/source is too large/.test(message)) return c("api.source-too-large");
      if ((found = m(/^Scenario (\S+) is too large/))) return c("api.scenario-too-large", { name: found[1] });
      if ((found = m(/larger than (\d+) KB/))) return c("api.template-too-large", { kb: found[1] });
      return c("api.too-large");
    case "invalid_data":
      if (/imported file is empty/.test(message)) return c("api.import-empty");
      if (/^(A template id|Template id)/.test(message)) return c("api.template-id");
      if ((found = m(/^Scenario name "(.*)" may use/))) return c("api.scenario-name", { name: found[1] });
      if ((found = m(/^Two scenarios are named (.*)$/))) return c("api.scenario-twice", { name: found[1] });
      if (/^Too many scenarios/.test(message)) return c("api.too-many-scenarios");
      return c("api.invalid-data", { detail: message });
    default:
      return { code: "", params: {}, message };
  }
}

/** An API error in the analyst's language. */
export const apiErrorText = (lang: Lang, status: number, error: ApiErrorBody | undefined): string => codedText(lang, apiError(status, error));
