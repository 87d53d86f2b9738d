/**
 * Custom pieces for the property forms: per-language texts side by side, CEL expressions checked as typed,
 * and the fields property-schema.ts assigns by shape: rules (the condition and value builders), mappings,
 * outcomes, free "name → value" maps and durations.
 */
import type { FieldProps, RegistryFieldsType, RegistryWidgetsType, WidgetProps } from "@rjsf/utils";
import { compileExpression, isExpressionError, type ExpectedType } from "../../../../engine";
import { RuleEditor } from "../rules/RuleEditor";
import { EMPTY_SCOPE, type RuleScope } from "../rules/scope";
import { DurationWidget, KeyValueField, MappingField, OutcomesField, TemplateWidget } from "./panel-fields";
import type { TemplateCatalog } from "./template-catalog";
import { useStudioT } from "../i18n/useStudioT";

export interface PanelContext {
  languages: string[];
  /** What rules in this step can read (fields, types, sample answers). */
  scope?: RuleScope;
  /** The document templates, refreshed when the template picker opens (template-catalog.ts). */
  templates?: TemplateCatalog;
}

/** A text for people, one input per language of the service (side by side). */
function TextField({ formData, onChange, name, schema, fieldPathId, registry, uiSchema, disabled }: FieldProps) {
  const languages = (registry.formContext as PanelContext | undefined)?.languages ?? ["uk", "en"];
  const value: Record<string, string> = typeof formData === "string" ? { [languages[0]]: formData } : formData && typeof formData === "object" ? (formData as Record<string, string>) : {};
  const multiline = (uiSchema?.["ui:options"] as { multiline?: boolean } | undefined)?.multiline;
  const set = (lang: string, text: string) => {
    const next = { ...value, [lang]: text };
    for (const k of Object.keys(next)) if (!next[k]) delete next[k];
    onChange(Object.keys(next).length ? next : undefined, fieldPathId.path);
  };
  const label = (schema.title as string | undefined) ?? name;
  return (
    <fieldset className="text-field">
      <legend>{label}</legend>
      <div className="text-languages">
        {languages.map((lang) => {
          const id = `${fieldPathId.$id}-${lang}`;
          return (
            <label key={lang} htmlFor={id}>
              <span className="lang">{lang}</span>
              {multiline ? (
                <textarea id={id} value={value[lang] ?? ""} disabled={disabled} rows={2} onChange={(e) => set(lang, e.target.value)} />
              ) : (
                <input id={id} value={value[lang] ?? ""} disabled={disabled} onChange={(e) => set(lang, e.target.value)} />
              )}
            </label>
          );
        })}
      </div>
    </fieldset>
  );
}

/** A CEL expression with live checking: syntax and names are checked as the analyst types. */
function ExpressionWidget({ id, value, onChange, disabled, readonly, label, hideLabel }: WidgetProps) {
  const text = typeof value === "string" ? value : "";
  const compiled = text ? compileExpression(text) : undefined;
  const error = compiled && isExpressionError(compiled) ? compiled.message : undefined;
  const { t } = useStudioT();
  return (
    <div className="expression-widget">
      {!hideLabel && label && <span className="sr-only">{label}</span>}
      <input
        id={id}
        className={`expression ${error ? "invalid" : text ? "valid" : ""}`}
        value={text}
        spellCheck={false}
        disabled={disabled || readonly}
        aria-invalid={!!error}
        aria-describedby={`${id}-check`}
        onChange={(e) => onChange(e.target.value === "" ? undefined : e.target.value)}
        placeholder={t("expressionExample")}
      />
      <span id={`${id}-check`} className={error ? "expression-error" : "expression-ok"} role={error ? "alert" : undefined}>
        {error ? error : text ? t("validExpression") : ""}
      </span>
    </div>
  );
}

/** An expression where the schema says one: the condition builder for conditions, the value builder for values. */
function RuleField({ formData, onChange, name, schema, fieldPathId, registry, uiSchema }: FieldProps) {
  const options = (uiSchema?.["ui:options"] ?? {}) as { kind?: "condition" | "value"; expected?: ExpectedType; numbers?: boolean };
  const scope = (registry.formContext as PanelContext | undefined)?.scope ?? EMPTY_SCOPE;
  return (
    <fieldset className="rule-field">
      <legend>{(schema.title as string | undefined) ?? name}</legend>
      <RuleEditor
        id={fieldPathId.$id}
        value={typeof formData === "string" || typeof formData === "number" ? formData : undefined}
        onChange={(v) => onChange(v, fieldPathId.path)}
        kind={options.kind ?? "value"}
        expected={options.expected ?? "any"}
        numbers={options.numbers}
        scope={scope}
      />
    </fieldset>
  );
}

export const panelFields: RegistryFieldsType = { text: TextField, rule: RuleField, mapping: MappingField, outcomes: OutcomesField, keyValue: KeyValueField };
export const panelWidgets: RegistryWidgetsType = { expression: ExpressionWidget, duration: DurationWidget, template: TemplateWidget };
