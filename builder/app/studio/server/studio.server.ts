/**
 * The studio's server side: services and versions, drafts (create, save with an optimistic version,
 * publish), exports. Everything the browser sends is checked here: drafts by the runtime, definitions
 * and scenarios by the engine, before anything is published.
 */
import { stringify } from "yaml";
import {
  compileDefinition,
  enumeratePaths,
  loadDefinition,
  parseScenario,
  checkScenarioCoverage,
  coded,
  formatEdge,
  scenarioFileProblem,
  uncoveredPaths,
  type CodedMessage,
  type Issue,
  type Scenario,
  type ServiceDefinition,
} from "../../../../engine";
import type { AppLoadContext } from "@remix-run/node";
import type { Catalog } from "../../../../engine";
import { viewsOf, type Draft, type DraftScenario, type Runtime } from "../../../../runtime";
import { blankServiceSource } from "../model/blank-service";
import { StudioError } from "./errors.server";

export interface ServiceSummary {
  id: string;
  title: string;
  versions: { number: number; publishedAt: string; publishedBy: string; hash: string }[];
}

export async function listServices(runtime: Runtime): Promise<ServiceSummary[]> {
  const services = await viewsOf(runtime).services.withVersions();
  return services.map((s) => ({
    id: s.id,
    title: s.title,
    versions: s.versions.map((v) => ({ ...v, publishedAt: v.publishedAt.toISOString() })),
  }));
}

export function listExamples(context: AppLoadContext) {
  return context.studio.examples().map((e) => ({ id: e.id }));
}

export type NewDraftSource =
  | { from: "blank"; id?: string }
  | { from: "example"; id: string }
  | { from: "version"; serviceId: string; number: number }
  | { from: "import"; text: string; name?: string };

export async function createDraft(context: AppLoadContext, source: NewDraftSource, by: string, byId = ""): Promise<Draft> {
  const { runtime } = context;
  switch (source.from) {
    case "blank": {
      const id = source.id && /^[a-z][a-z0-9-]{0,60}$/.test(source.id) ? source.id : `new-service-${Date.now().toString(36)}`;
      return runtime.drafts.create({ source: blankServiceSource(id), by, byId });
    }
    case "example": {
      const example = context.studio.examples().find((e) => e.id === source.id);
      if (!example) throw new StudioError("not_found", `No example "${source.id}"`);
      return runtime.drafts.create({ source: example.text, scenarios: example.scenarios, by, byId });
    }
    case "version": {
      const { definition, number } = await versionDefinition(runtime, source.serviceId, source.number);
      // The example's own text when it is the same content: comments and layout survive.
      const example = context.studio.examples().find((e) => e.id === source.serviceId);
      const sameAsExample = example && loadDefinition(example.text).definition && compileDefinition(loadDefinition(example.text).definition!).hash === compileDefinition(definition).hash;
      const text = sameAsExample ? example!.text : definitionToYaml(definition);
      const scenarios = example ? example.scenarios : [];
      return runtime.drafts.create({ source: text, scenarios, basedOn: number, by, byId });
    }
    case "import": {
      if (typeof source.text !== "string" || !source.text.trim()) throw new StudioError("invalid_data", "The imported file is empty");
      return runtime.drafts.create({ source: source.text, by, byId });
    }
  }
}

export function definitionToYaml(definition: ServiceDefinition): string {
  return `# yaml-language-server: $schema=../../engine/service-definition.schema.json\n${stringify(definition, { lineWidth: 0 })}`;
}

export async function versionDefinition(runtime: Runtime, serviceId: string, number?: number) {
  const row = await viewsOf(runtime).services.version(serviceId, number);
  if (!row) throw new StudioError("not_found", number === undefined ? `Service "${serviceId}" is not published` : `Service "${serviceId}" has no version ${number}`);
  return { definition: JSON.parse(row.definition) as ServiceDefinition, number: row.number, publishedAt: row.publishedAt.toISOString(), publishedBy: row.publishedBy, hash: row.hash };
}

export interface ScenarioReport {
  name: string;
  passed: boolean;
  failures: string[];
  /** The failures by code (i18n/coded.ts says them in the analyst's language). */
  problems: CodedMessage[];
  visited: string[];
}

export interface PublishCheck {
  issues: Issue[];
  scenarios: ScenarioReport[];
  uncoveredPaths: string[][];
  /** Outcome edges (step.outcome → target) no scenario takes and no waiver covers. */
  uncoveredEdges: string[];
  /** Edges waived in the definition, with their reason. */
  waivedEdges: string[];
  /** Why publishing is refused, in plain (English) words; empty when it may go ahead. */
  blockers: string[];
  /** The blockers by code, for the analyst's language (`problems[i].message` is `blockers[i]`). */
  problems: CodedMessage[];
  definition?: ServiceDefinition;
}

/**
 * What publishing requires: no errors, at least one scenario, every scenario passing in the simulator, and
 * every outcome edge (step + outcome) taken by a scenario or waived in the definition with a reason.
 */
export function checkForPublish(source: string, scenarios: DraftScenario[], catalog: Catalog): PublishCheck {
  const { definition, issues } = loadDefinition(source, { catalog });
  const errors = issues.filter((i) => i.severity === "error");
  const problems: CodedMessage[] = [];
  if (errors.length) problems.push(coded("publish.errors", { n: errors.length }, `${errors.length} error(s) in the definition`));
  const reports: ScenarioReport[] = [];
  const parsed: Scenario[] = [];
  for (const file of scenarios) {
    const result = parseScenario(file.text);
    if (result.scenario) parsed.push(result.scenario);
    else {
      const fileProblems = result.issues.map(scenarioFileProblem);
      reports.push({ name: file.name, passed: false, failures: fileProblems.map((p) => p.message), problems: fileProblems, visited: [] });
    }
  }
  const blockers = () => problems.map((p) => p.message);
  if (!definition) {
    if (scenarios.length === 0) problems.push(coded("publish.no-scenarios", {}, "no scenarios: run the service in the studio and save the run as a scenario"));
    return { issues, scenarios: reports, uncoveredPaths: [], uncoveredEdges: [], waivedEdges: [], blockers: blockers(), problems, definition };
  }
  const gate = checkScenarioCoverage(compileDefinition(definition), parsed);
  const named = scenarios.filter((file) => parseScenario(file.text).scenario);
  gate.results.forEach((result, i) => reports.push({ name: named[i].name, passed: result.passed, failures: result.failures, problems: result.problems, visited: result.visited }));
  const unparsed = reports.length - gate.results.length;
  if (unparsed) problems.push(coded("publish.scenarios-unparsed", { n: unparsed }, `${unparsed} scenario file(s) do not parse`));
  problems.push(...gate.problems);
  const paths = enumeratePaths(definition, 2000).paths;
  return {
    issues,
    scenarios: reports,
    uncoveredPaths: uncoveredPaths(paths, gate.results.map((r) => r.visited)),
    uncoveredEdges: gate.coverage.uncovered.map(formatEdge),
    waivedEdges: gate.coverage.waived.map((edge) => `${formatEdge(edge)}: ${edge.reason}`),
    blockers: blockers(),
    problems,
    definition,
  };
}

export async function publishDraft(context: AppLoadContext, draftId: string, expectedVersion: number, by: string, byId = "") {
  const { runtime } = context;
  const draft = await runtime.drafts.get(draftId);
  if (draft.version !== expectedVersion) {
    throw new StudioError("stale_version", `${draft.updatedBy} saved this draft (version ${draft.version}) after the version you publish (${expectedVersion})`, {
      current: { version: draft.version, updatedBy: draft.updatedBy, updatedAt: draft.updatedAt.toISOString() },
    });
  }
  const check = checkForPublish(draft.source, draft.scenarios, context.studio.catalog());
  if (check.blockers.length || !check.definition) {
    throw new StudioError("invalid_definition", `Not published: ${check.blockers.join("; ")}`, { check: { ...check, definition: undefined } });
  }
  // A service whose owner requires a review: only with another analyst's approval of this very version.
  const approval = await runtime.drafts.collaboration.publishGate(draft);
  const version = await runtime.publish(check.definition, by, { scenarios: draft.scenarios.map((file) => parseScenario(file.text).scenario!) });
  if (approval) await runtime.drafts.collaboration.markPublished(approval.id, version.number);
  // The draft stays (with its comments and layout) as the basis of the next version.
  const saved = await runtime.drafts.save(draftId, { source: draft.source, expectedVersion, by, byId, basedOn: version.number });
  return { version, draft: saved, check: { ...check, definition: undefined } };
}
