/** The template's data fields: keys, friendly types, required, titles; a list's own fields (its columns). */
import { useEffect, useState } from "react";
import { moveButtons, refocus } from "./refocus";
import type { StudioKey } from "../i18n/messages";
import { useStudioT } from "../i18n/useStudioT";
import { FIELD_TYPES, KEY_PATTERN, SUB_FIELD_TYPES, move, newField, type DataField, type FieldType } from "./model";

interface FieldsEditorProps {
  fields: DataField[];
  onChange: (fields: DataField[]) => void;
  /** Renames a field everywhere the layout uses it (top-level fields only). */
  onRename?: (from: string, to: string) => void;
  /** Inside a list: the list's key, to name its columns' controls apart. */
  parent?: string;
}

export function FieldsEditor({ fields, onChange, onRename, parent }: FieldsEditorProps) {
  const [addType, setAddType] = useState<FieldType>("text");
  const types = parent ? FIELD_TYPES.filter((t) => SUB_FIELD_TYPES.includes(t.type)) : FIELD_TYPES;
  const update = (index: number, next: DataField) => onChange(fields.map((f, i) => (i === index ? next : f)));
  const prefix = parent ? `${parent}.` : "";
  const { t } = useStudioT();
  return (
    <div className="tpl-fields">
      {fields.length === 0 && <p className="muted">{t("noFields")}</p>}
      <ul className="fields">
        {fields.map((field, index) => (
          <FieldRow
            key={`${index}-${field.key}`}
            field={field}
            label={`${prefix}${field.key}`}
            types={types}
            first={index === 0}
            last={index === fields.length - 1}
            taken={fields.filter((_, i) => i !== index).map((f) => f.key)}
            onChange={(next) => update(index, next)}
            onRename={(to) => (onRename ? onRename(field.key, to) : update(index, { ...field, key: to }))}
            onMove={(by) => {
              onChange(move(fields, index, by));
              refocus(...moveButtons(`${prefix}${field.key}`, by));
            }}
            onRemove={() => onChange(fields.filter((_, i) => i !== index))}
          />
        ))}
      </ul>
      <div className="tpl-add">
        <label>
          {parent ? t("tplTypeNewFieldOf", { parent }) : t("typeOfNewField")}{" "}
          <select aria-label={parent ? t("tplTypeNewFieldOf", { parent }) : t("typeOfNewField")} value={addType} onChange={(e) => setAddType(e.target.value as FieldType)}>
            {types.map((type) => (
              <option key={type.type} value={type.type}>
                {t(`tft_${type.type}` as StudioKey)}
              </option>
            ))}
          </select>
        </label>{" "}
        <button type="button" onClick={() => onChange([...fields, newField(fields.map((f) => f.key), addType)])}>
          {parent ? t("tplAddFieldTo", { parent }) : t("addField")}
        </button>
      </div>
    </div>
  );
}

interface FieldRowProps {
  field: DataField;
  label: string;
  types: readonly { type: FieldType; label: string }[];
  first: boolean;
  last: boolean;
  taken: string[];
  onChange: (field: DataField) => void;
  onRename: (to: string) => void;
  onMove: (by: number) => void;
  onRemove: () => void;
}

function FieldRow({ field, label, types, first, last, taken, onChange, onRename, onMove, onRemove }: FieldRowProps) {
  const [key, setKey] = useState(field.key);
  const { t } = useStudioT();
  useEffect(() => setKey(field.key), [field.key]);
  const keyProblem = key !== field.key && (!KEY_PATTERN.test(key) ? t("tplKeyRule") : taken.includes(key) ? t("tplKeyTaken") : null);
  const commit = () => {
    if (key === field.key) return;
    if (keyProblem) return setKey(field.key);
    onRename(key);
  };
  const setType = (type: FieldType) => onChange({ ...field, type, ...(type === "list" ? { fields: field.fields?.length ? field.fields : [newField([], "text")] } : { fields: undefined }) });
  return (
    <li className="field-row tpl-field" data-field={label}>
      <div className="tpl-line">
        <label>
          {t("tplKey")} <input aria-label={t("tplKeyOf", { label })} value={key} onChange={(e) => setKey(e.target.value)} onBlur={commit} onKeyDown={(e) => e.key === "Enter" && commit()} size={14} className="field-key" />
        </label>
        <label>
          {t("tplType")}{" "}
          <select aria-label={t("tplTypeOf", { label })} value={field.type} onChange={(e) => setType(e.target.value as FieldType)}>
            {types.map((type) => (
              <option key={type.type} value={type.type}>
                {t(`tft_${type.type}` as StudioKey)}
              </option>
            ))}
          </select>
        </label>
        <label>
          <input type="checkbox" aria-label={t("tplIsRequired", { label })} checked={field.required} onChange={(e) => onChange({ ...field, required: e.target.checked })} /> {t("required")}
        </label>
        <span className="tpl-buttons">
          <button type="button" onClick={() => onMove(-1)} disabled={first} aria-label={t("moveUp", { key: label })} data-move={`Move ${label} up`}>
            ↑
          </button>
          <button type="button" onClick={() => onMove(1)} disabled={last} aria-label={t("moveDown", { key: label })} data-move={`Move ${label} down`}>
            ↓
          </button>
          <button type="button" className="danger" onClick={onRemove} aria-label={t("removeField", { key: label })}>
            ✕
          </button>
        </span>
      </div>
      {keyProblem && <p className="error-text">{keyProblem}</p>}
      <div className="text-languages">
        <label>
          <span className="lang">uk</span>
          <input aria-label={t("tplTitleOf", { label, lang: "uk" })} value={field.title.uk} onChange={(e) => onChange({ ...field, title: { ...field.title, uk: e.target.value } })} />
        </label>
        <label>
          <span className="lang">en</span>
          <input aria-label={t("tplTitleOf", { label, lang: "en" })} value={field.title.en} onChange={(e) => onChange({ ...field, title: { ...field.title, en: e.target.value } })} />
        </label>
      </div>
      {field.type === "list" && (
        <fieldset className="tpl-sub">
          <legend>{t("tplRowFields", { label })}</legend>
          <FieldsEditor fields={field.fields ?? []} parent={label} onChange={(fields) => onChange({ ...field, fields })} />
        </fieldset>
      )}
    </li>
  );
}
