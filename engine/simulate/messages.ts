/**
 * Messages by code. The simulator, the scenario runner and the publish gate say why a run failed or what
 * stops publishing in English (`message`: the CLI, logs and developers read it) and, beside it, a `code` with
 * its `params`, from which the studio writes the same thing for analysts in their language
 * (builder/app/studio/i18n/coded.ts, which has a uk and an en text for every code listed here).
 */
export interface CodedMessage {
  code: string;
  /** The values the text names: step ids, outcomes, counts (`n`), details in English. */
  params: Record<string, string | number>;
  message: string;
}

export const coded = (code: string, params: Record<string, string | number>, message: string): CodedMessage => ({ code, params, message });

/** Every code the simulator, the scenario runner and the publish gate can give. */
export const RUN_MESSAGE_CODES = [
  // The simulator (engine/simulate/simulate.ts)
  "sim.machine-failed",
  "sim.incident",
  "sim.stuck",
  "sim.no-input",
  "sim.no-way-out",
  "sim.wrong-target",
  "sim.undecided",
  "sim.final",
  "sim.answers-not-map",
  "sim.answers-invalid",
  "sim.reply-invalid",
  "sim.unknown-outcome",
  "sim.amount-invalid",
  "sim.step-error",
  // The scenario runner (engine/scenarios/run.ts)
  "scenario.invalid",
  "scenario.no-answers",
  "scenario.no-reply",
  "scenario.not-ended",
  "scenario.expected-final",
  "scenario.expected-outcome",
  "scenario.expected-documents",
  "scenario.expected-path",
  // The publish gate (engine/scenarios/coverage.ts, the studio's and the runtime's publish)
  "publish.errors",
  "publish.no-scenarios",
  "publish.scenarios-fail",
  "publish.scenarios-unparsed",
  "publish.edges-uncovered",
  "publish.stray-waivers",
] as const;

/**
 * A step's own failure (its kind's `simulate()` answers `{ failure }` in English) with its code: the step
 * modules word their failures alike, so the kind of failure is read from the words, as the studio reads the
 * validator's messages.
 */
export function stepFailure(step: string, message: string): CodedMessage {
  const m = (re: RegExp) => message.match(re);
  let found: RegExpMatchArray | null;
  if (/^Step "[^"]*" is final/.test(message)) return coded("sim.final", { step }, message);
  if (/^The answers for "[^"]*" are not a map/.test(message)) return coded("sim.answers-not-map", { step }, message);
  if ((found = m(/^Answers for "[^"]*" are invalid: (.*)$/s))) return coded("sim.answers-invalid", { step, detail: found[1] }, message);
  if (/^The reply to step "[^"]*" is not \{ outcome, data \}/.test(message)) return coded("sim.reply-invalid", { step }, message);
  if ((found = m(/has no outcome "([^"]*)" \(it has: (.*)\)$/s))) return coded("sim.unknown-outcome", { step, outcome: found[1], outcomes: found[2] }, message);
  if ((found = m(/the amount to pay is (.*), not a number$/s))) return coded("sim.amount-invalid", { step, value: found[1] }, message);
  return coded("sim.step-error", { step, detail: message.replace(/^Step "[^"]*": /, "") }, message);
}

/** A scenario file that does not parse, by code: where, and the parser's words (English) as the detail. */
export const scenarioFileProblem = (issue: { line: number; column: number; message: string }): CodedMessage =>
  coded("scenario.invalid", { line: issue.line, column: issue.column, detail: issue.message }, `${issue.line}:${issue.column} ${issue.message}`);
