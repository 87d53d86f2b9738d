/**
 * Problems written for analysts: every validator code (engine/validation issueCodes) has a uk and an en
 * sentence naming the step by its title ("Крок «Оплата» не має продовження, якщо оплата не вдалася"),
 * and a hint. The engine's own English message and the code stay for developers (shown small).
 * problems.test.ts fails when a code the engine can report has no text here.
 */
import type { Issue } from "../../../../engine";
import type { Lang } from "../../i18n/lang";
import { formatText, type Text } from "./format";
import { propertyLabel } from "./properties";

type Params = Record<string, string | number>;
interface ProblemText {
  uk: Text;
  en: Text;
  hint?: { uk: string; en: string };
}

const P = (uk: Text, en: Text, hintUk?: string, hintEn?: string): ProblemText => ({ uk, en, ...(hintUk && hintEn ? { hint: { uk: hintUk, en: hintEn } } : {}) });

/** {step}: "Крок «Оплата»" / "Step “Payment”" (or "Послуга" / "The service"); {where}: the property's label; {q0}, {q1}…: names from the engine's message. */
export const PROBLEM_TEXTS: Record<string, ProblemText> = {
  "yaml.syntax": P("Текст послуги не вдається прочитати в рядку {line}", "The service text cannot be read at line {line}", "перевірте відступи, двокрапки й лапки", "check the indentation, colons and quotes"),
  "yaml.duplicate-key": P("Ключ «{key}» записано двічі в тому самому місці (рядок {line})", "The key “{key}” is written twice in the same place (line {line})", "залиште один", "keep one of them"),
  "step.duplicate-id": P("Два кроки мають той самий ідентифікатор «{key}» (рядок {line})", "Two steps have the same id “{key}” (line {line})", "перейменуйте один із них", "rename one of them"),
  "yaml.invalid-character": P("У тексті є недопустимий символ (рядок {line}, позиція {column})", "The text has a character that is not allowed (line {line}, column {column})", "видаліть його або замініть звичайним", "delete it or use an ordinary one"),
  "yaml.too-deep": P("Текст вкладено надто глибоко (рядок {line})", "The text nests too deeply (line {line})", "опису послуги потрібно значно менше рівнів", "a service definition needs far fewer levels"),
  "yaml.recursive-alias": P("Посилання YAML у рядку {line} вказує саме на себе", "The YAML alias at line {line} refers to itself", "скопіюйте потрібну частину замість посилання", "copy the part you need instead"),
  "schema.invalid": P("{step}: «{where}» — {detail}", "{step}: “{where}” {detail}", "виправте значення", "correct the value"),
  "schema.missing-property": P("{step}: не заповнено «{missing}»", "{step}: “{missing}” is missing", "заповніть його", "fill it in"),
  "schema.unknown-property": P("{step}: невідома властивість «{q0}»", "{step}: unknown property “{q0}”", "видаліть її або виправте назву", "delete it or correct its name"),
  "schema.unknown-kind": P("{step}: невідомий вид кроку «{kind}»", "{step}: unknown step kind “{kind}”", "оберіть вид із палітри", "choose a kind from the palette"),
  "schema.too-deep": P("Опис послуги вкладено надто глибоко або він містить сам себе", "The service definition nests too deeply or contains itself", "опису послуги потрібно значно менше рівнів", "a service definition needs far fewer levels"),
  "schema.not-finite": P("{step}: «{where}» має бути скінченним числом", "{step}: “{where}” must be a finite number", "напишіть число, напр. 100", "write a number such as 100"),
  "name.reserved": P("Назву «{q0}» використати не можна: вона зарезервована", "The name “{q0}” cannot be used: it is reserved", "оберіть іншу назву", "choose another name"),
  "step.unknown-target": P("{step} веде до кроку «{q0}», якого немає", "{step} leads to a step “{q0}” that does not exist", "оберіть наявний крок", "choose an existing step"),
  "step.unreachable": P("До кроку {title} не можна дійти від початку послуги", "Step {title} cannot be reached from the start of the service", "з'єднайте його з іншим кроком або видаліть", "link it from another step or delete it"),
  "step.no-way-out": P("{step} нікуди не веде", "{step} leads nowhere", "з'єднайте його з наступним кроком або зробіть завершальним", "link it to the next step or make it a final step"),
  "step.cannot-finish": P("З кроку {title} не можна дійти до завершення: заяви ніколи не закінчаться", "From step {title} no final step can be reached: applications would never end", "додайте вихід із циклу до завершального кроку", "add a way out of the loop to a final step"),
  "step.decision-loop": P("Рішення {title} стоїть у циклі з самих рішень і повторювалося б без кінця", "Decision {title} is on a loop of decisions only and would repeat forever", "додайте в цикл крок, що чекає (форму, розгляд, запит до реєстру), або завершіть його", "put a step that waits (a form, a review, a registry call) in the loop, or end it"),
  "outcome.missing-error": P("{step} не має продовження, {outcomes}", "{step} has nowhere to go {outcomes}", "додайте продовження для помилки", "add where to go on error"),
  "deadline.missing-timeout": P("{step} має строк, але не має продовження, коли строк мине", "{step} has a deadline but nowhere to go when it passes", "додайте продовження «час вичерпано»", "add where to go on timeout"),
  "deadline.and-until": P("{step} має і строк, і момент «до», коли мине час: залиште одне", "{step} has both a deadline and an “until” instant: keep one", "строк рахується від входу в крок, «до» — конкретний момент (напр. початок церемонії)", "a deadline counts from entering the step, “until” is an instant (e.g. the ceremony's start)"),
  "deadline.missing": P("{step} має продовження на випадок, коли мине строк, але строку не задано", "{step} says where to go when the deadline passes but has no deadline", "задайте строк, напр. P10D", "set a deadline such as P10D"),
  "duration.invalid": P("{step}: «{q0}» — не тривалість", "{step}: “{q0}” is not a duration", "пишіть P10D, PT1H або 10s, 5m, 2h, 30d", "write P10D, PT1H or 10s, 5m, 2h, 30d"),
  "registry.unknown": P("{step}: реєстру «{q0}» немає", "{step}: there is no registry “{q0}”", "оберіть реєстр зі списку", "choose a registry from the list"),
  "registry.unknown-operation": P("{step}: реєстр «{q0}» не має операції «{q1}»", "{step}: registry “{q0}” has no operation “{q1}”", "оберіть операцію зі списку", "choose an operation from the list"),
  "registry.unknown-outcome": P("{step}: операція реєстру ніколи не повертає результат «{q0}»", "{step}: the registry operation never reports “{q0}”", "видаліть цей результат", "delete this outcome"),
  "outcome.unhandled": P("{step} не має продовження, {outcomes}", "{step} has nowhere to go {outcomes}", "з'єднайте кожен результат із наступним кроком", "link each outcome to the next step"),
  "handler.unknown": P("{step}: обробника «{q0}» (цієї версії) немає", "{step}: there is no handler “{q0}” (of this version)", "оберіть обробник зі списку", "choose a handler from the list"),
  "handler.unknown-outcome": P("{step}: обробник «{q0}» ніколи не повертає результат «{q1}»", "{step}: handler “{q0}” never reports “{q1}”", "видаліть цей результат", "delete this outcome"),
  "handler.invalid-params": P("{step}: параметри обробника «{q0}» неправильні", "{step}: the parameters of handler “{q0}” are not valid", "перевірте параметри на сторінці «Розробникам»", "check the parameters on the Developers page"),
  "template.unknown": P("{step}: шаблону документа «{q0}» немає", "{step}: there is no document template “{q0}”", "оберіть шаблон зі списку", "choose a template from the list"),
  "role.unknown": P("{step}: ролі посадовців «{q0}» немає", "{step}: there is no officer role “{q0}”", "оберіть роль зі списку", "choose a role from the list"),
  "input.unknown-field": P("{step}: виклик не приймає вхідного поля «{field}»", "{step}: the call takes no input “{field}”", "видаліть його або виправте назву", "delete it or correct its name"),
  "input.missing-field": P(
    { one: "{step}: бракує вхідного поля {names}", few: "{step}: бракує вхідних полів {names}", many: "{step}: бракує вхідних полів {names}", other: "{step}: бракує вхідних полів {names}" },
    { one: "{step}: the input {names} is missing", other: "{step}: the inputs {names} are missing" },
    "додайте їх у вхідні дані", "add them to the input",
  ),
  "document.missing-field": P("{step}: шаблону «{q0}» бракує даних для документа", "{step}: template “{q0}” lacks data to issue the document", "додайте потрібні поля в дані документа", "add the fields it needs to the document data"),
  "document.unknown-field": P("{step}: шаблон «{q0}» не використовує поле «{q1}»", "{step}: template “{q0}” does not read “{q1}”", "видаліть його або виправте назву", "delete it or correct its name"),
  "review.unknown-decision": P("{step}: «{q0}» — не рішення, яке може ухвалити посадовець", "{step}: “{q0}” is not a decision an officer can take", "посадовці схвалюють (approve), відмовляють (reject) або повертають (sendBack)", "officers approve, reject or sendBack"),
  "payment.unknown-currency": P("{step}: жоден платіжний провайдер не приймає валюту {currency}", "{step}: no payment provider takes {currency}", "оберіть валюту зі списку", "choose a currency from the list"),
  "form.invalid-schema": P("{step}: поля форми описано неправильно", "{step}: the form's fields are not described correctly", "відкрийте конструктор форми", "open the form designer"),
  "form.unknown-required": P("{step}: поле «{q0}» позначене обов'язковим, але такого поля у формі немає", "{step}: “{q0}” is required but is not a field of the form", "додайте поле або зніміть позначку", "add the field or untick it"),
  "form.unsafe-pattern": P("{step}: шаблон перевірки {pattern} відхилено: він може перевіряти надто довго", "{step}: the check pattern {pattern} is refused: it could take too long", "уникайте вкладених повторень на зразок (a+)+", "avoid nested repetition such as (a+)+"),
  "form.too-many": P(
    { one: "Послуга має понад {n} різну форму", few: "Послуга має понад {n} різні форми", many: "Послуга має понад {n} різних форм", other: "Послуга має понад {n} різної форми" },
    { one: "The service has more than {n} different form", other: "The service has more than {n} different forms" },
    "послузі потрібно значно менше форм", "a service needs far fewer",
  ),
  "form.summary-unchangeable": P("{step}: у підсумку не буде посилань «Змінити»", "{step}: the summary will have no “Change” links", "поставте форму, яку варто змінювати, після кроків, що читають її відповіді", "ask the form after the steps that read its answers"),
  "expression.syntax": P("{step}: у виразі «{where}» помилка запису", "{step}: the expression in “{where}” is not written correctly", "перевірте дужки, лапки й оператори", "check the brackets, quotes and operators"),
  "expression.too-complex": P("{step}: вираз у «{where}» надто складний", "{step}: the expression in “{where}” is too complex", "розбийте його на простіші вирази або кроки", "split it into simpler expressions or steps"),
  "expression.too-costly": P("{step}: вираз у «{where}» обчислювався б надто довго", "{step}: the expression in “{where}” would take too long to compute", "розбийте його на простіші вирази або кроки", "split it into simpler expressions or steps"),
  "expression.unknown-field": P("{step}: вираз у «{where}» читає «{q0}», якого на цьому кроці може не бути в даних заяви", "{step}: the expression in “{where}” reads “{q0}”, which may not be in the application's data at this step", "перевірте назву або порядок кроків", "check the name or the order of the steps"),
  "expression.unknown-property": P("{step}: у виразі «{where}» «{q0}» не має поля «{q1}»", "{step}: in the expression in “{where}”, “{q0}” has no field “{q1}”", "перевірте назву поля", "check the field's name"),
  "expression.type": P("{step}: у виразі «{where}» не збігаються типи значень", "{step}: the expression in “{where}” mixes up types of values", "порівняйте значення, напр. x == 1", "compare the value, e.g. x == 1"),
  "expression.unknown-value": P("{step}: вираз у «{where}» порівнює поле зі значенням, якого воно ніколи не має", "{step}: the expression in “{where}” compares a field with a value it never has", "оберіть значення зі списку поля", "choose one of the field's values"),
  "expression.numeric-mix": P("{step}: вираз у «{where}» змішує цілі й дробові числа", "{step}: the expression in “{where}” mixes whole and decimal numbers", "перетворіть обидва на один тип: double(…) або int(…)", "convert both to one type: double(…) or int(…)"),
  "expression.optional-field": P("{step}: вираз у «{where}» читає необов'язкове поле «{q0}», якого може не бути", "{step}: the expression in “{where}” reads the optional field “{q0}”, which may be absent", "спершу перевірте його: has(…)", "check it first: has(…)"),
  "expression.invalid-literal": P("{step}: у виразі «{where}» неправильне значення", "{step}: the expression in “{where}” has a value that is not valid", "виправте дату, тривалість чи число", "correct the date, duration or number"),
  "expression.target-type": P("{step}: вираз у «{where}» дає значення не того типу", "{step}: the expression in “{where}” gives a value of the wrong type", "перетворіть значення або оберіть інше поле", "convert the value or choose another field"),
  "translation.missing": P("{step}: у «{where}» бракує тексту мовою {languages}", "{step}: “{where}” has no text in {languages}", "допишіть переклад", "write the translation"),
  "party.unknown-role": P("{step}: сторони «{q0}» немає серед сторін заяви", "{step}: there is no party “{q0}” among the application's parties", "оберіть сторону зі списку або додайте її до сторін послуги", "choose a party from the list or add it to the service's parties"),
  "party.reserved-role": P("{step}: «{q0}» — це заявник, а не інша сторона", "{step}: “{q0}” is the applicant, not another party", "назвіть сторону за тим, ким вона є: partner, buyer, owner", "name the party after what the person is: partner, buyer, owner"),
  "party.not-invited": P("{step}: жоден крок не запрошує сторону «{q0}»", "{step}: no step invites the party “{q0}”", "додайте раніше крок «Запрошення» для цієї сторони", "add an Invitation step for this party before it"),
  "party.unknown-data": P("{step}: жоден крок не зберігає «{q0}», тож сторона «{q1}» не може цього бачити", "{step}: no step saves “{q0}”, so the party “{q1}” cannot see it", "вкажіть результат кроку (назву збереження форми або ідентифікатор кроку)", "name a step's result (a form's saveAs or a step id)"),
  "invite.unreachable": P("{step}: запрошення не має ні посилання, ні податкового номера — запрошений його не знайде", "{step}: the invitation has neither a link nor a tax number: the invitee cannot find it", "увімкніть посилання або вкажіть податковий номер запрошеного", "turn the link on or give the invitee's tax number"),
  "slots.unknown-provider": P("{step}: постачальника записів «{q0}» немає в каталозі", "{step}: there is no slot provider “{q0}” in the catalog", "оберіть постачальника записів зі списку", "choose a slot provider from the list"),
  "slots.unknown-service": P("{step}: постачальник «{q0}» не записує на «{q1}»", "{step}: slot provider “{q0}” books no “{q1}”", "оберіть вид прийому зі списку", "choose a kind of appointment from the list"),
  "slots.unknown-office": P("{step}: відділ «{q0}» не приймає на цей вид прийому", "{step}: office “{q0}” does not take this kind of appointment", "оберіть відділ зі списку або дозвольте громадянинові обрати його", "choose an office from the list or let the citizen choose one"),
  "review.sendback-before-payment": P("{step}: повернення заяви на крок {target} знову проходить оплату {payment}", "{step}: sending back to step {target} passes the payment {payment} again", "ту саму суму двічі не стягують; якщо виправлення можуть змінити суму, скажіть про це в інструкціях", "the same amount is not charged twice; if corrections can change the amount, say so in the instructions"),
};

/** The structural (JSON Schema) messages of ajv, in uk/en, counts pluralised. */
const SCHEMA_DETAILS: { re: RegExp; uk: Text; en: Text }[] = [
  { re: /must NOT have fewer than (\d+) items/, uk: { one: "потрібно щонайменше {n} значення", few: "потрібно щонайменше {n} значення", many: "потрібно щонайменше {n} значень", other: "потрібно щонайменше {n} значення" }, en: { one: "needs at least {n} value", other: "needs at least {n} values" } },
  { re: /must NOT have more than (\d+) items/, uk: { one: "можна не більше {n} значення", few: "можна не більше {n} значень", many: "можна не більше {n} значень", other: "можна не більше {n} значення" }, en: { one: "takes at most {n} value", other: "takes at most {n} values" } },
  { re: /must NOT have fewer than (\d+) characters/, uk: { one: "потрібно щонайменше {n} символ", few: "потрібно щонайменше {n} символи", many: "потрібно щонайменше {n} символів", other: "потрібно щонайменше {n} символу" }, en: { one: "needs at least {n} character", other: "needs at least {n} characters" } },
  { re: /must NOT have more than (\d+) characters/, uk: { one: "можна не більше {n} символу", few: "можна не більше {n} символів", many: "можна не більше {n} символів", other: "можна не більше {n} символу" }, en: { one: "takes at most {n} character", other: "takes at most {n} characters" } },
  { re: /must NOT have fewer than (\d+) properties/, uk: { one: "потрібно щонайменше {n} елемент", few: "потрібно щонайменше {n} елементи", many: "потрібно щонайменше {n} елементів", other: "потрібно щонайменше {n} елемента" }, en: { one: "needs at least {n} entry", other: "needs at least {n} entries" } },
  { re: /must be >= (-?[\d.]+)/, uk: "має бути не менше {n}", en: "must be at least {n}" },
  { re: /must be <= (-?[\d.]+)/, uk: "має бути не більше {n}", en: "must be at most {n}" },
  { re: /must be > (-?[\d.]+)/, uk: "має бути більше {n}", en: "must be more than {n}" },
  { re: /must be < (-?[\d.]+)/, uk: "має бути менше {n}", en: "must be less than {n}" },
  { re: /must be (string)\b/, uk: "має бути текстом", en: "must be a text" },
  { re: /must be (integer)\b/, uk: "має бути цілим числом", en: "must be a whole number" },
  { re: /must be (number)\b/, uk: "має бути числом", en: "must be a number" },
  { re: /must be (boolean)\b/, uk: "має бути «так» або «ні»", en: "must be yes or no" },
  { re: /must be (object)\b/, uk: "має бути набором полів", en: "must be a set of fields" },
  { re: /must be (array)\b/, uk: "має бути списком", en: "must be a list" },
  { re: /must be equal to one of the allowed values/, uk: "має бути одним із дозволених значень", en: "must be one of the allowed values" },
  { re: /must be equal to constant/, uk: "має бути саме таким, як дозволено", en: "must be exactly the allowed value" },
  { re: /must match pattern/, uk: "записано в неправильному форматі", en: "is not in the right format" },
  { re: /must match format "([^"]+)"/, uk: "записано в неправильному форматі ({n})", en: "is not in the right format ({n})" },
  { re: /must NOT have duplicate items/, uk: "має повторювані значення", en: "has repeated values" },
];

const SERVICE_PROPERTIES: Record<string, { uk: string; en: string }> = {
  schemaVersion: { uk: "Версія формату", en: "Format version" },
  id: { uk: "Ідентифікатор послуги", en: "Service id" },
  title: { uk: "Назва послуги", en: "Service title" },
  description: { uk: "Опис послуги", en: "Service description" },
  languages: { uk: "Мови", en: "Languages" },
  owner: { uk: "Надавач", en: "Provider" },
  category: { uk: "Категорія", en: "Category" },
  tags: { uk: "Мітки", en: "Tags" },
  limits: { uk: "Обмеження", en: "Limits" },
  start: { uk: "Перший крок", en: "First step" },
  steps: { uk: "Кроки", en: "Steps" },
  coverageWaivers: { uk: "Винятки покриття", en: "Coverage waivers" },
};

/** What a step can report, as the end of "…has nowhere to go ___". */
const OUTCOME_PHRASES: Record<string, { uk: string; en: string }> = {
  error: { uk: "якщо виклик не вдався", en: "if the call fails" },
  failed: { uk: "якщо оплата не вдалася", en: "if the payment fails" },
  paid: { uk: "після оплати", en: "after the payment" },
  timeout: { uk: "якщо минув строк", en: "if the time runs out" },
  declined: { uk: "якщо громадянин відмовився підписати", en: "if the citizen declines to sign" },
  signed: { uk: "після підпису", en: "after the signature" },
  approve: { uk: "якщо посадовець схвалив", en: "if the officer approves" },
  reject: { uk: "якщо посадовець відмовив", en: "if the officer rejects" },
  sendBack: { uk: "якщо посадовець повернув заяву", en: "if the officer sends it back" },
};
const PAYMENT_ERROR = { uk: "якщо оплата не вдалася", en: "if the payment fails" };

const quote = (lang: Lang, s: string) => (lang === "uk" ? `«${s}»` : `“${s}”`);
const isObject = (x: unknown): x is Record<string, unknown> => !!x && typeof x === "object" && !Array.isArray(x);

function textIn(value: unknown, lang: Lang): string | undefined {
  if (typeof value === "string") return value;
  if (isObject(value)) {
    const own = value[lang] ?? value.uk ?? value.en ?? Object.values(value)[0];
    return typeof own === "string" ? own : undefined;
  }
  return undefined;
}

function stepOf(definition: unknown, id: string): Record<string, unknown> | undefined {
  const steps = isObject(definition) ? definition.steps : undefined;
  const step = isObject(steps) ? steps[id] : undefined;
  return isObject(step) ? step : undefined;
}

/** A step's title in the language (its id when it has none), quoted: «Оплата» / “Payment”. */
export function stepTitle(definition: unknown, id: string, lang: Lang): string {
  return quote(lang, textIn(stepOf(definition, id)?.title, lang)?.trim() || id);
}

const stepIdOf = (issue: Issue) => (issue.path[0] === "steps" && issue.path.length >= 2 ? String(issue.path[1]) : undefined);

/** The label of the property a path points at, inside a step of `kind` (numbers as "[]"), or of the service. */
function whereOf(path: (string | number)[], kind: string | undefined, lang: Lang): string {
  if (path[0] !== "steps" || path.length < 3) {
    const key = String(path[0] ?? "");
    return SERVICE_PROPERTIES[key]?.[lang] ?? (key || (lang === "uk" ? "опис послуги" : "the definition"));
  }
  const rest = path.slice(2);
  if (rest[0] === "on" && rest.length >= 2) return `${propertyLabel(kind, "on", lang)} → ${rest[1]}`;
  let dotted = "";
  for (const part of rest) dotted = typeof part === "number" ? `${dotted}[]` : dotted ? `${dotted}.${part}` : String(part);
  for (let parts = dotted.split("."); parts.length; parts = parts.slice(0, -1)) {
    const label = propertyLabel(kind, parts.join("."), lang);
    if (label !== parts.join(".")) return label;
  }
  return dotted;
}

function schemaDetail(message: string, lang: Lang): string {
  for (const d of SCHEMA_DETAILS) {
    const m = message.match(d.re);
    if (m) return formatText(lang, d[lang], { n: m[1] ?? "" });
  }
  if (/is not valid/.test(message)) return lang === "uk" ? "неправильне значення" : "is not valid";
  return lang === "uk" ? "неправильне значення" : "is not valid";
}

export interface AnalystProblem {
  message: string;
  hint?: string;
}

/** The problem as an analyst reads it, in the language, with the step named by its title. */
export function analystProblem(issue: Issue, definition: unknown, lang: Lang): AnalystProblem {
  const entry = PROBLEM_TEXTS[issue.code];
  if (!entry) return { message: issue.message, hint: issue.hint };
  const id = stepIdOf(issue);
  const step = id ? stepOf(definition, id) : undefined;
  const kind = typeof step?.kind === "string" ? step.kind : undefined;
  const quoted = [...issue.message.matchAll(/"([^"]*)"/g)].map((m) => m[1]);
  const title = id ? stepTitle(definition, id, lang) : "";
  const params: Params = {
    step: id ? `${lang === "uk" ? "Крок" : "Step"} ${title}` : lang === "uk" ? "Послуга" : "The service",
    title,
    where: whereOf(issue.path, kind, lang),
    line: issue.line,
    column: issue.column,
    field: String(issue.path[issue.path.length - 1] ?? ""),
    key: String(issue.path[issue.path.length - 1] ?? ""),
  };
  quoted.forEach((q, i) => {
    params[`q${i}`] = q;
  });
  for (let i = quoted.length; i < 3; i++) params[`q${i}`] = params.field;
  switch (issue.code) {
    case "schema.invalid":
      params.detail = schemaDetail(issue.message, lang);
      if (issue.path.length === 0) return { message: lang === "uk" ? "Опис послуги має містити schemaVersion, id, title, start і steps" : "A service definition must have schemaVersion, id, title, start and steps" };
      break;
    case "schema.missing-property":
      params.missing = id && issue.path.length <= 2 ? propertyLabel(kind, quoted[0] ?? "", lang) : (SERVICE_PROPERTIES[quoted[0] ?? ""]?.[lang] ?? quoted[0] ?? "");
      break;
    case "schema.unknown-kind":
      params.kind = quoted[0] ?? issue.message.replace(/^Unknown step kind /, "");
      break;
    case "step.unknown-target":
      if (!id) return { message: lang === "uk" ? `Послуга починається з кроку ${quote(lang, quoted[0] ?? "")}, якого немає` : `The service starts with a step ${quote(lang, quoted[0] ?? "")} that does not exist`, hint: entry.hint?.[lang] };
      break;
    case "outcome.missing-error":
    case "outcome.unhandled": {
      const outcomes = issue.code === "outcome.missing-error" ? ["error"] : [...(issue.message.match(/can report (.+), but/)?.[1] ?? "").matchAll(/"([^"]*)"/g)].map((m) => m[1]);
      params.outcomes = outcomes
        .map((o) => (kind === "payment" && (o === "error" || o === "failed") ? PAYMENT_ERROR : OUTCOME_PHRASES[o])?.[lang] ?? (lang === "uk" ? `коли результат ${quote(lang, o)}` : `when the outcome is ${quote(lang, o)}`))
        .join(lang === "uk" ? " або " : " or ");
      break;
    }
    case "input.missing-field": {
      const names = [...(issue.message.match(/needs (.+) in its input/)?.[1] ?? "").matchAll(/"([^"]*)"/g)].map((m) => quote(lang, m[1]));
      params.names = names.join(", ");
      params.n = names.length;
      break;
    }
    case "payment.unknown-currency":
      params.currency = issue.message.match(/takes (\S+)/)?.[1] ?? "";
      break;
    case "form.unsafe-pattern":
      params.pattern = issue.message.match(/pattern (".*?") is refused/)?.[1] ?? "";
      break;
    case "form.too-many":
      params.n = Number(issue.message.match(/more than (\d+)/)?.[1] ?? 0);
      break;
    case "translation.missing":
      params.languages = issue.message.match(/Missing (.+) text/)?.[1] ?? "";
      break;
    case "review.sendback-before-payment":
      params.target = stepTitle(definition, quoted[1] ?? "", lang);
      params.payment = stepTitle(definition, quoted[2] ?? "", lang);
      break;
  }
  return { message: formatText(lang, entry[lang], params), hint: entry.hint?.[lang] };
}

/** The sentence alone (see analystProblem). */
export function analystMessage(issue: Issue, definition: unknown, lang: Lang): string {
  return analystProblem(issue, definition, lang).message;
}
