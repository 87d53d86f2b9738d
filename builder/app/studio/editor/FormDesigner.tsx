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
  useEffect(() => {
    if (selected) setChosen(selected);
  }, [selected]);
  const id = chosen && forms.includes(chosen) ? chosen : forms[0];
  if (!id) return <p className="panel-note">This service has no form steps yet. Drag a Form from the palette onto the canvas.</p>;
  if (!parses) return <p className="panel-note">Fix the YAML syntax in the source view to design forms.</p>;
  const step = obj(steps[id]);
  return (
    <div className="form-designer" data-testid="form-designer">
      <label className="form-picker">
        Form step{" "}
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
      <h3 id="fields-heading">Fields</h3>
      {keys.length === 0 && <p className="panel-note">No fields yet.</p>}
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
          New field of type{" "}
          <select value={addType} onChange={(e) => setAddType(e.target.value as FieldType)} aria-label="Type of the new field">
            {FIELD_TYPES.map((t) => (
              <option key={t.type} value={t.type}>
                {t.label}
              </option>
            ))}
          </select>
        </label>{" "}
        <button type="button" onClick={add}>
          Add field
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

  return (
    <div className="field-editor">
      <div className="field-head">
        <span className="drag-handle" aria-hidden="true" title="Drag to reorder">
          ⠿
        </span>
        <input aria-label="Field name (key)" value={newKey} onChange={(e) => setNewKey(e.target.value)} onBlur={rename} onKeyDown={(e) => e.key === "Enter" && rename()} size={12} className="field-key" />
        <select aria-label={`Type of ${fieldKey}`} value={type} onChange={(e) => setType(e.target.value as FieldType)}>
          {FIELD_TYPES.map((t) => (
            <option key={t.type} value={t.type}>
              {t.label}
            </option>
          ))}
        </select>
        <label>
          <input type="checkbox" checked={required.includes(fieldKey)} onChange={(e) => setRequired(e.target.checked)} /> required
        </label>
        <button type="button" onClick={() => onMove(-1)} disabled={first} aria-label={`Move ${fieldKey} up`}>
          ↑
        </button>
        <button type="button" onClick={() => onMove(1)} disabled={last} aria-label={`Move ${fieldKey} down`}>
          ↓
        </button>
        <button type="button" className="danger" onClick={onRemove} aria-label={`Remove ${fieldKey}`}>
          ✕
        </button>
      </div>
      <div className="bilingual">
        {languages.map((lang) => (
          <div key={lang} className="lang-column">
            <label htmlFor={`${idBase}-title-${lang}`}>
              Label <span className="lang">{lang}</span>
            </label>
            <input id={`${idBase}-title-${lang}`} value={String(text("title")[lang] ?? "")} onChange={(e) => setText("title", lang, e.target.value)} />
            <label htmlFor={`${idBase}-help-${lang}`}>
              Help <span className="lang">{lang}</span>
            </label>
            <input id={`${idBase}-help-${lang}`} value={String(text("description")[lang] ?? "")} onChange={(e) => setText("description", lang, e.target.value)} />
          </div>
        ))}
      </div>
      {type === "text" && (
        <div className="limits">
          <label>
            Min length <input type="number" min={0} value={String(local.minLength ?? "")} onChange={(e) => update({ ...local, minLength: num(e.target.value) })} />
          </label>
          <label>
            Max length <input type="number" min={0} value={String(local.maxLength ?? "")} onChange={(e) => update({ ...local, maxLength: num(e.target.value) })} />
          </label>
          <label>
            Pattern <input value={String(local.pattern ?? "")} placeholder="^[0-9]{10}$" onChange={(e) => update({ ...local, pattern: e.target.value || undefined })} className="mono" />
          </label>
        </div>
      )}
      {type === "number" && (
        <div className="limits">
          <label>
            Minimum <input type="number" value={String(local.minimum ?? "")} onChange={(e) => update({ ...local, minimum: num(e.target.value) })} />
          </label>
          <label>
            Maximum <input type="number" value={String(local.maximum ?? "")} onChange={(e) => update({ ...local, maximum: num(e.target.value) })} />
          </label>
          <label>
            <input type="checkbox" checked={local.type === "integer"} onChange={(e) => update({ ...local, type: e.target.checked ? "integer" : "number" })} /> whole numbers
          </label>
        </div>
      )}
      {type === "choice" && <ChoiceEditor options={Array.isArray(local.oneOf) ? (local.oneOf as Obj[]) : []} languages={languages} onChange={(oneOf) => update({ ...local, oneOf })} idBase={idBase} />}
    </div>
  );
}

function ChoiceEditor({ options, languages, onChange, idBase }: { options: Obj[]; languages: string[]; onChange: (o: Obj[]) => void; idBase: string }) {
  const set = (i: number, patch: Obj) => onChange(options.map((o, j) => (j === i ? { ...o, ...patch } : o)));
  return (
    <fieldset className="choices">
      <legend>Choices</legend>
      <table>
        <thead>
          <tr>
            <th scope="col">Value</th>
            {languages.map((l) => (
              <th key={l} scope="col">
                Text {l}
              </th>
            ))}
            <th />
          </tr>
        </thead>
        <tbody>
          {options.map((o, i) => (
            <tr key={i}>
              <td>
                <input aria-label={`Value of choice ${i + 1}`} id={`${idBase}-c${i}`} value={String(o.const ?? "")} onChange={(e) => set(i, { const: e.target.value })} size={6} />
              </td>
              {languages.map((l) => (
                <td key={l}>
                  <input aria-label={`Text of choice ${i + 1} in ${l}`} value={obj(o.title)[l] !== undefined ? String(obj(o.title)[l]) : typeof o.title === "string" && l === languages[0] ? o.title : ""} onChange={(e) => set(i, { title: { ...(typeof o.title === "string" ? { [languages[0]]: o.title } : obj(o.title)), [l]: e.target.value } })} />
                </td>
              ))}
              <td>
                <button type="button" onClick={() => onChange(options.filter((_, j) => j !== i))} aria-label={`Remove choice ${i + 1}`}>
                  ✕
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <button type="button" onClick={() => onChange([...options, { const: String.fromCharCode(97 + options.length), title: Object.fromEntries(languages.map((l) => [l, ""])) }])}>
        Add choice
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
  return (
    <section className="preview" aria-labelledby="preview-heading" data-testid="form-preview">
      <h3 id="preview-heading">
        What the citizen sees{" "}
        {languages.map((l) => (
          <button key={l} type="button" aria-pressed={language === l} onClick={() => setLanguage(l)}>
            {l}
          </button>
        ))}
      </h3>
      <div className="citizen-frame" lang={language}>
        <h4>{title}</h4>
        {description && <p>{description}</p>}
        <PreviewBoundary key={JSON.stringify(formStep) + language}>
          <PortalForm step={formStep} language={language} main={languages[0] ?? "uk"} onSubmit={(answers) => setResult(JSON.stringify(answers))} />
        </PreviewBoundary>
        {result && <p className="muted">Answers: {result}</p>}
      </div>
    </section>
  );
}

class PreviewBoundary extends Component<{ children: ReactNode }, { error?: string }> {
  override state: { error?: string } = {};
  static getDerivedStateFromError(error: Error) {
    return { error: error.message };
  }
  override render() {
    return this.state.error ? <p className="error-text">The form cannot be shown: {this.state.error}</p> : this.props.children;
  }
}
