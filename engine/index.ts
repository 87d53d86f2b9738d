// The engine's public entry: pure TypeScript, no I/O; runs in the browser and in Node.
// Node-only parts are imported by path: engine/typegen/typegen (types from forms) and engine/cli.
export * from "./definition/schema";
export { ALL_PARTIES, APPLICANT_ROLE, PartiesSchema, PartyRoleSchema, signingParties, type Parties, type PartyRole } from "./definition/parties";
export * from "./issues";
export { parseSource, type Parsed } from "./parse/parse";
export { SourceMap, type Position } from "./parse/source-map";
export { compileExpression, evaluate, evaluateCondition, evaluateMapping, isExpressionError, type CompiledExpression } from "./expressions/cel";
export {
  engineSteps, kindModule, stepModule, stepOutlets, stepExpressionSites, isEnding, branchOutcome, SIMULATED_OFFICER,
  type CatalogRef, type DraftOf, type EngineStepModule, type ExpectedType, type ExpressionSite, type Outlet, type OutletOptions,
  type PaletteEntry, type SimulateContext, type Simulated, type SimulationValues, type StepOf,
} from "./steps";
export { stepEdges, allEdges, successors, reachableFrom, type Edge } from "./graph/edges";
export { providedName, availableNames, BUILT_IN_NAMES, type Availability } from "./graph/dataflow";
export { hasOwn, own, PROTOTYPE_NAMES } from "./own";
export { compileDefinition, workOutcomes, outcomeEvent, type CompiledService, type MachineConfig, type ServiceEvent } from "./compile/compile";
export { createServiceMachine, type ServiceContext, type ServiceInput, type ServiceMachine } from "./compile/machine";
export { canonicalJson, sha256Hex } from "./compile/canonical";
export { parseDuration } from "./definition/duration";
export { localize, localizeSchema, isTextObject, walkSchema, schemaTexts } from "./definition/text";
export { APPLICANT_SCHEMA, APPLICATION_SCHEMA, reviewResultSchema } from "./definition/applicant";
export type { Catalog, RegistryInfo, OperationInfo, HandlerInfo, TemplateInfo, RoleInfo, PaymentProviderInfo, CatalogText, JsonSchema } from "./validation/catalog";
export {
  TECHNICAL_OUTCOMES, OFFICER_DECISIONS, DEFAULT_CURRENCY, operationOf, handlerOf, resultOf, stepResultSchema, savedResultSchema, contractGaps, composeCatalog,
} from "./validation/catalog";
export { validateDefinition, loadDefinition, issueCodes, rules, type LoadedDefinition, type ValidationOptions } from "./validation/validate";
export { expressionSites } from "./validation/rules/expressions";
export { suggest, didYouMean } from "./validation/suggest";
export { createAjv, pointerToPath } from "./validation/ajv";
export { answersValidator, validateAnswers, type FieldError } from "./forms/answers";
export { linearRegExp } from "./forms/patterns";
export { enumeratePaths, simplePaths, countPaths, loopErase, uncoveredPaths, uncoveredEdges, edgeCoverage, formatEdge, MAX_PATH_WORK, type PathList, type OutcomeEdge, type CoverageWaiver, type EdgeCoverage } from "./graph/paths";
export { checkScenarioCoverage, type ScenarioCoverage } from "./scenarios/coverage";
export { parseScenario, ScenarioSchema, DEMO_APPLICANT, type Scenario, type ScenarioReply } from "./scenarios/scenario";
export { runScenario, type ScenarioResult } from "./scenarios/run";
export { coded, stepFailure, scenarioFileProblem, RUN_MESSAGE_CODES, type CodedMessage } from "./simulate/messages";
export { Simulation, simulationValues, type SimulationOptions, type TakenEdge, type Waiting, type PlayedStep } from "./simulate/simulate";
export { toMermaid } from "./graph/mermaid";
export { generateLargeService } from "./generate/large-service";
