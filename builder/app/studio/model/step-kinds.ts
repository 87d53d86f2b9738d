/** What the studio shows for each step kind: names, colours, symbols, and a new step's starting content. */
import type { Catalog, StepKind } from "../../../../engine";

export interface KindInfo {
  kind: StepKind;
  label: string;
  labelUk: string;
  /** A short symbol drawn on the node (text, so it needs no icon font). */
  symbol: string;
  color: string;
  help: string;
}

export const KINDS: KindInfo[] = [
  { kind: "form", label: "Form", labelUk: "Форма", symbol: "✎", color: "#0b57d0", help: "A form the citizen fills" },
  { kind: "registry", label: "Registry call", labelUk: "Реєстр", symbol: "⇄", color: "#6a1b9a", help: "Ask a government registry (X-Road)" },
  { kind: "task", label: "Handler", labelUk: "Обробник", symbol: "⚙", color: "#455a64", help: "A custom TypeScript step handler" },
  { kind: "decision", label: "Decision", labelUk: "Рішення", symbol: "◇", color: "#b26a00", help: "Choose the next step by conditions" },
  { kind: "review", label: "Officer review", labelUk: "Розгляд", symbol: "☑", color: "#00695c", help: "An officer decides in the office" },
  { kind: "payment", label: "Payment", labelUk: "Оплата", symbol: "₴", color: "#2e7d32", help: "The citizen pays a fee" },
  { kind: "document", label: "Document", labelUk: "Документ", symbol: "▤", color: "#1565c0", help: "Issue a signed document" },
  { kind: "notification", label: "Notification", labelUk: "Сповіщення", symbol: "✉", color: "#5d4037", help: "Tell the applicant something" },
  { kind: "wait", label: "Wait", labelUk: "Очікування", symbol: "⧗", color: "#757575", help: "Wait for an event, a registry or a deadline" },
  { kind: "final", label: "End", labelUk: "Кінець", symbol: "●", color: "#c62828", help: "Where an application ends" },
];

export const KIND_INFO: Record<string, KindInfo> = Object.fromEntries(KINDS.map((k) => [k.kind, k]));

export function kindInfo(kind: unknown): KindInfo {
  return KIND_INFO[String(kind)] ?? { kind: "form", label: String(kind ?? "?"), labelUk: String(kind ?? "?"), symbol: "?", color: "#999", help: "" };
}

/** A unique step id for a new step of a kind: form1, form2… */
export function newStepId(kind: string, existing: Iterable<string>, base = kind): string {
  const taken = new Set(existing);
  const stem = base.replace(/[^a-zA-Z0-9_]/g, "") || "step";
  for (let i = 1; ; i++) {
    const id = `${stem}${i}`;
    if (!taken.has(id)) return id;
  }
}

/**
 * A new step's starting content. Ways out (next, on, otherwise) are left for the analyst to connect
 * on the canvas; until then the validator says what is missing on the node.
 */
export function newStep(kind: StepKind, catalog: Catalog | undefined): Record<string, unknown> {
  const info = kindInfo(kind);
  const title = { uk: info.labelUk, en: info.label };
  switch (kind) {
    case "form":
      return { kind, title, schema: { type: "object", required: [], properties: {} } };
    case "registry": {
      const [registry, info] = Object.entries(catalog?.registries ?? {})[0] ?? ["population", { operations: { getPerson: {} } }];
      const operation = Object.keys(info.operations)[0] ?? "getPerson";
      return { kind, title, registry, operation, purpose: { uk: "Навіщо читаємо ці дані", en: "Why this data is read" } };
    }
    case "task": {
      const handler = catalog?.handlers[0];
      return { kind, title, handler: handler?.type ?? "fee-calculation", version: handler?.version ?? 1 };
    }
    case "decision":
      return { kind, title, branches: [] };
    case "review":
      return { kind, title, role: Object.keys(catalog?.roles ?? {})[0] ?? "officer", deadline: "P10D" };
    case "payment":
      return { kind, title, amount: 0, currency: "UAH", purpose: { uk: "Адміністративний збір", en: "Administrative fee" } };
    case "document":
      return { kind, title, template: Object.keys(catalog?.templates ?? {})[0] ?? "certificate" };
    case "notification":
      return { kind, title, message: { uk: "Повідомлення", en: "Message" } };
    case "wait":
      return { kind, title, deadline: "P30D" };
    case "final":
      return { kind, title, outcome: "approved", message: { uk: "Готово", en: "Done" } };
  }
}
