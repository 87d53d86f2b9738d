/**
 * The form designer for form steps: fields added, reordered (drag, or the arrow buttons) and removed;
 * each field's type, required flag, limits, pattern, choices and help, with both languages side by
 * side; and the citizen's form previewed live with the portal's own renderer.
 */
import { Component, useEffect, useMemo, useRef, useState, type ReactNode } from "react";
import { PortalForm } from "./PortalForm";
import { FIELD_TYPES, fieldSchema, fieldTypeOf, newFieldKey, type FieldType } from "../model/form-fields";
import { isPlainObject, type EditOp } from "../model/yaml-edit";
import { useStudio, type StudioStore } from "./store";
import type { StudioKey } from "../i18n/messages";
import { useStudioT } from "../i18n/useStudioT";

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (isPlainObject(v) ? v : {});

export function FormDesigner({ store }: { store: StudioStore }) {
  const value = useStudio(store, (s) => s.loaded.value);
  const selection = useStudio(store, (s) => s.selection);
  const parses = useStudio(store, (s) => s.parses);
  const steps = obj(obj(value).steps);
  const languages = Array.isArray(obj(value).languages) ? (obj(value).languages as string[]) : ["uk", "en"];
  const forms = Object.keys(steps).filter((id) => obj(steps[id]).kind === "form");
  const selected = selection.length === 1 && forms.includes(selection[0]) ? selection[0] : undefined;
  const [chosen, setChosen] = useState<string | undefined>(selected ?? forms[0]);
  const { t } = useStudioT();
  useEffect(() => {
    if (selected) setChosen(selected);
  }, [selected]);
  const id = chosen && forms.includes(chosen) ? chosen : forms[0];
  if (!id) return <p className="panel-note">{t("noFormSteps")}</p>;
  if (!parses) return <p className="panel-note">{t("fixYamlForForms")}</p>;
  const step = obj(steps[id]);
  return (
    <div className="form-designer" data-testid="form-designer">
      <label className="form-picker">
        {t("formStep")}{" "}
        <select
          value={id}
          onChange={(e) => {
            setChosen(e.target.value);
            store.select([e.target.value]);
          }}
        >
          {forms.map((f) => (
            <option key={f} value={f}>
              {f}
            </option>
          ))}
        </select>
      </label>
      <FieldList store={store} id={id} step={step} languages={languages} />
      <Preview step={step} languages={languages} />
    </div>
  );
}

function FieldList({ store, id, step, languages }: { store: StudioStore; id: string; step: Obj; languages: string[] }) {
  const schema = obj(step.schema);
  const properties = obj(schema.properties);
  const keys = Object.keys(properties);
  const required = Array.isArray(schema.required) ? schema.required.map(String) : [];
  const base = ["steps", id, "schema"];
  const [dragging, setDragging] = useState<string | null>(null);
  const [addType, setAddType] = useState<FieldType>("text");
  const i18n = useStudioT();

  const reorder = (order: string[]) => store.edit([{ op: "reorder", path: [...base, "properties"], keys: order }], "panel");
  const move = (key: string, by: number) => {
    const order = [...keys];
    const i = order.indexOf(key);
    const j = i + by;
    if (j < 0 || j >= order.length) return;
    [order[i], order[j]] = [order[j], order[i]];
    reorder(order);
  };
  const add = () => {
    const key = newFieldKey(keys);
    const { schema: field, ui } = fieldSchema(addType, { title: { uk: "Нове поле", en: "New field" } });
    const ops: EditOp[] = [{ op: "set", path: [...base, "properties", key], value: field }];
    if (ui) ops.push({ op: "set", path: ["steps", id, "uiSchema", key], value: ui });
    store.edit(ops, "panel");
  };
  const remove = (key: string) => {
    const ops: EditOp[] = [{ op: "delete", path: [...base, "properties", key] }];
    if (required.includes(key)) ops.push({ op: "set", path: [...base, "required"], value: required.filter((r) => r !== key) });
    if (obj(step.uiSchema)[key] !== undefined) ops.push({ op: "delete", path: ["steps", id, "uiSchema", key] });
    store.edit(ops, "panel");
  };

  return (
    <section aria-labelledby="fields-heading">
      <h3 id="fields-heading">{i18n.t("fields")}</h3>
      {keys.length === 0 && <p className="panel-note">{i18n.t("noFields")}</p>}
      <ol className="fields">
        {keys.map((key, i) => (
          <li
            key={key}
            className={`field-row ${dragging === key ? "dragging" : ""}`}
            draggable
            onDragStart={(e) => {
              setDragging(key);
              e.dataTransfer.setData("text/x-field", key);
            }}
            onDragEnd={() => setDragging(null)}
            onDragOver={(e) => e.preventDefault()}
            onDrop={(e) => {
              e.preventDefault();
              const from = e.dataTransfer.getData("text/x-field");
              if (!from || from === key) return;
              const order = keys.filter((k) => k !== from);
              order.splice(order.indexOf(key), 0, from);
              reorder(order);
              setDragging(null);
            }}
            data-field={key}
          >
            <FieldEditor
              store={store}
              stepId={id}
              fieldKey={key}
              field={obj(properties[key])}
              ui={obj(obj(step.uiSchema)[key])}
              required={required}
              allKeys={keys}
              languages={languages}
              first={i === 0}
              last={i === keys.length - 1}
              onMove={(by) => move(key, by)}
              onRemove={() => remove(key)}
            />
          </li>
        ))}
      </ol>
      <div className="add-field">
        <label>
          {i18n.t("newFieldOfType")}{" "}
          <select value={addType} onChange={(e) => setAddType(e.target.value as FieldType)} aria-label={i18n.t("typeOfNewField")}>
            {FIELD_TYPES.map((t) => (
              <option key={t.type} value={t.type}>
                {i18n.t(`ft_${t.type}` as StudioKey)}
              </option>
            ))}
          </select>
        </label>{" "}
        <button type="button" onClick={add}>
          {i18n.t("addField")}
        </button>
      </div>
    </section>
  );
}

interface FieldEditorProps {
  store: StudioStore;
  stepId: string;
  fieldKey: string;
  field: Obj;
  ui: Obj;
  required: string[];
  allKeys: string[];
  languages: string[];
  first: boolean;
  last: boolean;
  onMove: (by: number) => void;
  onRemove: () => void;
}

const COMMIT_PAUSE_MS = 300;

function FieldEditor({ store, stepId, fieldKey, field, ui, required, allKeys, languages, first, last, onMove, onRemove }: FieldEditorProps) {
  const path = ["steps", stepId, "schema", "properties", fieldKey];
  const type = fieldTypeOf(field);
  // Typing edits a local copy; it is written to the YAML after a pause.
  const [local, setLocal] = useState(field);
  const timer = useRef<ReturnType<typeof setTimeout>>();
  const fieldJson = JSON.stringify(field);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the local copy follows the field's content (its JSON), not each new object of the same field
  useEffect(() => {
    if (store.getState().origin !== "panel" || !timer.current) setLocal(field);
  }, [fieldJson]);
  const update = (next: Obj) => {
    setLocal(next);
    clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      timer.current = undefined;
      const clean = Object.fromEntries(Object.entries(next).filter(([, v]) => v !== undefined && v !== ""));
      store.edit([{ op: "set", path, value: clean }], "panel");
    }, COMMIT_PAUSE_MS);
  };
  useEffect(() => () => clearTimeout(timer.current), []);

  const setType = (t: FieldType) => {
    const { schema, ui: newUi } = fieldSchema(t, local);
    const ops: EditOp[] = [{ op: "set", path, value: schema }];
    if (newUi) ops.push({ op: "set", path: ["steps", stepId, "uiSchema", fieldKey], value: { ...ui, ...newUi } });
    else if (Object.keys(ui).length) ops.push({ op: "delete", path: ["steps", stepId, "uiSchema", fieldKey] });
    store.edit(ops, "panel");
  };
  const setRequired = (on: boolean) => {
    const next = on ? [...required, fieldKey] : required.filter((r) => r !== fieldKey);
    store.edit([{ op: "set", path: ["steps", stepId, "schema", "required"], value: next }], "panel");
  };
  const [newKey, setNewKey] = useState(fieldKey);
  const rename = () => {
    const to = newKey.trim();
    if (to === fieldKey || !/^[a-zA-Z][a-zA-Z0-9_]*$/.test(to) || allKeys.includes(to)) return;
    const ops: EditOp[] = [{ op: "rename", path, to }];
    if (required.includes(fieldKey)) ops.push({ op: "set", path: ["steps", stepId, "schema", "required"], value: required.map((r) => (r === fieldKey ? to : r)) });
    if (Object.keys(ui).length) ops.push({ op: "rename", path: ["steps", stepId, "uiSchema", fieldKey], to });
    store.edit(ops, "panel");
  };
  const text = (key: "title" | "description") => {
    const v = local[key];
    return typeof v === "string" ? { [languages[0]]: v } : obj(v);
  };
  const setText = (key: "title" | "description", lang: string, v: string) => {
    const next = { ...text(key), [lang]: v };
    for (const k of Object.keys(next)) if (!next[k]) delete next[k];
    update({ ...local, [key]: Object.keys(next).length ? next : undefined });
  };
  const num = (v: string) => (v === "" ? undefined : Number(v));
  const idBase = `f-${stepId}-${fieldKey}`;
  const i18n = useStudioT();

  return (
    <div className="field-editor">
      <div className="field-head">
        <span className="drag-handle" aria-hidden="true" title={i18n.t("dragToReorder")}>
          ⠿
        </span>
        <input aria-label={i18n.t("fieldKey")} value={newKey} onChange={(e) => setNewKey(e.target.value)} onBlur={rename} onKeyDown={(e) => e.key === "Enter" && rename()} size={12} className="field-key" />
        <select aria-label={i18n.t("typeOf", { key: fieldKey })} value={type} onChange={(e) => setType(e.target.value as FieldType)}>
          {FIELD_TYPES.map((t) => (
            <option key={t.type} value={t.type}>
              {i18n.t(`ft_${t.type}` as StudioKey)}
            </option>
          ))}
        </select>
        <label>
          <input type="checkbox" checked={required.includes(fieldKey)} onChange={(e) => setRequired(e.target.checked)} /> {i18n.t("required")}
        </label>
        <button type="button" onClick={() => onMove(-1)} disabled={first} aria-label={i18n.t("moveUp", { key: fieldKey })}>
          ↑
        </button>
        <button type="button" onClick={() => onMove(1)} disabled={last} aria-label={i18n.t("moveDown", { key: fieldKey })}>
          ↓
        </button>
        <button type="button" className="danger" onClick={onRemove} aria-label={i18n.t("removeField", { key: fieldKey })}>
          ✕
        </button>
      </div>
      <div className="bilingual">
        {languages.map((lang) => (
          <div key={lang} className="lang-column">
            <label htmlFor={`${idBase}-title-${lang}`}>
              {i18n.t("fieldLabel")} <span className="lang">{lang}</span>
            </label>
            <input id={`${idBase}-title-${lang}`} value={String(text("title")[lang] ?? "")} onChange={(e) => setText("title", lang, e.target.value)} />
            <label htmlFor={`${idBase}-help-${lang}`}>
              {i18n.t("fieldHelp")} <span className="lang">{lang}</span>
            </label>
            <input id={`${idBase}-help-${lang}`} value={String(text("description")[lang] ?? "")} onChange={(e) => setText("description", lang, e.target.value)} />
          </div>
        ))}
      </div>
      {type === "text" && (
        <div className="limits">
          <label>
            {i18n.t("minLength")} <input type="number" min={0} value={String(local.minLength ?? "")} onChange={(e) => update({ ...local, minLength: num(e.target.value) })} />
          </label>
          <label>
            {i18n.t("maxLength")} <input type="number" min={0} value={String(local.maxLength ?? "")} onChange={(e) => update({ ...local, maxLength: num(e.target.value) })} />
          </label>
          <label>
            {i18n.t("pattern")} <input value={String(local.pattern ?? "")} placeholder="^[0-9]{10}$" onChange={(e) => update({ ...local, pattern: e.target.value || undefined })} className="mono" />
          </label>
        </div>
      )}
      {type === "number" && (
        <div className="limits">
          <label>
            {i18n.t("minimum")} <input type="number" value={String(local.minimum ?? "")} onChange={(e) => update({ ...local, minimum: num(e.target.value) })} />
          </label>
          <label>
            {i18n.t("maximum")} <input type="number" value={String(local.maximum ?? "")} onChange={(e) => update({ ...local, maximum: num(e.target.value) })} />
          </label>
          <label>
            <input type="checkbox" checked={local.type === "integer"} onChange={(e) => update({ ...local, type: e.target.checked ? "integer" : "number" })} /> {i18n.t("wholeNumbers")}
          </label>
        </div>
      )}
      {type === "choice" && <ChoiceEditor options={Array.isArray(local.oneOf) ? (local.oneOf as Obj[]) : []} languages={languages} onChange={(oneOf) => update({ ...local, oneOf })} idBase={idBase} />}
    </div>
  );
}

function ChoiceEditor({ options, languages, onChange, idBase }: { options: Obj[]; languages: string[]; onChange: (o: Obj[]) => void; idBase: string }) {
  const set = (i: number, patch: Obj) => onChange(options.map((o, j) => (j === i ? { ...o, ...patch } : o)));
  const { t } = useStudioT();
  return (
    <fieldset className="choices">
      <legend>{t("choices")}</legend>
      <table>
        <thead>
          <tr>
            <th scope="col">{t("choiceValue")}</th>
            {languages.map((l) => (
              <th key={l} scope="col">
                {t("choiceText", { lang: l })}
              </th>
            ))}
            <th />
          </tr>
        </thead>
        <tbody>
          {options.map((o, i) => (
            <tr key={i}>
              <td>
                <input aria-label={t("valueOfChoice", { n: i + 1 })} id={`${idBase}-c${i}`} value={String(o.const ?? "")} onChange={(e) => set(i, { const: e.target.value })} size={6} />
              </td>
              {languages.map((l) => (
                <td key={l}>
                  <input aria-label={t("textOfChoice", { n: i + 1, lang: l })} value={obj(o.title)[l] !== undefined ? String(obj(o.title)[l]) : typeof o.title === "string" && l === languages[0] ? o.title : ""} onChange={(e) => set(i, { title: { ...(typeof o.title === "string" ? { [languages[0]]: o.title } : obj(o.title)), [l]: e.target.value } })} />
                </td>
              ))}
              <td>
                <button type="button" onClick={() => onChange(options.filter((_, j) => j !== i))} aria-label={t("removeChoice", { n: i + 1 })}>
                  ✕
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <button type="button" onClick={() => onChange([...options, { const: String.fromCharCode(97 + options.length), title: Object.fromEntries(languages.map((l) => [l, ""])) }])}>
        {t("addChoice")}
      </button>
    </fieldset>
  );
}

function Preview({ step, languages }: { step: Obj; languages: string[] }) {
  const [language, setLanguage] = useState(languages[0] ?? "uk");
  const formStep = useMemo(() => ({ schema: obj(step.schema) as never, uiSchema: obj(step.uiSchema), title: step.title as never, description: step.description as never }), [step]);
  const title = typeof step.title === "string" ? step.title : (obj(step.title)[language] as string | undefined);
  const description = typeof step.description === "string" ? step.description : (obj(step.description)[language] as string | undefined);
  const [result, setResult] = useState<string | null>(null);
  const { t } = useStudioT();
  return (
    <section className="preview" aria-labelledby="preview-heading" data-testid="form-preview">
      <h3 id="preview-heading">
        {t("citizenSees")}{" "}
        {languages.map((l) => (
          <button key={l} type="button" aria-pressed={language === l} onClick={() => setLanguage(l)}>
            {l}
          </button>
        ))}
      </h3>
      <div className="citizen-frame" lang={language}>
        <h4>{title}</h4>
        {description && <p>{description}</p>}
        <PreviewBoundary key={JSON.stringify(formStep) + language} message={(error) => t("formCannotShow", { error })}>
          <PortalForm step={formStep} language={language} main={languages[0] ?? "uk"} onSubmit={(answers) => setResult(JSON.stringify(answers))} />
        </PreviewBoundary>
        {result && <p className="muted">{t("answersResult", { result })}</p>}
      </div>
    </section>
  );
}

class PreviewBoundary extends Component<{ children: ReactNode; message: (error: string) => string }, { error?: string }> {
  override state: { error?: string } = {};
  static getDerivedStateFromError(error: Error) {
    return { error: error.message };
  }
  override render() {
    return this.state.error ? <p className="error-text">{this.props.message(this.state.error)}</p> : this.props.children;
  }
}
