/**
 * The studio's own texts in uk and en (the services bring their own). Counts take plural forms
 * ({ one, few, many, other }, chosen by Intl.PluralRules for params.n). messages.test.ts checks that
 * every key has non-empty uk and en texts and every plural has the forms its language needs.
 */
import type { Lang } from "../../i18n/lang";
import { formatText, type Text } from "./format";

type Entry = { uk: Text; en: Text };

export const STUDIO_MESSAGES = {
  // Layout and navigation
  studio: { uk: "Студія", en: "Studio" },
  studioNav: { uk: "Студія", en: "Studio" },
  navServices: { uk: "Послуги", en: "Services" },
  navTemplates: { uk: "Шаблони", en: "Templates" },
  navDevelopers: { uk: "Розробникам", en: "Developers" },
  language: { uk: "Мова", en: "Language" },
  loading: { uk: "Студія завантажується…", en: "Loading the studio…" },
  draft: { uk: "Чернетка", en: "Draft" },
  template: { uk: "Шаблон", en: "Template" },
  templateDesigner: { uk: "Конструктор шаблонів", en: "Template designer" },
  versionsOf: { uk: "Версії {id}", en: "{id} versions" },

  // Studio home
  signedInAs: { uk: "Ви увійшли як {name}", en: "Signed in as {name}" },
  newService: { uk: "Нова послуга", en: "New service" },
  newServiceId: { uk: "Ідентифікатор нової послуги", en: "New service id" },
  blankService: { uk: "Порожня послуга", en: "Blank service" },
  fromExample: { uk: "З прикладу", en: "From an example" },
  openExample: { uk: "Відкрити приклад", en: "Open example" },
  importYaml: { uk: "Імпорт YAML", en: "Import YAML" },
  import: { uk: "Імпортувати", en: "Import" },
  drafts: { uk: "Чернетки", en: "Drafts" },
  noDrafts: { uk: "Чернеток поки немає.", en: "No drafts yet." },
  colService: { uk: "Послуга", en: "Service" },
  colId: { uk: "Ідентифікатор", en: "Id" },
  colSaved: { uk: "Збережено", en: "Saved" },
  colBasedOn: { uk: "На основі", en: "Based on" },
  colExport: { uk: "Експорт", en: "Export" },
  colLatest: { uk: "Остання", en: "Latest" },
  colActions: { uk: "Дії", en: "Actions" },
  colVersion: { uk: "Версія", en: "Version" },
  colPublished: { uk: "Опубліковано", en: "Published" },
  colBy: { uk: "Хто", en: "By" },
  colHash: { uk: "Хеш вмісту", en: "Content hash" },
  savedBy: { uk: "в.{version}, {by},", en: "v{version} by {by}," },
  versionN: { uk: "версія {n}", en: "version {n}" },
  versionOn: { uk: "версія {n}, {date}", en: "version {n}, {date}" },
  publishedServices: { uk: "Опубліковані послуги", en: "Published services" },
  editAsDraft: { uk: "Редагувати як чернетку", en: "Edit as draft" },

  // Service versions
  backToServices: { uk: "← Послуги", en: "← Services" },
  draftsOf: { uk: "чернетки:", en: "drafts:" },
  draftBy: { uk: "в.{version}, {by}", en: "v{version} by {by}" },
  versions: { uk: "Версії", en: "Versions" },
  whatChanged: { uk: "Що змінилося", en: "What changed" },
  from: { uk: "Від", en: "From" },
  to: { uk: "до", en: "to" },
  compare: { uk: "Порівняти", en: "Compare" },
  noDifferences: { uk: "Відмінностей немає.", en: "No differences." },
  pickTwoVersions: { uk: "Оберіть дві різні версії.", en: "Pick two different versions." },
  theDraft: { uk: "чернетка", en: "the draft" },
  differences: { uk: "Відмінності від версії {from} до версії {to}", en: "Differences from version {from} to version {to}" },
  differencesToDraft: { uk: "Відмінності від версії {from} до чернетки", en: "Differences from version {from} to the draft" },
  backToTemplates: { uk: "← Шаблони", en: "← Templates" },
  openDesigner: { uk: "Відкрити конструктор", en: "Open the designer" },
  notPublishedYet: { uk: "Ще не опубліковано.", en: "Not published yet." },
  changeAdded: { uk: "додано", en: "added" },
  changeRemoved: { uk: "вилучено", en: "removed" },
  changeChanged: { uk: "змінено", en: "changed" },

  // Developers
  developers: { uk: "Розробникам", en: "Developers" },
  stepHandlers: { uk: "Обробники кроків", en: "Step handlers" },
  handlersIntro1: { uk: "Власні кроки (", en: "Custom steps (" },
  handlersIntro2: { uk: ") виконують ці обробники. Напишіть власний за допомогою ", en: ") run these handlers. Write your own with " },
  handlersIntro3: { uk: " (див. docs/handlers.md).", en: " (see docs/handlers.md)." },
  colHandler: { uk: "Обробник", en: "Handler" },
  colDescription: { uk: "Опис", en: "Description" },
  colParameters: { uk: "Параметри (JSON Schema)", en: "Parameters (JSON Schema)" },
  colOutcomes: { uk: "Результати", en: "Outcomes" },
  generatedTypes: { uk: "Згенеровані типи", en: "Generated types" },
  service: { uk: "Послуга", en: "Service" },
  showTypes: { uk: "Показати типи", en: "Show types" },
  typesIntro1: { uk: "Що містить ", en: "What a handler's " },
  typesIntro2: { uk: " обробника для останньої опублікованої версії.", en: " holds for the latest published version." },

  // Templates list and versions
  documentTemplates: { uk: "Шаблони документів", en: "Document templates" },
  templatesIntro: {
    uk: "Що друкує й підписує крок документа послуги. Створіть шаблон тут, опублікуйте його й оберіть у кроці документа.",
    en: "What a service's document step prints and signs. Design one here, publish it, then pick it in a service's document step.",
  },
  newTemplate: { uk: "Новий шаблон", en: "New template" },
  newTemplateId: { uk: "Ідентифікатор нового шаблону", en: "New template id" },
  templates: { uk: "Шаблони", en: "Templates" },
  colTemplate: { uk: "Шаблон", en: "Template" },
  colNewestVersion: { uk: "Найновіша версія", en: "Newest version" },
  colDraft: { uk: "Чернетка", en: "Draft" },
  colHistory: { uk: "Історія", en: "History" },
  notPublished: { uk: "не опубліковано", en: "not published" },
  draftRevision: { uk: "чернетка (редакція {n}), {by}, {when}", en: "draft (revision {n}) by {by}, {when}" },

  // Problems
  problems: { uk: "Проблеми", en: "Problems" },
  errorsCount: {
    uk: { one: "{n} помилка", few: "{n} помилки", many: "{n} помилок", other: "{n} помилки" },
    en: { one: "{n} error", other: "{n} errors" },
  },
  warningsCount: {
    uk: { one: "{n} попередження", few: "{n} попередження", many: "{n} попереджень", other: "{n} попередження" },
    en: { one: "{n} warning", other: "{n} warnings" },
  },
  problemsCount: {
    uk: { one: "{n} проблема", few: "{n} проблеми", many: "{n} проблем", other: "{n} проблеми" },
    en: { one: "{n} problem", other: "{n} problems" },
  },
  checking: { uk: "перевірка…", en: "checking…" },
  checkedIn: { uk: "перевірено за {ms} мс", en: "checked in {ms} ms" },
  noProblems: { uk: "Проблем немає.", en: "No problems." },
  wholeService: { uk: "послуга", en: "service" },
  severityError: { uk: "Помилка", en: "Error" },
  severityWarning: { uk: "Попередження", en: "Warning" },
  forDevelopers: { uk: "Для розробників", en: "For developers" },
  tabProperties: { uk: "Властивості", en: "Properties" },
  tabForm: { uk: "Конструктор форми", en: "Form designer" },
  tabSource: { uk: "Текст", en: "Source" },
  tabTest: { uk: "Пробний запуск", en: "Test run" },
  tabScenarios: { uk: "Сценарії", en: "Scenarios" },
  tabComments: { uk: "Коментарі", en: "Comments" },
  tabPublish: { uk: "Публікація", en: "Publish" },
  editorToolbar: { uk: "Редактор", en: "Editor" },
  undo: { uk: "↶ Скасувати", en: "↶ Undo" },
  undoTitle: { uk: "Скасувати (Ctrl+Z)", en: "Undo (Ctrl+Z)" },
  redo: { uk: "↷ Повторити", en: "↷ Redo" },
  redoTitle: { uk: "Повторити (Ctrl+Shift+Z)", en: "Redo (Ctrl+Shift+Z)" },
  autoLayout: { uk: "Авторозташування", en: "Auto layout" },
  autoLayoutTitle: { uk: "Автоматичне розташування (Ctrl+Shift+L)", en: "Automatic layout (Ctrl+Shift+L)" },
  fit: { uk: "Вмістити", en: "Fit" },
  fitTitle: { uk: "Вмістити послугу на екрані (F)", en: "Fit the service on screen (F)" },
  copy: { uk: "Копіювати", en: "Copy" },
  copyTitle: { uk: "Копіювати вибрані кроки (Ctrl+C)", en: "Copy the selected steps (Ctrl+C)" },
  paste: { uk: "Вставити", en: "Paste" },
  pasteTitle: { uk: "Вставити кроки (Ctrl+V)", en: "Paste steps (Ctrl+V)" },
  exportYaml: { uk: "Експорт YAML", en: "Export YAML" },
  keys: { uk: "Клавіші", en: "Keys" },
  keysUndo: { uk: "скасувати / повторити", en: "undo / redo" },
  keysCopy: { uk: "копіювати / вирізати / вставити / дублювати кроки", en: "copy / cut / paste / duplicate steps" },
  keysDelete: { uk: "видалити вибрані кроки чи переходи", en: "delete the selected steps or transitions" },
  keysLayout: { uk: "автоматичне розташування", en: "automatic layout" },
  keysFit: { uk: "вмістити на екрані", en: "fit to screen" },
  panels: { uk: "Панелі", en: "Panels" },
  loadingSource: { uk: "Редактор тексту завантажується…", en: "Loading the source editor…" },
  conflictSaved: { uk: ": збережено новішу версію цієї чернетки (версія {version}), поки ви її редагували.", en: " saved this draft (version {version}) while you were editing it." },
  loadTheirs: { uk: "Завантажити їхню версію", en: "Load their version" },
  keepMine: { uk: "Залишити мою (перезаписати)", en: "Keep mine (overwrite)" },
  savedV: { uk: "Збережено · в.{version}", en: "Saved · v{version}" },
  saving: { uk: "Збереження…", en: "Saving…" },
  unsaved: { uk: "Є незбережені зміни", en: "Unsaved changes" },
  notSaved: { uk: "Не збережено: {message}", en: "Not saved: {message}" },
  paletteLabel: { uk: "Види кроків", en: "Step kinds" },
  paletteHeading: { uk: "Кроки", en: "Steps" },
  paletteItemTitle: { uk: "{help}. Перетягніть на полотно або натисніть Enter, щоб додати.", en: "{help}. Drag onto the canvas, or press Enter to add." },
  nodeStart: { uk: "початок", en: "start" },
  nodeTransitions: { uk: "Переходи кроку {id}… (C)", en: "Transitions of {id}… (C)" },
  nodeDragToConnect: { uk: "Перетягніть до кроку, щоб з'єднати «{label}», або натисніть C", en: "Drag to a step to connect “{label}”, or press C" },
  miniMap: { uk: "Мінікарта", en: "Mini map" },
} satisfies Record<string, Entry>;

export type StudioKey = keyof typeof STUDIO_MESSAGES;

/** A studio text in the language; {name} placeholders from params; plural forms for params.n. */
export function st(lang: Lang, key: StudioKey, params?: Record<string, string | number>): string {
  const entry: Entry = STUDIO_MESSAGES[key];
  return formatText(lang, entry[lang] ?? entry.uk, params);
}
