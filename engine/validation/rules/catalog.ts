import type { Rule, RuleContext } from "../rule";
import { createAjv } from "../ajv";
import { DEFAULT_CURRENCY, handlerOf, OFFICER_DECISIONS, TECHNICAL_OUTCOMES, type JsonSchema } from "../catalog";
import { didYouMean, suggest } from "../suggest";
import { hasOwn, own } from "../../own";
import { stepModule, type CatalogRef, type Path } from "../../steps";

const ajv = createAjv();
const paramValidators = new WeakMap<object, ReturnType<typeof ajv.compile>>();

/**
 * What a step refers to outside the service is in the catalog, and is used as its contract says: the
 * registries, operations, handlers, templates and roles exist; outcomes are ones they report; input
 * mappings give the keys the operation's (or handler's) input schema has and requires; document data
 * gives what the template requires; handler params fit their schema; review decisions are officers'
 * decisions; payments are in a currency a payment provider takes; appointments are booked with a slot
 * provider that books the service, at an office that offers it. What a step refers to comes from its
 * kind module (catalogRefs); the mapping it gives is read next to the reference in the definition.
 */
export const catalogRefs: Rule = {
  name: "catalog",
  codes: [
    "registry.unknown", "registry.unknown-operation", "registry.unknown-outcome", "outcome.unhandled",
    "handler.unknown", "handler.unknown-outcome", "handler.invalid-params", "template.unknown", "role.unknown",
    "input.unknown-field", "input.missing-field", "document.missing-field", "document.unknown-field",
    "review.unknown-decision", "payment.unknown-currency", "slots.unknown-provider", "slots.unknown-service", "slots.unknown-office",
  ],
  check(context) {
    const { catalog, steps } = context;
    if (!catalog) return;
    for (const [id, step] of steps) {
      for (const ref of stepModule(step).catalogRefs(id, step)) {
        if (ref.type === "operation") checkOperation(context, ref);
        if (ref.type === "handler") checkHandler(context, ref);
        if (ref.type === "template") checkTemplate(context, ref);
        if (ref.type === "role") checkRole(context, ref);
        if (ref.type === "slots") checkSlots(context, ref);
      }
      if (step.kind === "payment") checkCurrency(context, ["steps", id], step.currency);
    }
  },
};

type Ref<T extends CatalogRef["type"]> = Extract<CatalogRef, { type: T }>;

/** The object at a path of the definition (where a reference is written), to read what is written next to it. */
function objectAt(context: RuleContext, path: Path): Record<string, unknown> | undefined {
  let node: unknown = context.definition;
  for (const key of path) node = node !== null && typeof node === "object" ? own(node as Record<string, unknown>, String(key)) : undefined;
  return node !== null && typeof node === "object" && !Array.isArray(node) ? (node as Record<string, unknown>) : undefined;
}

function checkOperation(context: RuleContext, ref: Ref<"operation">) {
  const { catalog, report } = context;
  const { path: base, registry: registryName, operation: operationName, outcomesPath } = ref;
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
  const known = [...operation.outcomes, ...TECHNICAL_OUTCOMES, ...ref.extraOutcomes];
  const handled = [...ref.outcomes, ...ref.extraOutcomes];
  reportUnhandled(context, `${registryName}.${operationName}`, operation.outcomes, handled, outcomesPath);
  for (const outcome of ref.outcomes) {
    if (!known.includes(outcome)) {
      report("registry.unknown-outcome", [...outcomesPath, outcome], `${registryName}.${operationName} never reports "${outcome}"`, {
        key: true,
        hint: didYouMean(outcome, operation.outcomes) ?? `its outcomes: ${operation.outcomes.join(", ")}`,
      });
    }
  }
  if (operation.input) checkInput(context, base, [...base, "operation"], `${registryName}.${operationName}`, operation.input);
}

function checkHandler(context: RuleContext, ref: Ref<"handler">) {
  const { catalog, report } = context;
  const base = ref.path;
  const versions = (catalog!.handlers ?? []).filter((h) => h.type === ref.handler);
  const handler = handlerOf(catalog, ref.handler, ref.version);
  if (!handler) {
    const message = versions.length ? `Handler "${ref.handler}" has no version ${ref.version}` : `There is no handler "${ref.handler}"`;
    const hint = versions.length
      ? `versions: ${versions.map((h) => h.version).join(", ")}`
      : didYouMean(ref.handler, new Set((catalog!.handlers ?? []).map((h) => h.type)));
    report("handler.unknown", [...base, versions.length ? "version" : "handler"], message, { hint });
    return;
  }
  reportUnhandled(context, `Handler "${ref.handler}"`, handler.outcomes, ref.outcomes, [...base, "on"]);
  for (const outcome of ref.outcomes) {
    if (![...handler.outcomes, ...TECHNICAL_OUTCOMES].includes(outcome)) {
      report("handler.unknown-outcome", [...base, "on", outcome], `Handler "${ref.handler}" never reports "${outcome}"`, {
        key: true,
        hint: didYouMean(outcome, handler.outcomes) ?? `its outcomes: ${handler.outcomes.join(", ")}`,
      });
    }
  }
  if (handler.params) {
    let validate = paramValidators.get(handler.params);
    if (!validate) paramValidators.set(handler.params, (validate = ajv.compile(handler.params)));
    if (!validate(ref.params ?? {})) {
      const error = validate.errors![0];
      const unknown = error.keyword === "additionalProperties" ? String(error.params.additionalProperty) : undefined;
      report("handler.invalid-params", [...base, "params"], `Parameters of "${ref.handler}" ${error.instancePath || ""} ${error.message}${unknown ? ` ("${unknown}")` : ""}`.replace(/\s+/g, " "), {
        hint: unknown !== undefined ? didYouMean(unknown, Object.keys(propertiesOf(handler.params))) : undefined,
      });
    }
  }
  if (handler.input) checkInput(context, base, [...base, "handler"], `Handler "${ref.handler}"`, handler.input);
}

/** The step's `input` mapping against the input schema: no key it does not know, every key it requires. */
function checkInput(context: RuleContext, base: Path, callee: Path, what: string, schema: JsonSchema) {
  const given = objectAt(context, [...base, "input"]);
  const mapping = given ?? {};
  const properties = propertiesOf(schema);
  const known = Object.keys(properties);
  const misspelt = new Set<string>();
  if (schema.additionalProperties !== true && typeof schema.additionalProperties !== "object") {
    for (const key of Object.keys(mapping)) {
      if (hasOwn(properties, key)) continue;
      const close = suggest(key, known);
      if (close) misspelt.add(close);
      context.report("input.unknown-field", [...base, "input", key], `${what} takes no input "${key}"`, {
        key: true,
        hint: close ? `did you mean "${close}"?` : known.length ? `its input: ${known.join(", ")}` : "it takes no input",
      });
    }
  }
  // A required key given misspelt is reported once, as the unknown key with its suggestion.
  const missing = requiredOf(schema).filter((key) => !hasOwn(mapping, key) && !misspelt.has(key));
  if (missing.length) {
    context.report("input.missing-field", given ? [...base, "input"] : callee, `${what} needs ${missing.map((m) => `"${m}"`).join(", ")} in its input`, {
      hint: `add input.${missing[0]}: <expression>`,
    });
  }
}

function checkTemplate(context: RuleContext, ref: Ref<"template">) {
  const { catalog, report } = context;
  const template = own(catalog!.templates, ref.template);
  if (!template) {
    report("template.unknown", ref.path, `There is no document template "${ref.template}"`, {
      hint: didYouMean(ref.template, Object.keys(catalog!.templates ?? {})),
    });
    return;
  }
  const schema = template.data;
  if (!schema) return;
  const stepPath = ref.path.slice(0, -1);
  const data = objectAt(context, [...stepPath, "data"]);
  const given = new Set(Object.keys(data ?? {}));
  const properties = propertiesOf(schema);
  const known = Object.keys(properties);
  const strict = schema.additionalProperties === false;
  // Keys the template does not read are signed but not printed: a slip of the pen only when close to a key it reads.
  for (const key of given) {
    if (hasOwn(properties, key)) continue;
    const close = suggest(key, known);
    if (!strict && !close) continue;
    report("document.unknown-field", [...stepPath, "data", key], `Template "${ref.template}" does not read "${key}"${strict ? "" : ": it is signed but not printed"}`, {
      key: true,
      severity: strict ? "error" : "warning",
      hint: close ? `did you mean "${close}"?` : `it reads: ${known.join(", ")}`,
    });
  }
  const missing = unmet(schema, given);
  if (missing.length) {
    const first = missing[0];
    const misspelt = [...given].find((g) => !hasOwn(properties, g) && first.some((keys) => suggest(g, keys) !== undefined));
    report("document.missing-field", data ? [...stepPath, "data"] : ref.path,
      `Template "${ref.template}" cannot be issued without ${missing.map(describe).join(", ")} in its data`, {
        hint: misspelt ? `"${misspelt}" is not ${describe(first)}` : `add data.${first[0][0]}: <expression>`,
      });
  }
}

function checkRole(context: RuleContext, ref: Ref<"role">) {
  const { catalog, report } = context;
  if (!hasOwn(catalog!.roles, ref.role)) {
    report("role.unknown", ref.path, `There is no officer role "${ref.role}"`, {
      hint: didYouMean(ref.role, Object.keys(catalog!.roles ?? {})),
    });
  }
  // The decisions an officer can take are a closed set: a misspelt one would be a way out nobody can take.
  const stepPath = ref.path.slice(0, -1);
  const decisions: string[] = [...OFFICER_DECISIONS, "timeout"];
  for (const key of Object.keys(objectAt(context, [...stepPath, "on"]) ?? {})) {
    if (decisions.includes(key)) continue;
    report("review.unknown-decision", [...stepPath, "on", key], `"${key}" is not a decision an officer can take`, {
      key: true,
      hint: didYouMean(key, decisions) ?? `officers decide ${OFFICER_DECISIONS.join(", ")}; timeout comes from the deadline`,
    });
  }
}

/** A book step's slot provider is in the catalog, books the step's service, and its fixed office offers it. */
function checkSlots(context: RuleContext, ref: Ref<"slots">) {
  const { catalog, report } = context;
  const providers = catalog!.slots;
  if (!providers) return; // an older catalog without slot providers says nothing about them
  const provider = own(providers, ref.provider);
  if (!provider) {
    report("slots.unknown-provider", [...ref.path, "provider"], `There is no slot provider "${ref.provider}"`, { hint: didYouMean(ref.provider, Object.keys(providers)) ?? `providers: ${Object.keys(providers).join(", ")}` });
    return;
  }
  if (!own(provider.services, ref.service)) {
    report("slots.unknown-service", [...ref.path, "service"], `Slot provider "${ref.provider}" books no "${ref.service}"`, {
      hint: didYouMean(ref.service, Object.keys(provider.services ?? {})) ?? `it books: ${Object.keys(provider.services ?? {}).join(", ")}`,
    });
    return;
  }
  if (ref.office === undefined) return;
  const office = own(provider.offices, ref.office);
  if (!office || !office.services?.includes(ref.service)) {
    const offering = Object.entries(provider.offices ?? {}).filter(([, o]) => o.services?.includes(ref.service)).map(([id]) => id);
    report("slots.unknown-office", [...ref.path, "office"], office ? `Office "${ref.office}" does not book "${ref.service}"` : `Slot provider "${ref.provider}" has no office "${ref.office}"`, {
      hint: didYouMean(ref.office, offering) ?? `offices booking ${ref.service}: ${offering.join(", ")}`,
    });
  }
}

function checkCurrency(context: RuleContext, base: Path, currency = DEFAULT_CURRENCY) {
  const providers = Object.entries(context.catalog!.payments ?? {});
  if (providers.length === 0) return; // a catalog without payment providers says nothing about currencies
  if (providers.some(([, provider]) => provider.currencies?.includes(currency))) return;
  const currencies = [...new Set(providers.flatMap(([, provider]) => provider.currencies ?? []))];
  context.report("payment.unknown-currency", hasOwn(objectAt(context, base), "currency") ? [...base, "currency"] : base,
    `No payment provider takes ${currency}`, { hint: didYouMean(currency, currencies) ?? `they take ${currencies.join(", ")}` });
}

/** A business outcome without an edge would leave applications stuck: every one needs a next step. */
function reportUnhandled({ report }: Pick<RuleContext, "report">, what: string, reported: string[], handled: string[], outcomesPath: Path) {
  const missing = reported.filter((o) => !handled.includes(o));
  if (missing.length) {
    report("outcome.unhandled", outcomesPath, `${what} can report ${missing.map((m) => `"${m}"`).join(", ")}, but this step does not say where to go then`, {
      hint: `add on.${missing[0]}`,
    });
  }
}

function propertiesOf(schema: JsonSchema): Record<string, unknown> {
  const properties = schema.properties;
  return properties !== null && typeof properties === "object" ? (properties as Record<string, unknown>) : {};
}

function requiredOf(schema: JsonSchema): string[] {
  return Array.isArray(schema.required) ? schema.required.filter((key): key is string => typeof key === "string") : [];
}

/**
 * The requirements of a data schema the given keys do not meet, each as its alternatives (lists of keys,
 * all of one list needed): `required` keys, and `anyOf` groups inside `allOf` (a name whole or in parts).
 */
function unmet(schema: JsonSchema, given: Set<string>): string[][][] {
  const result: string[][][] = requiredOf(schema).filter((key) => !given.has(key)).map((key) => [[key]]);
  for (const part of Array.isArray(schema.allOf) ? (schema.allOf as JsonSchema[]) : []) result.push(...unmet(part, given));
  if (Array.isArray(schema.anyOf)) {
    const branches = schema.anyOf as JsonSchema[];
    if (!branches.some((branch) => unmet(branch, given).length === 0)) result.push(branches.map(requiredOf).filter((keys) => keys.length));
  }
  return result;
}

/** `"fullName" (or "lastName" + "firstName")` */
const describe = (alternatives: string[][]) => {
  const [first, ...others] = alternatives.map((keys) => keys.map((k) => `"${k}"`).join(" + "));
  return others.length ? `${first} (or ${others.join(" or ")})` : first;
};
