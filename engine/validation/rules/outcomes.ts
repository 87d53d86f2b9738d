import type { Rule } from "../rule";
import { parseDuration } from "../../definition/duration";

/**
 * Errors and deadlines are outcomes with edges, never silent: calls handle `error`; a deadline has a
 * `timeout` edge and a `timeout` edge has a deadline; durations are valid.
 */
export const outcomes: Rule = {
  name: "outcomes",
  codes: ["outcome.missing-error", "deadline.missing-timeout", "deadline.missing", "duration.invalid"],
  check({ steps, report }) {
    for (const [id, step] of steps) {
      const base = ["steps", id];
      const durations: [string | undefined, (string | number)[]][] = [];
      if (step.kind === "registry" || step.kind === "task" || (step.kind === "wait" && step.poll)) {
        if (!("error" in step.on)) {
          report("outcome.missing-error", [...base, "on"], `Step "${id}" does not say where to go when the call fails`, {
            hint: "add on.error, e.g. error: registryUnavailable",
          });
        }
      }
      if (step.kind === "registry" || step.kind === "task") {
        durations.push([step.timeout, [...base, "timeout"]], [step.retry?.interval, [...base, "retry", "interval"]]);
      }
      if (step.kind === "review" || step.kind === "payment" || step.kind === "wait") {
        durations.push([step.deadline, [...base, "deadline"]]);
        if (step.deadline && !("timeout" in step.on)) {
          report("deadline.missing-timeout", [...base, "on"], `Step "${id}" has a deadline but no on.timeout`, {
            hint: "say where the application goes when the deadline passes",
          });
        }
        if (!step.deadline && "timeout" in step.on) {
          report("deadline.missing", [...base, "on", "timeout"], `Step "${id}" has on.timeout but no deadline`, {
            key: true,
            hint: "add a deadline such as P10D",
          });
        }
      }
      if (step.kind === "wait" && step.poll) durations.push([step.poll.every, [...base, "poll", "every"]]);
      if (step.kind === "document") durations.push([step.validFor, [...base, "validFor"]]);
      for (const [value, path] of durations) {
        if (value !== undefined && parseDuration(value) === undefined) {
          report("duration.invalid", path, `"${value}" is not a duration`, { hint: "use ISO 8601 (P10D, PT1H) or 10s, 5m, 2h, 30d" });
        }
      }
    }
  },
};
