/**
 * The printed layout: sections of rows (a data field each, with labels and a format), tables of a list's
 * rows, free text with {field} placeholders, photos. Added, removed and ordered with buttons.
 */
import { useId, useRef, useState } from "react";
import { moveButtons, refocus } from "./refocus";
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
  return (
    <div className="tpl-layout">
      {sections.length === 0 && <p className="muted">No sections yet: add one to print the data.</p>}
      <ol className="tpl-sections">
        {sections.map((section, index) => {
          const n = index + 1;
          const kindLabel = SECTION_KINDS.find((k) => k.kind === section.kind)?.label;
          return (
            <li key={index} className="tpl-section" data-section={n} data-kind={section.kind}>
              <div className="tpl-line">
                <h3>
                  Section {n}: {kindLabel}
                </h3>
                <span className="tpl-buttons">
                  <button type="button" onClick={() => {
                      onChange(move(sections, index, -1));
                      refocus(...moveButtons(`section ${n - 1}`, -1));
                    }} disabled={index === 0} aria-label={`Move section ${n} up`}>
                    ↑
                  </button>
                  <button type="button" onClick={() => {
                      onChange(move(sections, index, 1));
                      refocus(...moveButtons(`section ${n + 1}`, 1));
                    }} disabled={index === sections.length - 1} aria-label={`Move section ${n} down`}>
                    ↓
                  </button>
                  <button type="button" className="danger" onClick={() => onChange(sections.filter((_, i) => i !== index))} aria-label={`Remove section ${n}`}>
                    ✕
                  </button>
                </span>
              </div>
              <TextPair label={`Heading of section ${n}`} value={section.title ?? { uk: "", en: "" }} onChange={(title) => update(index, { ...section, title })} />
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
          Kind of the new section{" "}
          <select aria-label="Kind of the new section" value={addKind} onChange={(e) => setAddKind(e.target.value as SectionKind)}>
            {SECTION_KINDS.map((k) => (
              <option key={k.kind} value={k.kind}>
                {k.label}
              </option>
            ))}
          </select>
        </label>{" "}
        <button type="button" onClick={() => onChange([...sections, newSection(addKind, model)])}>
          Add section
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
  return (
    <label>
      {label}{" "}
      <select aria-label={label} value={value} onChange={(e) => onChange(e.target.value)}>
        {!known && <option value={value}>{value ? `${value} (not a data field)` : "— pick a field —"}</option>}
        {fields.map((f) => (
          <option key={f.key} value={f.key}>
            {f.title.en || f.title.uk ? `${f.title.en || f.title.uk} (${f.key})` : f.key}
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
  return (
    <div className="tpl-rows">
      <ul className="fields">
        {rows.map((row, i) => {
          const name = `row ${i + 1} of section ${n}`;
          return (
            <li key={i} className="field-row tpl-row" data-row={row.key}>
              <div className="tpl-line">
                <FieldSelect label={`Field of ${name}`} value={row.key} fields={fields} onChange={(key) => setRow(i, repoint(row, fields, key))} />
                <FormatSelect label={`Format of ${name}`} value={row.format} onChange={(format) => setRow(i, { ...row, format })} />
                <label>
                  <input type="checkbox" checked={!!row.card} onChange={(e) => setRow(i, { ...row, card: e.target.checked })} aria-label={`Show ${name} on the card`} /> on the card
                </label>
                <span className="tpl-buttons">
                  <button type="button" onClick={() => {
                      setRows(move(rows, i, -1));
                      refocus(...moveButtons(`row ${i} of section ${n}`, -1));
                    }} disabled={i === 0} aria-label={`Move ${name} up`}>
                    ↑
                  </button>
                  <button type="button" onClick={() => {
                      setRows(move(rows, i, 1));
                      refocus(...moveButtons(`row ${i + 2} of section ${n}`, 1));
                    }} disabled={i === rows.length - 1} aria-label={`Move ${name} down`}>
                    ↓
                  </button>
                  <button type="button" className="danger" onClick={() => setRows(rows.filter((_, j) => j !== i))} aria-label={`Remove ${name}`}>
                    ✕
                  </button>
                </span>
              </div>
              <TextPair label={`Label of ${name}`} value={{ uk: row.uk, en: row.en }} onChange={(t) => setRow(i, { ...row, ...t })} />
            </li>
          );
        })}
      </ul>
      <div className="tpl-add">
        <button type="button" onClick={() => setRows([...rows, missing[0] ? rowFor(missing[0]) : { key: "", uk: "", en: "", format: "text" }])} disabled={fields.length === 0}>
          Add a row to section {n}
        </button>{" "}
        <button type="button" onClick={() => setRows([...rows, ...missing.map(rowFor)])} disabled={missing.length === 0}>
          Add rows for all fields not yet printed ({missing.length})
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
  return (
    <div className="tpl-rows">
      <FieldSelect
        label={`List shown in section ${n}`}
        value={section.key}
        fields={lists}
        onChange={(key) => {
          const picked = lists.find((f) => f.key === key);
          onChange({ ...section, key, columns: (picked?.fields ?? []).map((f) => ({ key: f.key, uk: f.title.uk, en: f.title.en, format: defaultFormat(f.type) })) });
        }}
      />
      {lists.length === 0 && <p className="muted">Add a data field of type "List of rows" first.</p>}
      <ul className="fields">
        {section.columns.map((column, i) => {
          const name = `column ${i + 1} of section ${n}`;
          return (
            <li key={i} className="field-row">
              <div className="tpl-line">
                <FieldSelect label={`Field of ${name}`} value={column.key} fields={columnFields} onChange={(key) => setColumn(i, repoint(column, columnFields, key))} />
                <FormatSelect label={`Format of ${name}`} value={column.format} onChange={(format) => setColumn(i, { ...column, format })} />
                <span className="tpl-buttons">
                  <button type="button" onClick={() => {
                      setColumns(move(section.columns, i, -1));
                      refocus(...moveButtons(`column ${i} of section ${n}`, -1, ["left", "right"]));
                    }} disabled={i === 0} aria-label={`Move ${name} left`}>
                    ↑
                  </button>
                  <button type="button" onClick={() => {
                      setColumns(move(section.columns, i, 1));
                      refocus(...moveButtons(`column ${i + 2} of section ${n}`, 1, ["left", "right"]));
                    }} disabled={i === section.columns.length - 1} aria-label={`Move ${name} right`}>
                    ↓
                  </button>
                  <button type="button" className="danger" onClick={() => setColumns(section.columns.filter((_, j) => j !== i))} aria-label={`Remove ${name}`}>
                    ✕
                  </button>
                </span>
              </div>
              <TextPair label={`Heading of ${name}`} value={{ uk: column.uk, en: column.en }} onChange={(t) => setColumn(i, { ...column, ...t })} />
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
        Add a column to section {n}
      </button>
    </div>
  );
}

function TextEditor({ n, section, fields, onChange }: { n: number; section: Extract<Section, { kind: "text" }>; fields: DataField[]; onChange: (s: Section) => void }) {
  const target = useRef<{ lang: "uk" | "en"; el: HTMLTextAreaElement | null }>({ lang: "uk", el: null });
  const [pick, setPick] = useState("");
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
        label={`Text of section ${n}`}
        multiline
        value={section.text}
        onChange={(text) => onChange({ ...section, text })}
        onFocusInput={(lang, el) => {
          target.current = { lang, el };
        }}
      />
      <div className="tpl-add">
        <FieldSelect label={`Field to insert in section ${n}`} value={key} fields={fields} onChange={setPick} />{" "}
        <button type="button" onMouseDown={(e) => e.preventDefault()} onClick={insert} disabled={!key}>
          Insert field at the cursor
        </button>
        <span className="muted"> Placeholders print the value: {"{key}"}, or with a format: {"{key|date}"}.</span>
      </div>
    </div>
  );
}

function PhotoEditor({ n, section, fields, onChange }: { n: number; section: Extract<Section, { kind: "photo" }>; fields: DataField[]; onChange: (s: Section) => void }) {
  const photos = fields.filter((f) => f.type === "photo");
  return (
    <div className="tpl-rows">
      <FieldSelect label={`Photo shown in section ${n}`} value={section.key} fields={photos} onChange={(key) => onChange({ ...section, key })} />
      {photos.length === 0 && <p className="muted">Add a data field of type "Photo" first.</p>}
      <TextPair label={`Caption of section ${n}`} value={{ uk: section.uk, en: section.en }} onChange={(t) => onChange({ ...section, ...t })} />
    </div>
  );
}
