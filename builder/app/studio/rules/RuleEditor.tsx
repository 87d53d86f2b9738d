/**
 * Rules without code: a condition builder (field → operator → value, all/any groups) and a value builder
 * (a fixed value, a copy of a field, a table "answer → value", a calculation) that write CEL. The CEL is
 * shown under the builder and may be edited; reopening reads it back into the builder when a builder
 * wrote it, else it stays a custom expression. The engine's type checker runs as the rule changes and
 * the engine's evaluator computes the rule for sample answers (made from the forms, editable).
 */
import { useEffect, useMemo, useRef, useState } from "react";
import type { ExpectedType } from "../../../../engine";
import {
  fitValue, isGroup, literal, parseLiteral, readCondition, readValue, writeCondition, writeValue,
  type ArithmeticOp, type Comparison, type ConditionGroup, type Literal, type Operand, type Operator, type ValueModel,
} from "./cel-model";
import { ruleCheckText } from "./check-text";
import { checkRule, previewRule, type FieldInfo, type RuleScope } from "./scope";
import "./rules.css";
import type { StudioKey } from "../i18n/messages";
import { useStudioT } from "../i18n/useStudioT";

export interface RuleEditorProps {
  id: string;
  label?: string;
  /** CEL text, or a number where the definition takes one (a payment's amount). */
  value: string | number | undefined;
  onChange: (value: string | number | undefined) => void;
  kind: "condition" | "value";
  expected: ExpectedType;
  scope: RuleScope;
  /** A fixed number is written as a number, not as CEL text. */
  numbers?: boolean;
}

const OPERATOR_LABELS: Record<Operator, string> = {
  "==": "=", "!=": "≠", "<": "<", "<=": "≤", ">": ">", ">=": "≥",
  contains: "op_contains", startsWith: "op_startsWith", empty: "op_empty", notEmpty: "op_notEmpty", in: "op_in",
};
/** The operator as shown: a symbol, or words in the studio's language. */
const operatorLabel = (op: Operator, t: (key: StudioKey) => string) => (OPERATOR_LABELS[op].startsWith("op_") ? t(OPERATOR_LABELS[op] as StudioKey) : OPERATOR_LABELS[op]);

export function operatorsFor(field: FieldInfo | undefined): Operator[] {
  if (field?.options?.length) return ["==", "!=", "in"];
  switch (field?.type) {
    case "number":
    case "integer":
      return ["==", "!=", "<", "<=", ">", ">=", "in"];
    case "boolean":
      return ["==", "!="];
    case "array":
      return ["empty", "notEmpty"];
    default:
      return ["==", "!=", "contains", "startsWith", "empty", "notEmpty", "in"];
  }
}

const VALUE_KINDS = [
  { id: "fixed", label: "Fixed value" },
  { id: "field", label: "Copy of an answer" },
  { id: "table", label: "Table: answer → value" },
  { id: "arithmetic", label: "Calculation" },
  { id: "custom", label: "Custom expression (CEL)" },
] as const;
type ValueKind = (typeof VALUE_KINDS)[number]["id"];

/** What each editor's builder last wrote, by the editor's id. */
const built = new Map<string, { condition?: ConditionGroup; value?: ValueModel }>();
function remember(id: string, model: { condition?: ConditionGroup; value?: ValueModel }) {
  built.delete(id);
  built.set(id, model);
  if (built.size > 200) built.delete(built.keys().next().value as string);
}

const textOf = (value: string | number | undefined) => (value === undefined ? "" : String(value));

export function RuleEditor({ id, label, value, onChange, kind, expected, scope, numbers }: RuleEditorProps) {
  const [text, setText] = useState(textOf(value));
  const emitted = useRef(value);
  useEffect(() => {
    if (value !== emitted.current) {
      emitted.current = value;
      setText(textOf(value));
    }
  }, [value]);
  const [forceCustom, setForceCustom] = useState(false);
  const { lang, t } = useStudioT();
  // A builder change that writes the same text (all → any with one row) must still show.
  const [, redraw] = useState(0);
  const emit = (next: string | number | undefined) => {
    redraw((n) => n + 1);
    emitted.current = next;
    setText(textOf(next));
    onChange(next);
  };
  const typedValue = typeof value === "number" ? value : text;
  // What the builder last wrote is shown as it was built (an "any of" with one row, a table without rows yet)
  // as long as the text is what it wrote; other text is read afresh.
  // (Kept by the field's id: the property form may mount the editor again after each change.)
  const lastCondition = built.get(id)?.condition;
  const lastValue = built.get(id)?.value;
  const conditionText = (g: ConditionGroup) => (g.items.length ? writeCondition(g) : "");
  const condition = kind === "condition" && !forceCustom ? (lastCondition && conditionText(lastCondition) === text ? lastCondition : readCondition(text)) : undefined;
  const model = kind === "value" && !forceCustom && text.trim() ? (lastValue && writeValue(lastValue) === String(typedValue) ? lastValue : readValue(typedValue)) : undefined;
  const valueKind: ValueKind = kind === "value" ? (model?.kind ?? (text.trim() ? "custom" : forceCustom ? "custom" : "fixed")) : "custom";
  const check = text.trim() ? checkRule(text, scope, expected) : undefined;
  const checkLine = check ? ruleCheckText(check, lang) : undefined;
  const writeModel = (built: ValueModel) => {
    // Optional answers read after has(), integer calculations kept whole (cel-model.ts fitValue).
    const m = fitValue(built, (path) => scope.fields.find((f) => f.path === path));
    remember(id, { value: m });
    const cel = writeValue(m);
    emit(numbers && m.kind === "fixed" && typeof m.value === "number" ? m.value : cel);
  };

  return (
    <div className="rule-editor" data-testid={`rule-${id}`}>
      {label && <div className="rule-label">{label}</div>}
      {kind === "condition" ? (
        <div className="rule-mode">
          <label>
            <input type="radio" name={`${id}-mode`} checked={!!condition} disabled={!readCondition(text)} title={readCondition(text) ? undefined : t("builderCannotShow")} onChange={() => setForceCustom(false)} /> {t("conditions")}
          </label>{" "}
          <label>
            <input type="radio" name={`${id}-mode`} checked={!condition} onChange={() => setForceCustom(true)} /> {t("vk_custom")}
          </label>
        </div>
      ) : (
        <label className="rule-mode">
          <span>{t("howValueGiven")}</span>{" "}
          <select
            aria-label={t("howValueGiven")}
            data-testid="value-kind"
            value={valueKind}
            onChange={(e) => {
              const next = e.target.value as ValueKind;
              if (next === "custom") return setForceCustom(true);
              setForceCustom(false);
              writeModel(defaultModel(next, scope.fields, model));
            }}
          >
            {VALUE_KINDS.map((k) => (
              <option key={k.id} value={k.id}>
                {t(`vk_${k.id}` as StudioKey)}
              </option>
            ))}
          </select>
        </label>
      )}
      {condition && <GroupEditor group={condition} fields={scope.fields} onChange={(g) => {
            remember(id, { condition: g });
            emit(g.items.length ? writeCondition(g) : undefined);
          }} depth={0} />}
      {model && <ValueBuilder model={model} fields={scope.fields} onChange={writeModel} />}
      {kind === "value" && !model && valueKind === "fixed" && (
        <label className="rule-row">
          <span>{t("value")}</span> <input aria-label={t("value")} data-testid="fixed-value" value="" onChange={(e) => writeModel({ kind: "fixed", value: parseLiteral(e.target.value) })} />
        </label>
      )}
      <label className="rule-cel">
        <span>CEL</span>
        <textarea
          id={id}
          data-testid="rule-cel"
          className={`expression ${check?.error ? "invalid" : text ? "valid" : ""}`}
          rows={Math.min(4, Math.max(1, Math.ceil(text.length / 60)))}
          spellCheck={false}
          value={text}
          aria-invalid={!!check?.error}
          aria-describedby={`${id}-check`}
          placeholder={kind === "condition" ? t("conditionExample") : t("valueExample")}
          onChange={(e) => {
            const next = e.target.value;
            emitted.current = next === "" ? undefined : numbers && /^\d+(\.\d+)?$/.test(next.trim()) ? Number(next) : next;
            setText(next);
            onChange(emitted.current);
          }}
        />
      </label>
      <div id={`${id}-check`} data-testid="rule-check" className={check?.error ? "expression-error" : "expression-ok"} role={check?.error ? "alert" : undefined}>
        {checkLine?.text ?? ""}
        {checkLine?.code && (
          <>
            {" "}
            <code className="rule-code" title={check?.error}>
              {t("ruleCode", { code: checkLine.code })}
            </code>
          </>
        )}
        {check?.warnings.map((w) => (
          <div key={w} className="rule-warning">
            ⚠ {w}
          </div>
        ))}
      </div>
      {text.trim() && !check?.error && <Preview source={typedValue} scope={scope} />}
    </div>
  );
}

function defaultModel(kind: Exclude<ValueKind, "custom">, fields: FieldInfo[], current: ValueModel | undefined): ValueModel {
  const choice = fields.find((f) => f.options?.length);
  const number = fields.find((f) => f.type === "number" || f.type === "integer");
  switch (kind) {
    case "fixed":
      return { kind: "fixed", value: current?.kind === "fixed" ? current.value : 0 };
    case "field":
      return { kind: "field", field: fields[0]?.path ?? "applicant.lastName" };
    case "table": {
      const field = choice ?? fields[0];
      return { kind: "table", field: field?.path ?? "applicant.gender", rows: (field?.options ?? []).map((o) => ({ when: o.value, value: 0 })), otherwise: 0, ...(field?.optional ? { guard: true } : {}) };
    }
    case "arithmetic":
      return { kind: "arithmetic", first: number ? { field: number.path } : { number: 1 }, rest: [{ op: "*", operand: { number: 1 } }] };
  }
}

function FieldSelect({ value, fields, onChange, label, filter }: { value: string; fields: FieldInfo[]; onChange: (path: string) => void; label: string; filter?: (f: FieldInfo) => boolean }) {
  const shown = fields.filter((f) => !filter || filter(f));
  const known = shown.some((f) => f.path === value);
  return (
    <select aria-label={label} data-testid="rule-field" value={value} onChange={(e) => onChange(e.target.value)}>
      {!known && <option value={value}>{value}</option>}
      {shown.map((f) => (
        <option key={f.path} value={f.path}>
          {f.label}
        </option>
      ))}
    </select>
  );
}

/** A value box for a field: its options when it is a choice, true/false for a yes/no, else a text or number box. */
function LiteralInput({ field, value, onChange, label, testid }: { field?: FieldInfo; value: Literal | undefined; onChange: (v: Literal) => void; label: string; testid?: string }) {
  const { t } = useStudioT();
  if (field?.options?.length) {
    const index = field.options.findIndex((o) => o.value === value);
    return (
      <select aria-label={label} data-testid={testid} value={index >= 0 ? String(index) : ""} onChange={(e) => onChange(field.options![Number(e.target.value)].value)}>
        {index < 0 && <option value="">{value === undefined ? "—" : String(value)}</option>}
        {field.options.map((o, i) => (
          <option key={String(o.value)} value={String(i)}>
            {o.label === String(o.value) ? o.label : `${o.label} (${String(o.value)})`}
          </option>
        ))}
      </select>
    );
  }
  if (field?.type === "boolean") {
    return (
      <select aria-label={label} data-testid={testid} value={String(value ?? true)} onChange={(e) => onChange(e.target.value === "true")}>
        <option value="true">{t("yes")}</option>
        <option value="false">{t("no")}</option>
      </select>
    );
  }
  const as = field?.type === "number" || field?.type === "integer" ? "number" : field?.type === "string" ? "string" : undefined;
  return <input aria-label={label} data-testid={testid} type={as === "number" ? "number" : "text"} value={value === undefined ? "" : String(value)} onChange={(e) => onChange(parseLiteral(e.target.value, as))} />;
}

function GroupEditor({ group, fields, onChange, depth }: { group: ConditionGroup; fields: FieldInfo[]; onChange: (g: ConditionGroup) => void; depth: number }) {
  const set = (i: number, item: Comparison | ConditionGroup) => onChange({ ...group, items: group.items.map((x, j) => (j === i ? item : x)) });
  const remove = (i: number) => onChange({ ...group, items: group.items.filter((_, j) => j !== i) });
  const { t } = useStudioT();
  const newComparison = (): Comparison => {
    const field = fields[0];
    const op = operatorsFor(field)[0];
    return { field: field?.path ?? "applicant.gender", op, value: field?.options?.[0]?.value ?? (field?.type === "number" || field?.type === "integer" ? 0 : field?.type === "boolean" ? true : ""), ...(field?.optional ? { guard: true } : {}) };
  };
  return (
    <div className={`rule-group depth-${depth}`} data-testid={depth === 0 ? "condition-builder" : "condition-group"}>
      <label className="rule-join">
        <span>{depth === 0 ? t("conditionHolds") : t("orWhen")}</span>{" "}
        <select aria-label={t("allOrAny")} data-testid="rule-join" value={group.join} onChange={(e) => onChange({ ...group, join: e.target.value as "and" | "or" })}>
          <option value="and">{t("allHold")}</option>
          <option value="or">{t("anyHolds")}</option>
        </select>
      </label>
      <ol className="rule-items">
        {group.items.map((item, i) => (
          <li key={i}>
            {isGroup(item) ? (
              <GroupEditor group={item} fields={fields} onChange={(g) => set(i, g)} depth={depth + 1} />
            ) : (
              <ComparisonRow comparison={item} fields={fields} onChange={(c) => set(i, c)} />
            )}
            <button type="button" className="rule-remove" aria-label={t("removeItem")} onClick={() => remove(i)}>
              ✕
            </button>
          </li>
        ))}
      </ol>
      <div className="rule-add">
        <button type="button" data-testid="add-comparison" onClick={() => onChange({ ...group, items: [...group.items, newComparison()] })}>
          {t("addCondition")}
        </button>
        {depth === 0 && (
          <button type="button" data-testid="add-group" onClick={() => onChange({ ...group, items: [...group.items, { join: group.join === "and" ? "or" : "and", items: [newComparison()] }] })}>
            {t("addGroup")}
          </button>
        )}
      </div>
    </div>
  );
}

function ComparisonRow({ comparison, fields, onChange }: { comparison: Comparison; fields: FieldInfo[]; onChange: (c: Comparison) => void }) {
  const field = fields.find((f) => f.path === comparison.field);
  const ops = operatorsFor(field);
  const op = ops.includes(comparison.op) ? comparison.op : comparison.op;
  const list = Array.isArray(comparison.value) ? comparison.value : comparison.value === undefined ? [] : [comparison.value];
  const { t } = useStudioT();
  return (
    <span className="rule-comparison" data-testid="comparison">
      <FieldSelect
        label={t("field")}
        value={comparison.field}
        fields={fields}
        onChange={(path) => {
          const next = fields.find((f) => f.path === path);
          const nextOps = operatorsFor(next);
          const nextOp = nextOps.includes(comparison.op) ? comparison.op : nextOps[0];
          onChange({ field: path, op: nextOp, value: next?.options?.[0]?.value ?? (next?.type === "number" || next?.type === "integer" ? 0 : next?.type === "boolean" ? true : ""), ...(next?.optional ? { guard: true } : {}) });
        }}
      />{" "}
      <select aria-label={t("operator")} data-testid="rule-operator" value={op} onChange={(e) => {
        const nextOp = e.target.value as Operator;
        const value = nextOp === "in" ? list : nextOp === "empty" || nextOp === "notEmpty" ? undefined : (list[0] ?? "");
        onChange({ ...comparison, op: nextOp, value });
      }}>
        {[...new Set([...ops, op])].map((o) => (
          <option key={o} value={o}>
            {operatorLabel(o, t)}
          </option>
        ))}
      </select>{" "}
      {op === "in" ? (
        field?.options?.length ? (
          <span className="rule-options" role="group" aria-label={t("values")}>
            {field.options.map((o) => (
              <label key={String(o.value)}>
                <input
                  type="checkbox"
                  checked={list.includes(o.value)}
                  onChange={(e) => onChange({ ...comparison, value: e.target.checked ? [...list, o.value] : list.filter((v) => v !== o.value) })}
                />{" "}
                {o.label}
              </label>
            ))}
          </span>
        ) : (
          <input
            aria-label={t("valuesCommas")}
            data-testid="rule-value"
            value={list.map(String).join(", ")}
            onChange={(e) => onChange({ ...comparison, value: e.target.value.split(",").map((s) => s.trim()).filter(Boolean).map((s) => parseLiteral(s, field?.type === "number" || field?.type === "integer" ? "number" : field?.type === "string" ? "string" : undefined)) })}
          />
        )
      ) : op === "empty" || op === "notEmpty" ? null : (
        <LiteralInput label={t("value")} testid="rule-value" field={op === "contains" || op === "startsWith" ? { ...(field ?? { path: "", label: "", type: "string" }), options: undefined, type: "string" } : field} value={list[0]} onChange={(v) => onChange({ ...comparison, value: v })} />
      )}
    </span>
  );
}

function ValueBuilder({ model, fields, onChange }: { model: ValueModel; fields: FieldInfo[]; onChange: (m: ValueModel) => void }) {
  const { t } = useStudioT();
  switch (model.kind) {
    case "fixed":
      return (
        <label className="rule-row">
          <span>{t("value")}</span>{" "}
          <input aria-label={t("value")} data-testid="fixed-value" value={String(model.value)} onChange={(e) => onChange({ kind: "fixed", value: parseLiteral(e.target.value) })} />
        </label>
      );
    case "field": {
      const field = fields.find((f) => f.path === model.field);
      return (
        <div className="rule-row">
          <span>{t("answer")}</span> <FieldSelect label={t("answer")} value={model.field} fields={fields} onChange={(path) => onChange({ kind: "field", field: path })} />
          {model.otherwise !== undefined && (
            <span className="rule-row">
              <span aria-hidden="true">{t("rule_ifAbsent")}</span>{" "}
              <LiteralInput label={t("rule_ifAbsent")} testid="copy-otherwise" field={field && { ...field, options: undefined }} value={model.otherwise} onChange={(otherwise) => onChange({ ...model, otherwise })} />
            </span>
          )}
        </div>
      );
    }
    case "table":
      return <TableBuilder model={model} fields={fields} onChange={onChange} />;
    case "arithmetic":
      return <ArithmeticBuilder model={model} fields={fields} onChange={onChange} />;
  }
}

function TableBuilder({ model, fields, onChange }: { model: Extract<ValueModel, { kind: "table" }>; fields: FieldInfo[]; onChange: (m: ValueModel) => void }) {
  const field = fields.find((f) => f.path === model.field);
  const missing = (field?.options ?? []).filter((o) => !model.rows.some((r) => r.when === o.value));
  const { t } = useStudioT();
  return (
    <div className="rule-table" data-testid="table-builder">
      <div className="rule-row">
        <span>{t("byAnswer")}</span>{" "}
        <FieldSelect
          label={t("byAnswer")}
          value={model.field}
          fields={fields}
          onChange={(path) => {
            const next = fields.find((f) => f.path === path);
            onChange({ ...model, field: path, guard: next?.optional ? true : undefined, rows: next?.options?.length ? next.options.map((o) => ({ when: o.value, value: model.rows.find((r) => r.when === o.value)?.value ?? 0 })) : model.rows });
          }}
        />
      </div>
      <table>
        <thead>
          <tr>
            <th scope="col">{t("whenAnswerIs")}</th>
            <th scope="col">{t("valueIs")}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {model.rows.map((row, i) => (
            <tr key={i} data-testid="table-row">
              <td>
                <LiteralInput label={t("whenAnswerIs")} testid="table-when" field={field} value={row.when} onChange={(when) => onChange({ ...model, rows: model.rows.map((r, j) => (j === i ? { ...r, when } : r)) })} />
              </td>
              <td>
                <input aria-label={t("valueIs")} data-testid="table-value" value={String(row.value)} onChange={(e) => onChange({ ...model, rows: model.rows.map((r, j) => (j === i ? { ...r, value: parseLiteral(e.target.value) } : r)) })} />
              </td>
              <td>
                <button type="button" aria-label={t("removeRow")} onClick={() => onChange({ ...model, rows: model.rows.filter((_, j) => j !== i) })}>
                  ✕
                </button>
              </td>
            </tr>
          ))}
          <tr>
            <td>{t("otherwiseRow")}</td>
            <td>
              <input aria-label={t("otherwiseLabel")} data-testid="table-otherwise" value={String(model.otherwise)} onChange={(e) => onChange({ ...model, otherwise: parseLiteral(e.target.value) })} />
            </td>
            <td />
          </tr>
        </tbody>
      </table>
      <button
        type="button"
        data-testid="table-add"
        onClick={() => onChange({ ...model, rows: [...model.rows, { when: missing[0]?.value ?? (field?.type === "number" || field?.type === "integer" ? 0 : ""), value: 0 }] })}
      >
        {t("addRow")}
      </button>
    </div>
  );
}

function OperandInput({ operand, fields, onChange, label }: { operand: Operand; fields: FieldInfo[]; onChange: (o: Operand) => void; label: string }) {
  const numeric = fields.filter((f) => f.type === "number" || f.type === "integer");
  const selected = "field" in operand ? `field:${operand.field}` : "number";
  const { t } = useStudioT();
  return (
    <span className="rule-operand">
      <select aria-label={label} data-testid="operand-kind" value={selected} onChange={(e) => onChange(e.target.value === "number" ? { number: 1 } : { field: e.target.value.slice(6) })}>
        <option value="number">{t("aNumber")}</option>
        {"field" in operand && !numeric.some((f) => f.path === operand.field) && <option value={selected}>{operand.field}</option>}
        {numeric.map((f) => (
          <option key={f.path} value={`field:${f.path}`}>
            {f.label}
          </option>
        ))}
      </select>
      {"number" in operand && <input aria-label={t("number")} data-testid="operand-number" type="number" value={operand.number} onChange={(e) => onChange({ number: Number(e.target.value) || 0 })} />}
    </span>
  );
}

const OPS: { op: ArithmeticOp; label: string }[] = [
  { op: "+", label: "+" },
  { op: "-", label: "−" },
  { op: "*", label: "×" },
  { op: "/", label: "÷" },
];

function ArithmeticBuilder({ model, fields, onChange }: { model: Extract<ValueModel, { kind: "arithmetic" }>; fields: FieldInfo[]; onChange: (m: ValueModel) => void }) {
  const { t } = useStudioT();
  return (
    <div className="rule-arithmetic" data-testid="arithmetic-builder">
      <OperandInput label={t("firstValue")} operand={model.first} fields={fields} onChange={(first) => onChange({ ...model, first })} />
      {model.rest.map((r, i) => (
        <span key={i} className="rule-term">
          <select aria-label={t("operation")} value={r.op} onChange={(e) => onChange({ ...model, rest: model.rest.map((x, j) => (j === i ? { ...x, op: e.target.value as ArithmeticOp } : x)) })}>
            {OPS.map((o) => (
              <option key={o.op} value={o.op}>
                {o.label}
              </option>
            ))}
          </select>
          <OperandInput label={t("value")} operand={r.operand} fields={fields} onChange={(operand) => onChange({ ...model, rest: model.rest.map((x, j) => (j === i ? { ...x, operand } : x)) })} />
          <button type="button" aria-label={t("removeItem")} onClick={() => onChange({ ...model, rest: model.rest.filter((_, j) => j !== i) })}>
            ✕
          </button>
        </span>
      ))}
      <button type="button" onClick={() => onChange({ ...model, rest: [...model.rest, { op: "+", operand: { number: 1 } }] })}>
        {t("addTerm")}
      </button>
      <p className="panel-note">{t("precedence")}</p>
      {[model.first, ...model.rest.map((r) => r.operand)].some((o) => "field" in o && o.guard) && <p className="panel-note">{t("rule_absentIsZero")}</p>}
    </div>
  );
}

/** The rule computed for sample answers (from the forms' schemas; editable as JSON). */
function Preview({ source, scope }: { source: string | number; scope: RuleScope }) {
  const initial = useMemo(() => JSON.stringify(scope.sample, null, 2), [scope.sample]);
  const [sample, setSample] = useState(initial);
  const { t } = useStudioT();
  useEffect(() => setSample(initial), [initial]);
  let data: Record<string, unknown> | undefined;
  let parseError: string | undefined;
  try {
    data = JSON.parse(sample) as Record<string, unknown>;
  } catch (error) {
    parseError = (error as Error).message;
  }
  const result = data ? previewRule(source, data) : undefined;
  return (
    <div className="rule-preview">
      <div data-testid="rule-preview">
        {result?.error ? (
          <span className="expression-error">{t("forSample", { value: result.error })}</span>
        ) : result ? (
          <span>
            {t("forSample", { value: "" })}
            <output>{preview(result.value)}</output>
          </span>
        ) : null}
      </div>
      <details>
        <summary>{t("sampleAnswers")}</summary>
        <textarea aria-label={t("sampleAnswersJson")} data-testid="rule-sample" rows={8} spellCheck={false} value={sample} onChange={(e) => setSample(e.target.value)} />
        {parseError && <div className="expression-error">{parseError}</div>}
      </details>
    </div>
  );
}

function preview(value: unknown): string {
  if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") return literal(value);
  return JSON.stringify(value);
}
