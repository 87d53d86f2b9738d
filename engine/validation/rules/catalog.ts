import type { Rule, RuleContext } from "../rule";
import { createAjv } from "../ajv";
import { TECHNICAL_OUTCOMES } from "../catalog";
import { didYouMean } from "../suggest";
import { hasOwn, own } from "../../own";

const ajv = createAjv();
const paramValidators = new WeakMap<object, ReturnType<typeof ajv.compile>>();

/** Registries, operations, handlers, templates and roles exist in the catalog, and outcomes are ones they report. */
export const catalogRefs: Rule = {
  name: "catalog",
  codes: [
    "registry.unknown", "registry.unknown-operation", "registry.unknown-outcome", "outcome.unhandled",
    "handler.unknown", "handler.unknown-outcome", "handler.invalid-params", "template.unknown", "role.unknown",
  ],
  check(context) {
    const { catalog, steps, report } = context;
    if (!catalog) return;
    for (const [id, step] of steps) {
      const base = ["steps", id];
      if (step.kind === "registry") checkOperation(context, base, step.registry, step.operation, Object.keys(step.on), []);
      if (step.kind === "wait" && step.poll) {
        const outcomes = Object.keys(step.on).filter((o) => o !== "timeout");
        checkOperation(context, [...base, "poll"], step.poll.registry, step.poll.operation, outcomes, [step.poll.pending ?? "pending"], [...base, "on"]);
      }
      if (step.kind === "task") {
        const versions = (catalog.handlers ?? []).filter((h) => h.type === step.handler);
        const handler = versions.find((h) => h.version === step.version);
        if (!handler) {
          const message = versions.length
            ? `Handler "${step.handler}" has no version ${step.version}`
            : `There is no handler "${step.handler}"`;
          const hint = versions.length
            ? `versions: ${versions.map((h) => h.version).join(", ")}`
            : didYouMean(step.handler, new Set((catalog.handlers ?? []).map((h) => h.type)));
          report("handler.unknown", [...base, versions.length ? "version" : "handler"], message, { hint });
          continue;
        }
        reportUnhandled(context, base, `Handler "${step.handler}"`, handler.outcomes, Object.keys(step.on));
        for (const outcome of Object.keys(step.on)) {
          if (![...handler.outcomes, ...TECHNICAL_OUTCOMES].includes(outcome)) {
            report("handler.unknown-outcome", [...base, "on", outcome], `Handler "${step.handler}" never reports "${outcome}"`, {
              key: true,
              hint: didYouMean(outcome, handler.outcomes) ?? `its outcomes: ${handler.outcomes.join(", ")}`,
            });
          }
        }
        if (handler.params) {
          let validate = paramValidators.get(handler.params);
          if (!validate) paramValidators.set(handler.params, (validate = ajv.compile(handler.params)));
          if (!validate(step.params ?? {})) {
            const error = validate.errors![0];
            report("handler.invalid-params", [...base, "params"], `Parameters of "${step.handler}" ${error.instancePath || ""} ${error.message}`.replace(/\s+/g, " "));
          }
        }
      }
      if (step.kind === "document" && !hasOwn(catalog.templates, step.template)) {
        report("template.unknown", [...base, "template"], `There is no document template "${step.template}"`, {
          hint: didYouMean(step.template, Object.keys(catalog.templates ?? {})),
        });
      }
      if (step.kind === "review" && !hasOwn(catalog.roles, step.role)) {
        report("role.unknown", [...base, "role"], `There is no officer role "${step.role}"`, {
          hint: didYouMean(step.role, Object.keys(catalog.roles ?? {})),
        });
      }
    }
  },
};

function checkOperation(
  { catalog, report }: RuleContext,
  base: (string | number)[],
  registryName: string,
  operationName: string,
  outcomes: string[],
  extraOutcomes: string[],
  outcomesPath: (string | number)[] = [...base, "on"],
) {
  const registry = own(catalog!.registries, registryName);
  if (!registry) {
    report("registry.unknown", [...base, "registry"], `There is no registry "${registryName}"`, {
      hint: didYouMean(registryName, Object.keys(catalog!.registries ?? {})),
    });
    return;
  }
  const operation = own(registry.operations, operationName);
  if (!operation) {
    report("registry.unknown-operation", [...base, "operation"], `Registry "${registryName}" has no operation "${operationName}"`, {
      hint: didYouMean(operationName, Object.keys(registry.operations ?? {})) ?? `its operations: ${Object.keys(registry.operations ?? {}).join(", ")}`,
    });
    return;
  }
  const known = [...operation.outcomes, ...TECHNICAL_OUTCOMES, ...extraOutcomes];
  const handled = [...outcomes, ...extraOutcomes];
  reportUnhandled({ catalog, report } as RuleContext, outcomesPath.slice(0, -1), `${registryName}.${operationName}`, operation.outcomes, handled, outcomesPath);
  for (const outcome of outcomes) {
    if (!known.includes(outcome)) {
      report("registry.unknown-outcome", [...outcomesPath, outcome], `${registryName}.${operationName} never reports "${outcome}"`, {
        key: true,
        hint: didYouMean(outcome, operation.outcomes) ?? `its outcomes: ${operation.outcomes.join(", ")}`,
      });
    }
  }
}

/** A business outcome without an edge would leave applications stuck: every one needs a next step. */
function reportUnhandled(
  { report }: Pick<RuleContext, "report">,
  base: (string | number)[],
  what: string,
  reported: string[],
  handled: string[],
  outcomesPath: (string | number)[] = [...base, "on"],
) {
  const missing = reported.filter((o) => !handled.includes(o));
  if (missing.length) {
    report("outcome.unhandled", outcomesPath, `${what} can report ${missing.map((m) => `"${m}"`).join(", ")}, but this step does not say where to go then`, {
      hint: `add on.${missing[0]}`,
    });
  }
}
