import type { Rule } from "../rule";
import { parseDuration } from "../../definition/duration";
import { hasOwn } from "../../own";
import { stepModule } from "../../steps";

/**
 * Errors and deadlines are outcomes with edges, never silent: calls handle `error`; a deadline has a
 * `timeout` edge and a `timeout` edge has a deadline; durations are valid. What is a call, a deadline or
 * a duration each kind's module says (engine/steps/<kind>.ts).
 */
export const outcomes: Rule = {
  name: "outcomes",
  codes: ["outcome.missing-error", "deadline.missing-timeout", "deadline.missing", "deadline.and-until", "duration.invalid"],
  check({ steps, report }) {
    for (const [id, step] of steps) {
      const module = stepModule(step);
      const base = ["steps", id];
      const on = "on" in step ? step.on : {};
      if (module.fallible(step) && !hasOwn(on, "error")) {
        report("outcome.missing-error", [...base, "on"], `Step "${id}" does not say where to go when the call fails`, {
          hint: "add on.error, e.g. error: registryUnavailable",
        });
      }
      if (module.deadline) {
        const deadline = module.deadline(step);
        if (deadline && !hasOwn(on, "timeout")) {
          report("deadline.missing-timeout", [...base, "on"], `Step "${id}" has a deadline but no on.timeout`, {
            hint: "say where the application goes when the deadline passes",
          });
        }
        if (!deadline && hasOwn(on, "timeout")) {
          report("deadline.missing", [...base, "on", "timeout"], `Step "${id}" has on.timeout but no deadline`, {
            key: true,
            hint: "add a deadline such as P10D",
          });
        }
      }
      if (step.kind === "wait" && step.deadline !== undefined && step.until !== undefined) {
        report("deadline.and-until", [...base, "until"], `Step "${id}" has both a deadline and until: which one times it out?`, {
          hint: "keep one: deadline (a duration from entry) or until (an instant)",
        });
      }
      for (const [value, path] of module.durations(id, step)) {
        if (value !== undefined && parseDuration(value) === undefined) {
          report("duration.invalid", path, `"${value}" is not a duration`, { hint: "use ISO 8601 (P10D, PT1H) or 10s, 5m, 2h, 30d" });
        }
      }
    }
  },
};
