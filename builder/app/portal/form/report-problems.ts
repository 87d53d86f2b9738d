/**
 * Tells the service's dashboard which fields stopped the citizen (issue 15): the field's path and the JSON-Schema
 * keyword that failed, never a value. Sent as a beacon to the application's form-errors route with the form's
 * own step and CSRF token; forms without them (the studio's preview) send nothing. Fire and forget.
 */
import type { RJSFSchema, ValidatorType } from "@rjsf/utils";

const MAX = 50;

export function reportFieldProblems(validator: ValidatorType, schema: Record<string, unknown>, answers: Record<string, unknown>, form: EventTarget | null): void {
  try {
    if (!(form instanceof HTMLFormElement) || typeof navigator.sendBeacon !== "function") return;
    const step = (form.elements.namedItem("step") as HTMLInputElement | null)?.value;
    const csrf = (form.elements.namedItem("csrf") as HTMLInputElement | null)?.value;
    const page = new URL(form.action || window.location.href).pathname.match(/^\/applications\/[^/]+$/)?.[0];
    if (!step || !csrf || !page) return;
    const problems = new Map<string, { field: string; code: string }>();
    for (const error of validator.validateFormData(answers, schema as RJSFSchema).errors) {
      if (!error.name || !error.property) continue;
      const field = error.property.replace(/^\./, "").replaceAll(".", "/");
      if (field) problems.set(`${field} ${error.name}`, { field, code: error.name });
    }
    if (!problems.size) return;
    const body = new URLSearchParams({ csrf, step, problems: JSON.stringify([...problems.values()].slice(0, MAX)) });
    navigator.sendBeacon(`${page}/form-errors`, body);
  } catch {
    // Counting is a nicety: it never stands in the citizen's way.
  }
}
