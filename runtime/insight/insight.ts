/**
 * The service dashboard's runtime side (issue 15): `service(query)` answers the typed view of types.ts from the
 * rollups, after a catch-up bounded in time; `catchUp()` brings the rollups up to date (the seed and the bench
 * call it; any process may, at once with others); `recordFieldErrors` counts the problems a form showed.
 * The web app reads only these, never the tables.
 */
import type { Clock } from "../clock";
import type { Database } from "../db/open";
import type { ServiceVersions } from "../services/versions";
import { recordFieldErrors, type FieldProblem } from "./field-errors";
import { serviceInsight } from "./query";
import { InsightRollup, type CatchUpResult } from "./rollup";
import type { InsightQuery, ServiceInsight } from "./types";

/** How long `service()` spends catching up before it answers from what is counted (asOf says how fresh). */
const CATCH_UP_BUDGET_MS = 300;

export class RuntimeInsight {
  private readonly rollup: InsightRollup;
  /** The catch-up that concurrent `service()` calls share while it runs. */
  private running?: Promise<unknown>;

  constructor(
    private readonly database: Database,
    private readonly versions: ServiceVersions,
    clock: Clock,
  ) {
    this.rollup = new InsightRollup(database, versions, clock);
  }

  /** The dashboard of a service: every selected version and all of them together; aggregates only. */
  async service(query: InsightQuery): Promise<ServiceInsight> {
    this.running ??= this.rollup.catchUp({ budgetMs: CATCH_UP_BUDGET_MS }).finally(() => (this.running = undefined));
    await this.running;
    return serviceInsight({ database: this.database, versions: this.versions, asOf: () => this.rollup.asOf() }, query);
  }

  /** Counts every audit event, officer task, registry call and payment not counted yet. */
  catchUp(options?: { budgetMs?: number }): Promise<CatchUpResult> {
    return this.rollup.catchUp(options);
  }

  /** The validation problems a form step showed (field path and JSON-Schema keyword, no values). */
  recordFieldErrors(applicationId: string, step: string, problems: FieldProblem[]) {
    return recordFieldErrors(this.database, this.versions, applicationId, step, problems);
  }
}
