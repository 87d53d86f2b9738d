/**
 * The printed layout: sections of rows (a data field each, with labels and a format), tables of a list's
 * rows, free text with {field} placeholders, photos. Added, removed and ordered with buttons.
 */
import { useId, useRef, useState } from "react";
import { moveButtons, refocus } from "./refocus";
import type { StudioKey } from "../i18n/messages";
import { useStudioT } from "../i18n/useStudioT";
import {
  FORMATS,
  defaultFormat,
  insertPlaceholder,
  move,
  newSection,
  rowFor,
  type ColumnItem,
  type DataField,
  type DesignModel,
  type Format,
  type RowItem,
  type Section,
  type SectionKind,
  type Text,
} from "./model";

const SECTION_KINDS: { kind: SectionKind; label: string }[] = [
  { kind: "rows", label: "Rows of fields" },
  { kind: "table", label: "Table of a list" },
  { kind: "text", label: "Free text" },
  { kind: "photo", label: "Photo" },
];

export function LayoutEditor({ model, onChange }: { model: DesignModel; onChange: (sections: Section[]) => void }) {
  const [addKind, setAddKind] = useState<SectionKind>("rows");
  const sections = model.sections;
  const update = (index: number, next: Section) => onChange(sections.map((s, i) => (i === index ? next : s)));
  const { t } = useStudioT();
  return (
    <div className="tpl-layout">
      {sections.length === 0 && <p className="muted">{t("noSections")}</p>}
      <ol className="tpl-sections">
        {sections.map((section, index) => {
          const n = index + 1;
          const kindLabel = t(`sk_${section.kind}` as StudioKey);
          const sectionName = t("sectionName", { n });
          return (
            <li key={index} className="tpl-section" data-section={n} data-kind={section.kind}>
              <div className="tpl-line">
                <h3>
                  {t("sectionTitle", { n, kind: kindLabel })}
                </h3>
                <span className="tpl-buttons">
                  <button type="button" onClick={() => {
                      onChange(move(sections, index, -1));
                      refocus(...moveButtons(`section ${n - 1}`, -1));
                    }} disabled={index === 0} aria-label={t("moveUp", { key: sectionName })} data-move={`Move section ${n} up`}>
                    ↑
                  </button>
                  <button type="button" onClick={() => {
                      onChange(move(sections, index, 1));
                      refocus(...moveButtons(`section ${n + 1}`, 1));
                    }} disabled={index === sections.length - 1} aria-label={t("moveDown", { key: sectionName })} data-move={`Move section ${n} down`}>
                    ↓
                  </button>
                  <button type="button" className="danger" onClick={() => onChange(sections.filter((_, i) => i !== index))} aria-label={t("removeField", { key: sectionName })}>
                    ✕
                  </button>
                </span>
              </div>
              <TextPair label={t("headingOf", { name: sectionName })} value={section.title ?? { uk: "", en: "" }} onChange={(title) => update(index, { ...section, title })} />
              {section.kind === "rows" && <RowsEditor n={n} section={section} fields={model.fields} onChange={(next) => update(index, next)} />}
              {section.kind === "table" && <TableEditor n={n} section={section} fields={model.fields} onChange={(next) => update(index, next)} />}
              {section.kind === "text" && <TextEditor n={n} section={section} fields={model.fields} onChange={(next) => update(index, next)} />}
              {section.kind === "photo" && <PhotoEditor n={n} section={section} fields={model.fields} onChange={(next) => update(index, next)} />}
            </li>
          );
        })}
      </ol>
      <div className="tpl-add">
        <label>
          {t("kindNewSection")}{" "}
          <select aria-label={t("kindNewSection")} value={addKind} onChange={(e) => setAddKind(e.target.value as SectionKind)}>
            {SECTION_KINDS.map((k) => (
              <option key={k.kind} value={k.kind}>
                {t(`sk_${k.kind}` as StudioKey)}
              </option>
            ))}
          </select>
        </label>{" "}
        <button type="button" onClick={() => onChange([...sections, newSection(addKind, model)])}>
          {t("addSection")}
        </button>
      </div>
    </div>
  );
}

function TextPair({ label, value, onChange, multiline = false, onFocusInput }: { label: string; value: Text; onChange: (t: Text) => void; multiline?: boolean; onFocusInput?: (lang: "uk" | "en", el: HTMLTextAreaElement) => void }) {
  const id = useId();
  return (
    <div className="text-languages">
      {(["uk", "en"] as const).map((lang) => (
        <div key={lang} className="tpl-text-field">
          <label htmlFor={`${id}-${lang}`} className="lang">
            {label} {lang}
          </label>
          {multiline ? (
            <textarea
              id={`${id}-${lang}`}
              rows={3}
              value={value[lang]}
              onChange={(e) => onChange({ ...value, [lang]: e.target.value })}
              onFocus={(e) => onFocusInput?.(lang, e.currentTarget)}
              onSelect={(e) => onFocusInput?.(lang, e.currentTarget)}
            />
          ) : (
            <input id={`${id}-${lang}`} value={value[lang]} onChange={(e) => onChange({ ...value, [lang]: e.target.value })} />
          )}
        </div>
      ))}
    </div>
  );
}

function FieldSelect({ label, value, fields, onChange }: { label: string; value: string; fields: DataField[]; onChange: (key: string) => void }) {
  const known = fields.some((f) => f.key === value);
  const { lang, t } = useStudioT();
  return (
    <label>
      {label}{" "}
      <select aria-label={label} value={value} onChange={(e) => onChange(e.target.value)}>
        {!known && <option value={value}>{value ? t("notDataField", { value }) : t("pickField")}</option>}
        {fields.map((f) => (
          <option key={f.key} value={f.key}>
            {f.title[lang] || f.title.uk || f.title.en ? `${f.title[lang] || f.title.uk || f.title.en} (${f.key})` : f.key}
          </option>
        ))}
      </select>
    </label>
  );
}

function FormatSelect({ label, value, onChange }: { label: string; value: Format; onChange: (format: Format) => void }) {
  return (
    <label>
      {label}{" "}
      <select aria-label={label} value={value} onChange={(e) => onChange(e.target.value as Format)}>
        {FORMATS.map((f) => (
          <option key={f} value={f}>
            {f}
          </option>
        ))}
      </select>
    </label>
  );
}

/** A row picking another field takes that field's titles (unless the analyst wrote other labels) and its format. */
function repoint<T extends { key: string; uk: string; en: string; format: Format }>(item: T, fields: DataField[], key: string): T {
  const before = fields.find((f) => f.key === item.key);
  const after = fields.find((f) => f.key === key);
  if (!after) return { ...item, key };
  const untouched = (lang: "uk" | "en") => !item[lang] || item[lang] === before?.title[lang];
  return {
    ...item,
    key,
    uk: untouched("uk") ? after.title.uk : item.uk,
    en: untouched("en") ? after.title.en : item.en,
    format: !before || item.format === defaultFormat(before.type) ? defaultFormat(after.type) : item.format,
  };
}

function RowsEditor({ n, section, fields, onChange }: { n: number; section: Extract<Section, { kind: "rows" }>; fields: DataField[]; onChange: (s: Section) => void }) {
  const rows = section.rows;
  const setRows = (next: RowItem[]) => onChange({ ...section, rows: next });
  const setRow = (i: number, row: RowItem) => setRows(rows.map((r, j) => (j === i ? row : r)));
  const printable = fields.filter((f) => f.type !== "photo" && f.type !== "list");
  const missing = printable.filter((f) => !rows.some((r) => r.key === f.key));
  const { t } = useStudioT();
  return (
    <div className="tpl-rows">
      <ul className="fields">
        {rows.map((row, i) => {
          const name = t("rowName", { i: i + 1, n });
          return (
            <li key={i} className="field-row tpl-row" data-row={row.key}>
              <div className="tpl-line">
                <FieldSelect label={t("fieldOfName", { name })} value={row.key} fields={fields} onChange={(key) => setRow(i, repoint(row, fields, key))} />
                <FormatSelect label={t("formatOf", { name })} value={row.format} onChange={(format) => setRow(i, { ...row, format })} />
                <label>
                  <input type="checkbox" checked={!!row.card} onChange={(e) => setRow(i, { ...row, card: e.target.checked })} aria-label={t("showOnCard", { name })} /> {t("onCard")}
                </label>
                <span className="tpl-buttons">
                  <button type="button" onClick={() => {
                      setRows(move(rows, i, -1));
                      refocus(...moveButtons(`row ${i} of section ${n}`, -1));
                    }} disabled={i === 0} aria-label={t("moveUp", { key: name })} data-move={`Move row ${i + 1} of section ${n} up`}>
                    ↑
                  </button>
                  <button type="button" onClick={() => {
                      setRows(move(rows, i, 1));
                      refocus(...moveButtons(`row ${i + 2} of section ${n}`, 1));
                    }} disabled={i === rows.length - 1} aria-label={t("moveDown", { key: name })} data-move={`Move row ${i + 1} of section ${n} down`}>
                    ↓
                  </button>
                  <button type="button" className="danger" onClick={() => setRows(rows.filter((_, j) => j !== i))} aria-label={t("removeField", { key: name })}>
                    ✕
                  </button>
                </span>
              </div>
              <TextPair label={t("labelOf", { name })} value={{ uk: row.uk, en: row.en }} onChange={(text) => setRow(i, { ...row, ...text })} />
            </li>
          );
        })}
      </ul>
      <div className="tpl-add">
        <button type="button" onClick={() => setRows([...rows, missing[0] ? rowFor(missing[0]) : { key: "", uk: "", en: "", format: "text" }])} disabled={fields.length === 0}>
          {t("addRowTo", { n })}
        </button>{" "}
        <button type="button" onClick={() => setRows([...rows, ...missing.map(rowFor)])} disabled={missing.length === 0}>
          {t("addRowsAll", { count: missing.length })}
        </button>
      </div>
    </div>
  );
}

function TableEditor({ n, section, fields, onChange }: { n: number; section: Extract<Section, { kind: "table" }>; fields: DataField[]; onChange: (s: Section) => void }) {
  const lists = fields.filter((f) => f.type === "list");
  const list = lists.find((f) => f.key === section.key);
  const columnFields = list?.fields ?? [];
  const setColumns = (columns: ColumnItem[]) => onChange({ ...section, columns });
  const setColumn = (i: number, c: ColumnItem) => setColumns(section.columns.map((x, j) => (j === i ? c : x)));
  const { t } = useStudioT();
  return (
    <div className="tpl-rows">
      <FieldSelect
        label={t("listShownIn", { n })}
        value={section.key}
        fields={lists}
        onChange={(key) => {
          const picked = lists.find((f) => f.key === key);
          onChange({ ...section, key, columns: (picked?.fields ?? []).map((f) => ({ key: f.key, uk: f.title.uk, en: f.title.en, format: defaultFormat(f.type) })) });
        }}
      />
      {lists.length === 0 && <p className="muted">{t("addListFirst")}</p>}
      <ul className="fields">
        {section.columns.map((column, i) => {
          const name = t("columnName", { i: i + 1, n });
          return (
            <li key={i} className="field-row">
              <div className="tpl-line">
                <FieldSelect label={t("fieldOfName", { name })} value={column.key} fields={columnFields} onChange={(key) => setColumn(i, repoint(column, columnFields, key))} />
                <FormatSelect label={t("formatOf", { name })} value={column.format} onChange={(format) => setColumn(i, { ...column, format })} />
                <span className="tpl-buttons">
                  <button type="button" onClick={() => {
                      setColumns(move(section.columns, i, -1));
                      refocus(...moveButtons(`column ${i} of section ${n}`, -1, ["left", "right"]));
                    }} disabled={i === 0} aria-label={t("moveLeft", { key: name })} data-move={`Move column ${i + 1} of section ${n} left`}>
                    ↑
                  </button>
                  <button type="button" onClick={() => {
                      setColumns(move(section.columns, i, 1));
                      refocus(...moveButtons(`column ${i + 2} of section ${n}`, 1, ["left", "right"]));
                    }} disabled={i === section.columns.length - 1} aria-label={t("moveRight", { key: name })} data-move={`Move column ${i + 1} of section ${n} right`}>
                    ↓
                  </button>
                  <button type="button" className="danger" onClick={() => setColumns(section.columns.filter((_, j) => j !== i))} aria-label={t("removeField", { key: name })}>
                    ✕
                  </button>
                </span>
              </div>
              <TextPair label={t("headingOf", { name })} value={{ uk: column.uk, en: column.en }} onChange={(text) => setColumn(i, { ...column, ...text })} />
            </li>
          );
        })}
      </ul>
      <button
        type="button"
        disabled={columnFields.length === 0}
        onClick={() => {
          const next = columnFields.find((f) => !section.columns.some((c) => c.key === f.key)) ?? columnFields[0];
          setColumns([...section.columns, { key: next.key, uk: next.title.uk, en: next.title.en, format: defaultFormat(next.type) }]);
        }}
      >
        {t("addColumnTo", { n })}
      </button>
    </div>
  );
}

function TextEditor({ n, section, fields, onChange }: { n: number; section: Extract<Section, { kind: "text" }>; fields: DataField[]; onChange: (s: Section) => void }) {
  const target = useRef<{ lang: "uk" | "en"; el: HTMLTextAreaElement | null }>({ lang: "uk", el: null });
  const [pick, setPick] = useState("");
  const { t } = useStudioT();
  const key = pick || fields[0]?.key || "";
  const insert = () => {
    if (!key) return;
    const { lang, el } = target.current;
    const current = section.text[lang];
    const start = el ? el.selectionStart : current.length;
    const end = el ? el.selectionEnd : current.length;
    const { text, caret } = insertPlaceholder(current, start, end, key);
    onChange({ ...section, text: { ...section.text, [lang]: text } });
    if (el) {
      requestAnimationFrame(() => {
        el.focus();
        el.setSelectionRange(caret, caret);
      });
    }
  };
  return (
    <div className="tpl-rows">
      <TextPair
        label={t("textOfSection", { n })}
        multiline
        value={section.text}
        onChange={(text) => onChange({ ...section, text })}
        onFocusInput={(lang, el) => {
          target.current = { lang, el };
        }}
      />
      <div className="tpl-add">
        <FieldSelect label={t("fieldToInsert", { n })} value={key} fields={fields} onChange={setPick} />{" "}
        <button type="button" onMouseDown={(e) => e.preventDefault()} onClick={insert} disabled={!key}>
          {t("insertField")}
        </button>
        <span className="muted">{t("placeholdersNote", { example: "{key}", exampleFormat: "{key|date}" })}</span>
      </div>
    </div>
  );
}

function PhotoEditor({ n, section, fields, onChange }: { n: number; section: Extract<Section, { kind: "photo" }>; fields: DataField[]; onChange: (s: Section) => void }) {
  const photos = fields.filter((f) => f.type === "photo");
  const { t } = useStudioT();
  return (
    <div className="tpl-rows">
      <FieldSelect label={t("photoShownIn", { n })} value={section.key} fields={photos} onChange={(key) => onChange({ ...section, key })} />
      {photos.length === 0 && <p className="muted">{t("addPhotoFirst")}</p>}
      <TextPair label={t("captionOf", { n })} value={{ uk: section.uk, en: section.en }} onChange={(text) => onChange({ ...section, ...text })} />
    </div>
  );
}
