/**
 * Accessible rjsf templates for citizens: radio groups and checkbox groups in a fieldset with a legend,
 * labels tied to inputs, the error above the field and referenced by aria-describedby (rjsf's ids),
 * option hints under their option.
 */
import {
  ariaDescribedByIds,
  enumOptionsIsSelected,
  errorId,
  getUiOptions,
  optionId,
  type FieldErrorProps,
  type FieldTemplateProps,
  type RegistryWidgetsType,
  type TemplatesType,
  type WidgetProps,
} from "@rjsf/utils";

function Required({ required }: { required?: boolean }) {
  return required ? (
    <span className="required" aria-hidden="true">
      {" "}
      *
    </span>
  ) : null;
}

function FieldTemplate(props: FieldTemplateProps) {
  const { id, label, children, errors, help, description, hidden, required, displayLabel, schema, uiSchema, rawErrors } = props;
  if (hidden) return <div className="hidden">{children}</div>;
  const widget = getUiOptions(uiSchema).widget;
  const invalid = Boolean(rawErrors?.length);
  const className = `field field-${schema.type ?? "any"}${invalid ? " field-invalid" : ""}`;
  const isGroup = widget === "radio" || widget === "checkboxes";
  if (isGroup) {
    return (
      <fieldset className={className} aria-describedby={ariaDescribedByIds(id)}>
        <legend>
          {label}
          <Required required={required} />
        </legend>
        {description}
        {errors}
        {children}
        {help}
      </fieldset>
    );
  }
  const container = schema.type === "object" || schema.type === "array";
  const ownLabel = schema.type === "boolean" || widget === "checkbox";
  return (
    <div className={container ? undefined : className}>
      {displayLabel && !ownLabel && !container && (
        <label htmlFor={id}>
          {label}
          <Required required={required} />
        </label>
      )}
      {displayLabel && description}
      {!container && errors}
      {children}
      {container && errors}
      {help}
    </div>
  );
}

function FieldErrorTemplate({ errors, fieldPathId }: FieldErrorProps) {
  const messages = (errors ?? []).filter(Boolean);
  if (!messages.length) return null;
  return (
    <p className="field-error" id={errorId(fieldPathId)}>
      {messages.map((message, index) => (
        <span key={index}>{message}</span>
      ))}
    </p>
  );
}

/** Radio buttons, each with its own label and hint (an option's description). */
function RadioWidget({ options, value, required, disabled, readonly, onChange, onBlur, onFocus, id, htmlName, rawErrors }: WidgetProps) {
  const enumOptions = options.enumOptions ?? [];
  return (
    <div className="choices" id={id}>
      {enumOptions.map((option, index) => {
        const hint = (option.schema as { description?: unknown } | undefined)?.description;
        const optionKey = optionId(id, index);
        return (
          <div className="choice" key={String(option.value)}>
            <input
              type="radio"
              id={optionKey}
              name={htmlName || id}
              value={String(option.value)}
              checked={enumOptionsIsSelected(option.value, value)}
              required={required}
              disabled={disabled || readonly}
              aria-invalid={rawErrors?.length ? true : undefined}
              aria-describedby={[ariaDescribedByIds(id), typeof hint === "string" ? `${optionKey}__hint` : ""].filter(Boolean).join(" ")}
              onChange={() => onChange(option.value)}
              onBlur={() => onBlur(id, option.value)}
              onFocus={() => onFocus(id, option.value)}
            />
            <label htmlFor={optionKey}>
              <span className="choice-title">{option.label}</span>
              {typeof hint === "string" && (
                <span className="choice-hint" id={`${optionKey}__hint`}>
                  {hint}
                </span>
              )}
            </label>
          </div>
        );
      })}
    </div>
  );
}

export const portalTemplates: Partial<TemplatesType> = { FieldTemplate, FieldErrorTemplate };
export const portalWidgets: RegistryWidgetsType = { RadioWidget };
