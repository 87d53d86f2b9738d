/**
 * Validation in a web worker (validation.worker.ts). The editor posts each new text and draws the
 * canvas at once; the problems come back when the worker has checked the text. Only the newest text
 * matters: while one check runs, newer texts replace each other in a one-place queue, and an answer
 * for a text that is no longer current is dropped.
 */
import type { Catalog, Issue } from "../../../../engine";
import ValidationWorker from "./validation.worker.ts?worker";

export type ValidationRequest = { type: "catalog"; catalog: Catalog } | { type: "check"; id: number; text: string };
export interface ValidationResult {
  id: number;
  issues: Issue[];
  value: unknown;
  /** No errors: the value is a definition. */
  valid: boolean;
  /** Parse and check in the worker. */
  ms: number;
}

export class Validator {
  private worker: Worker;
  private running?: number;
  private queued?: { id: number; text: string };

  private constructor(
    catalog: Catalog,
    private readonly deliver: (result: ValidationResult) => void,
    private readonly failed: () => void,
  ) {
    this.worker = new ValidationWorker();
    this.worker.onmessage = (event: MessageEvent<ValidationResult>) => this.answered(event.data);
    this.worker.onerror = () => this.failed();
    this.worker.postMessage({ type: "catalog", catalog } satisfies ValidationRequest);
  }

  /** A validator in a worker, or undefined where there are no workers (tests, the server). */
  static create(catalog: Catalog, deliver: (result: ValidationResult) => void, failed: () => void): Validator | undefined {
    if (typeof window === "undefined" || typeof Worker === "undefined") return undefined;
    try {
      return new Validator(catalog, deliver, failed);
    } catch {
      return undefined;
    }
  }

  check(id: number, text: string) {
    if (this.running !== undefined) {
      this.queued = { id, text };
      return;
    }
    this.post(id, text);
  }

  private post(id: number, text: string) {
    this.running = id;
    this.worker.postMessage({ type: "check", id, text } satisfies ValidationRequest);
  }

  private answered(result: ValidationResult) {
    this.running = undefined;
    const queued = this.queued;
    this.queued = undefined;
    if (queued) this.post(queued.id, queued.text);
    // An answer overtaken by a newer text is stale.
    else this.deliver(result);
  }

  dispose() {
    this.worker.terminate();
  }
}
