// civic: the command line for service definitions (validate, types, paths, test, graph).
import { existsSync, readFileSync, statSync } from "node:fs";
import { basename, dirname, join, relative, resolve } from "node:path";
import { parse } from "yaml";
import {
  compileDefinition, countPaths, enumeratePaths, formatIssue, hasErrors, loadDefinition, parseScenario, runScenario, successors,
  uncoveredEdges, uncoveredPaths, edgeCoverage, formatEdge, type Catalog, type ServiceDefinition, type TakenEdge,
} from "..";
import { generateTypes } from "../typegen/typegen";
import { toMermaid } from "../graph/mermaid";
import { readServiceFolder } from "./service-folder";

const USAGE = `Usage: civic <command> <service.yaml | service folder>... [--catalog catalog.yaml]

Commands:
  validate   check definitions; prints file:line:col severity code message; exit 1 on errors
  types      print TypeScript types of a service's form answers and application data
  paths      list every path from the start to a final step, and the paths and outcome edges
             (step + outcome) no scenario covers and no coverageWaivers entry waives
  test       run the scenarios in <service folder>/scenarios/*.yaml
  graph      print the service as a Mermaid flowchart

The catalog (registries, handlers, templates, roles) defaults to the nearest catalog.yaml
in the definition's folder or above it. Without one, civic warns on stderr and validate
exits 3 instead of 0: nothing the service refers to outside itself was checked.`;

/** validate's exit code when it found no errors but had no catalog to check against. */
export const EXIT_NO_CATALOG = 3;

export interface Output {
  out: (line: string) => void;
  err: (line: string) => void;
}

/** Runs the CLI; returns the exit code (0 ok, 1 problems found, 2 usage error). */
export async function main(argv: string[], io: Output = { out: console.log, err: console.error }): Promise<number> {
  const [command, ...rest] = argv;
  const catalogAt = rest.indexOf("--catalog");
  const catalogFile = catalogAt >= 0 ? rest[catalogAt + 1] : undefined;
  const targets = rest.filter((_, i) => catalogAt < 0 || (i !== catalogAt && i !== catalogAt + 1));
  if (!command || command === "help" || command === "--help") {
    io.out(USAGE);
    return command ? 0 : 2;
  }
  if (!["validate", "types", "paths", "test", "graph"].includes(command)) {
    io.err(`civic: unknown command "${command}"\n\n${USAGE}`);
    return 2;
  }
  if (targets.length === 0) {
    io.err(`civic ${command}: give at least one service.yaml or service folder\n\n${USAGE}`);
    return 2;
  }
  if (catalogAt >= 0 && (!catalogFile || !existsSync(catalogFile))) {
    io.err(`civic: catalog file ${catalogFile ?? "(missing)"} not found`);
    return 2;
  }
  let status = 0;
  let withoutCatalog = false;
  for (const target of targets) {
    const file = resolveDefinitionFile(target);
    if (!file) {
      io.err(`civic: ${target}: no such file or service folder`);
      return 2;
    }
    const catalogPath = catalogFile ?? findCatalog(dirname(file));
    const catalog = loadCatalog(catalogPath);
    if (catalog instanceof Error) {
      io.err(`civic: ${catalogPath}: not a catalog: ${catalog.message}`);
      return 2;
    }
    const shown = relative(process.cwd(), file) || file;
    if (!catalog) {
      // Loud, never a silent skip: without a catalog no registry, handler, template or role is checked.
      withoutCatalog = true;
      io.err(`civic: WARNING ${shown}: no catalog found (no catalog.yaml in its folder or above, no --catalog): registries, handlers, templates, roles and their contracts are NOT checked`);
    }
    try {
      status = Math.max(status, await runCommand(command, file, shown, catalog, io));
    } catch (error) {
      // A bug in the engine, not in the definition: one line, not a stack trace.
      io.err(`${shown}:1:1 error engine.failed ${String((error as Error)?.message ?? error).split("\n")[0]}`);
      status = 1;
    }
  }
  return status === 0 && withoutCatalog && command === "validate" ? EXIT_NO_CATALOG : status;
}

async function runCommand(command: string, file: string, shown: string, catalog: Catalog | undefined, io: Output): Promise<number> {
  let status = 0;
  // Read as bytes: bytes that are not UTF-8 become U+FFFD, which the parser reports with its position.
  const loaded = loadDefinition(readFileSync(file).toString("utf8"), { catalog });
  if (command === "validate" || !loaded.definition) {
    for (const issue of loaded.issues) (issue.severity === "error" ? io.err : io.out)(formatIssue(shown, issue));
    if (hasErrors(loaded.issues)) status = 1;
    else if (command === "validate") io.out(`${shown}: ok (${loaded.issues.length} warnings)`);
    if (!loaded.definition) return status;
  }
  const definition = loaded.definition;
  if (command === "types") io.out(await generateTypes(definition, catalog));
  if (command === "graph") io.out(toMermaid(definition));
  if (command === "paths" || command === "test") status = Math.max(status, runScenarios(command, file, definition, io));
  return status;
}

const PATHS_LISTED = 10_000;

function runScenarios(command: "paths" | "test", file: string, definition: ServiceDefinition, io: Output): number {
  const folder = readServiceFolder(dirname(file));
  const compiled = compileDefinition(definition);
  const traces: string[][] = [];
  const taken: TakenEdge[][] = [];
  let failed = 0;
  for (const scenarioFile of folder.scenarios) {
    const name = relative(process.cwd(), scenarioFile.file);
    const { scenario, issues } = parseScenario(scenarioFile.text);
    if (!scenario) {
      failed++;
      for (const issue of issues) io.err(formatIssue(name, issue));
      continue;
    }
    const result = runScenario(compiled, scenario);
    traces.push(result.visited);
    if (result.passed) taken.push(result.taken);
    if (command === "test") {
      io.out(`${result.passed ? "✓" : "✗"} ${name}: ${scenario.name}`);
      for (const failure of result.failures) io.err(`    ${failure}`);
    }
    if (!result.passed) failed++;
  }
  // Paths are listed up to a limit (there can be exponentially many); transitions are always all checked.
  const { paths, truncated } = enumeratePaths(definition, PATHS_LISTED);
  const uncovered = new Set(uncoveredPaths(paths, traces));
  const transitions = uncoveredEdges(definition, traces);
  let transitionCount = 0;
  for (const tos of successors(definition).values()) transitionCount += tos.length;
  // Coverage by outcome edge (step + outcome): what publishing requires, waivers aside.
  const edges = edgeCoverage(definition, taken);
  if (command === "paths") {
    for (const path of paths) io.out(`${uncovered.has(path) ? "  uncovered" : "  covered  "} ${path.join(" → ")}`);
    for (const transition of transitions) io.out(`  uncovered transition ${transition}`);
    for (const edge of edges.uncovered) io.out(`  uncovered edge ${formatEdge(edge)}`);
    for (const edge of edges.waived) io.out(`  waived    edge ${formatEdge(edge)}: ${edge.reason}`);
    for (const waiver of edges.strayWaivers) io.out(`  stray waiver ${waiver.step}.${waiver.outcome}: names no edge of the service, or has no reason`);
  }
  let total = String(paths.length);
  let note = "";
  if (truncated) {
    const { count, exact } = countPaths(definition);
    total = `${exact ? "" : "at least "}${count}`;
    note = ` (path list truncated: only the first ${paths.length} were listed; every transition is checked)`;
  }
  io.out(`${definition.id}: ${folder.scenarios.length - failed}/${folder.scenarios.length} scenarios pass; ${paths.length - uncovered.size}/${total} paths covered${note}; ${transitionCount - transitions.length}/${transitionCount} transitions covered; ${edges.edges.length - edges.uncovered.length}/${edges.edges.length} outcome edges covered${edges.waived.length ? ` (${edges.waived.length} waived)` : ""}`);
  const edgesOpen = edges.uncovered.length > 0 || edges.strayWaivers.length > 0;
  return failed > 0 || (command === "paths" && (uncovered.size > 0 || transitions.length > 0 || edgesOpen)) ? 1 : 0;
}

function resolveDefinitionFile(target: string): string | undefined {
  const path = resolve(target);
  if (!existsSync(path)) return undefined;
  if (statSync(path).isDirectory()) return existsSync(join(path, "service.yaml")) ? join(path, "service.yaml") : undefined;
  return path;
}

function findCatalog(dir: string): string | undefined {
  for (let at = dir; ; at = dirname(at)) {
    if (existsSync(join(at, "catalog.yaml"))) return join(at, "catalog.yaml");
    if (dirname(at) === at) return undefined;
  }
}

function loadCatalog(file: string | undefined): Catalog | Error | undefined {
  if (!file) return undefined;
  try {
    const catalog = parse(readFileSync(file, "utf8")) as Catalog | null;
    if (!catalog || typeof catalog !== "object") return new Error("expected a map of registries, handlers, templates and roles");
    return catalog;
  } catch (error) {
    return new Error(String((error as Error).message).split("\n")[0]);
  }
}

// Run directly (tsx engine/cli/main.ts); civic.mjs (also behind the `civic` bin link) imports and runs main itself.
if (basename(process.argv[1] ?? "") === "main.ts") {
  main(process.argv.slice(2)).then((code) => process.exit(code));
}
