/**
 * Property panel fields by shape (property-schema.ts assigns them): a mapping is "name → value" rows whose
 * values are rules; outcomes are "outcome → next step" rows for the outcomes the catalog and the kind
 * expect (more may be added); a free map is "name → value" rows; a duration is a number and a unit,
 * written as ISO 8601.
 */
import type { FieldProps, WidgetProps } from "@rjsf/utils";
import { useEffect, useRef, useState } from "react";
import { RuleEditor } from "../rules/RuleEditor";
import { EMPTY_SCOPE } from "../rules/scope";
import type { PanelContext } from "./rjsf-widgets";
import { templateChoices } from "./template-catalog";
import type { StudioKey } from "../i18n/messages";
import { useStudioT } from "../i18n/useStudioT";

type Row = { key: string; value: unknown };
const rowsOf = (data: unknown): Row[] => (data && typeof data === "object" && !Array.isArray(data) ? Object.entries(data).map(([key, value]) => ({ key, value })) : []);
const objectOf = (rows: Row[]) => {
  const out: Record<string, unknown> = {};
  for (const r of rows) if (r.key && !(r.key in out) && r.value !== undefined && r.value !== "") out[r.key] = r.value;
  return Object.keys(out).length ? out : undefined;
};

/** Rows edited locally (a half-typed name is kept), written as an object; reset when the data changes elsewhere. */
function useRows(formData: unknown, onChange: (value: Record<string, unknown> | undefined) => void) {
  const [rows, setRows] = useState<Row[]>(() => rowsOf(formData));
  const emitted = useRef(JSON.stringify(formData ?? null));
  useEffect(() => {
    const now = JSON.stringify(formData ?? null);
    if (now !== emitted.current) {
      emitted.current = now;
      setRows(rowsOf(formData));
    }
  }, [formData]);
  const update = (next: Row[]) => {
    setRows(next);
    const value = objectOf(next);
    emitted.current = JSON.stringify(value ?? null);
    onChange(value);
  };
  return [rows, update] as const;
}

export function MappingField({ formData, onChange, name, schema, fieldPathId, registry, uiSchema }: FieldProps) {
  const scope = (registry.formContext as PanelContext | undefined)?.scope ?? EMPTY_SCOPE;
  const [rows, update] = useRows(formData, (v) => onChange(v, fieldPathId.path));
  // The names the target reads (the form's fields, the template's data, the operation's input), offered as suggestions.
  const keys = ((uiSchema?.["ui:options"] as { keys?: string[] } | undefined)?.keys ?? []).filter((k) => typeof k === "string");
  const listId = `${fieldPathId.$id}-keys`;
  const unused = keys.filter((k) => !rows.some((r) => r.key === k));
  const { t } = useStudioT();
  return (
    <fieldset className="mapping-field" data-testid={`mapping-${name}`}>
      <legend>{(schema.title as string | undefined) ?? name}</legend>
      {rows.length === 0 && <p className="panel-note">{t("noEntries")}</p>}
      {rows.map((row, i) => (
        <div className="mapping-row" key={i} data-testid="mapping-row">
          <div className="mapping-key">
            <label>
              <span>{t("name")}</span> <input aria-label={t("name")} data-testid="mapping-key" list={keys.length ? listId : undefined} value={row.key} onChange={(e) => update(rows.map((r, j) => (j === i ? { ...r, key: e.target.value } : r)))} />
            </label>{" "}
            <button type="button" aria-label={t("removeEntry")} onClick={() => update(rows.filter((_, j) => j !== i))}>
              ✕
            </button>
          </div>
          <RuleEditor
            id={`${fieldPathId.$id}-${i}`}
            value={typeof row.value === "string" || typeof row.value === "number" ? row.value : undefined}
            onChange={(v) => update(rows.map((r, j) => (j === i ? { ...r, value: v === undefined ? "" : String(v) } : r)))}
            kind="value"
            expected="any"
            scope={scope}
          />
        </div>
      ))}
      {keys.length > 0 && (
        <datalist id={listId}>
          {keys.map((k) => (
            <option key={k} value={k} />
          ))}
        </datalist>
      )}
      <button type="button" data-testid="mapping-add" onClick={() => update([...rows, { key: unused[0] ?? `field${rows.length + 1}`, value: "" }])}>
        {t("addEntry")}
      </button>
    </fieldset>
  );
}

export function OutcomesField({ formData, onChange, name, schema, fieldPathId, uiSchema }: FieldProps) {
  const options = (uiSchema?.["ui:options"] ?? {}) as { outcomes?: string[]; steps?: string[] };
  const value = (formData && typeof formData === "object" ? formData : {}) as Record<string, string>;
  const outcomes = [...new Set([...(options.outcomes ?? []), ...Object.keys(value)])];
  const [extra, setExtra] = useState("");
  const { t } = useStudioT();
  const set = (outcome: string, step: string) => {
    const next = { ...value };
    if (step) next[outcome] = step;
    else delete next[outcome];
    onChange(Object.keys(next).length ? next : undefined, fieldPathId.path);
  };
  return (
    <fieldset className="outcomes-field" data-testid={`outcomes-${name}`}>
      <legend>{(schema.title as string | undefined) ?? name}</legend>
      <table>
        <tbody>
          {outcomes.map((outcome) => {
            const id = `${fieldPathId.$id}-${outcome}`;
            return (
              <tr key={outcome}>
                <th scope="row">
                  <label htmlFor={id}>{outcome}</label>
                </th>
                <td>
                  <select id={id} value={value[outcome] ?? ""} onChange={(e) => set(outcome, e.target.value)}>
                    <option value="">{t("notConnected")}</option>
                    {[...new Set([...(options.steps ?? []), ...(value[outcome] ? [value[outcome]] : [])])].map((s) => (
                      <option key={s} value={s}>
                        {s}
                      </option>
                    ))}
                  </select>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <div className="outcomes-add">
        <input aria-label={t("anotherOutcomeLabel")} placeholder={t("anotherOutcome")} value={extra} pattern="[a-zA-Z][a-zA-Z0-9_]*" onChange={(e) => setExtra(e.target.value)} size={14} />{" "}
        <button
          type="button"
          onClick={() => {
            const outcome = extra.trim();
            if (/^[a-zA-Z][a-zA-Z0-9_]*$/.test(outcome) && options.steps?.[0]) set(outcome, value[outcome] ?? options.steps[0]);
            setExtra("");
          }}
        >
          {t("addOutcome")}
        </button>
      </div>
    </fieldset>
  );
}

/** A value typed in a box: a number, true/false, a list or map in JSON, else text. */
function typed(text: string): unknown {
  const t = text.trim();
  if (/^-?\d+(\.\d+)?$/.test(t)) return Number(t);
  if (t === "true" || t === "false") return t === "true";
  if (/^[[{]/.test(t)) {
    try {
      return JSON.parse(t);
    } catch {
      return text;
    }
  }
  return text;
}
const shown = (value: unknown) => (typeof value === "string" ? value : JSON.stringify(value));

export function KeyValueField({ formData, onChange, name, schema, fieldPathId }: FieldProps) {
  const [rows, update] = useRows(formData, (v) => onChange(v, fieldPathId.path));
  const { t } = useStudioT();
  return (
    <fieldset className="mapping-field" data-testid={`keyvalue-${name}`}>
      <legend>{(schema.title as string | undefined) ?? name}</legend>
      {rows.map((row, i) => (
        <div className="mapping-key" key={i}>
          <input aria-label={t("name")} value={row.key} onChange={(e) => update(rows.map((r, j) => (j === i ? { ...r, key: e.target.value } : r)))} size={12} />{" "}
          <input aria-label={t("value")} value={shown(row.value)} onChange={(e) => update(rows.map((r, j) => (j === i ? { ...r, value: typed(e.target.value) } : r)))} />{" "}
          <button type="button" aria-label={t("removeEntry")} onClick={() => update(rows.filter((_, j) => j !== i))}>
            ✕
          </button>
        </div>
      ))}
      <button type="button" onClick={() => update([...rows, { key: `param${rows.length + 1}`, value: "" }])}>
        {t("addEntry")}
      </button>
    </fieldset>
  );
}

export const DURATION_UNITS = [
  { id: "S", label: "seconds", time: true },
  { id: "M", label: "minutes", time: true },
  { id: "H", label: "hours", time: true },
  { id: "D", label: "days", time: false },
  { id: "W", label: "weeks", time: false },
  { id: "MO", label: "months", time: false },
  { id: "Y", label: "years", time: false },
] as const;
type Unit = (typeof DURATION_UNITS)[number]["id"];

/** A duration as a number and a unit, or undefined when it is not one number of one unit (PT1H30M). */
export function readDuration(text: string): { amount: number; unit: Unit } | undefined {
  const short = /^(\d+)(s|m|h|d)$/.exec(text);
  if (short) return { amount: Number(short[1]), unit: short[2].toUpperCase() as Unit };
  const time = /^PT(\d+)([HMS])$/.exec(text);
  if (time) return { amount: Number(time[1]), unit: time[2] as Unit };
  const date = /^P(\d+)([YMWD])$/.exec(text);
  if (date) return { amount: Number(date[1]), unit: (date[2] === "M" ? "MO" : date[2]) as Unit };
  return undefined;
}

export function writeDuration(amount: number, unit: Unit): string {
  const info = DURATION_UNITS.find((u) => u.id === unit)!;
  return info.time ? `PT${amount}${unit}` : `P${amount}${unit === "MO" ? "M" : unit}`;
}

export function DurationWidget({ id, value, onChange, disabled, readonly, label }: WidgetProps) {
  const text = typeof value === "string" ? value : "";
  const parsed = text ? readDuration(text) : undefined;
  const [unit, setUnit] = useState<Unit>(parsed?.unit ?? "D");
  const current = parsed?.unit ?? unit;
  const { t } = useStudioT();
  if (text && !parsed) {
    return (
      <span className="duration-widget">
        <input id={id} aria-label={label} value={text} disabled={disabled || readonly} onChange={(e) => onChange(e.target.value || undefined)} />{" "}
        <button type="button" onClick={() => onChange(undefined)}>
          {t("clear")}
        </button>
      </span>
    );
  }
  return (
    <span className="duration-widget" data-testid="duration">
      <input
        id={id}
        type="number"
        min={1}
        aria-label={label}
        value={parsed?.amount ?? ""}
        disabled={disabled || readonly}
        onChange={(e) => onChange(e.target.value === "" || Number(e.target.value) < 1 ? undefined : writeDuration(Math.floor(Number(e.target.value)), current))}
        style={{ width: "6em" }}
      />{" "}
      <select
        aria-label={t("unitOf", { label })}
        value={current}
        disabled={disabled || readonly}
        onChange={(e) => {
          const next = e.target.value as Unit;
          setUnit(next);
          if (parsed) onChange(writeDuration(parsed.amount, next));
        }}
      >
        {DURATION_UNITS.map((u) => (
          <option key={u.id} value={u.id}>
            {t(`unit_${u.id}` as StudioKey, { n: parsed?.amount ?? 5 })}
          </option>
        ))}
      </select>{" "}
      {text && <code className="duration-iso">{text}</code>}
    </span>
  );
}

/**
 * A document step's template: the titles in the studio's language with the id beside them (a native select,
 * so keyboards and screen readers work as usual). The list is asked for again when the picker opens.
 */
export function TemplateWidget({ id, value, onChange, disabled, readonly, options, registry }: WidgetProps) {
  const catalog = (registry.formContext as PanelContext | undefined)?.templates;
  const { lang, t } = useStudioT();
  const known = (options.enumOptions ?? []).map((o) => String(o.value));
  const choices = templateChoices(catalog?.templates ?? {}, lang, value, known);
  const current = typeof value === "string" ? value : "";
  return (
    <div className="template-picker">
      <select
        id={id}
        value={current}
        disabled={disabled || readonly}
        onFocus={() => catalog?.refresh()}
        onMouseDown={() => catalog?.refresh()}
        onChange={(e) => onChange(e.target.value === "" ? undefined : e.target.value)}
        aria-describedby={current ? `${id}-id` : undefined}
      >
        <option value="">{t("templateNone")}</option>
        {choices.map((c) => (
          <option key={c.id} value={c.id}>
            {c.title === c.id ? c.id : t("templateOption", { title: c.title, id: c.id })}
          </option>
        ))}
      </select>
      {current && (
        <span id={`${id}-id`} className="muted template-id">
          {t("templateIdNote", { id: current })}
        </span>
      )}
    </div>
  );
}
