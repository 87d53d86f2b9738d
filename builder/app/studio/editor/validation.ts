/**
 * Validation in a web worker (validation.worker.ts). The editor posts each new text and draws the
 * canvas at once; the problems come back when the worker has checked the text. Only the newest text
 * matters: while one check runs, newer texts replace each other in a one-place queue. Every answer is
 * delivered, in order, with whether a newer text has been posted since (the editor then keeps its
 * value, which the next answer builds on, and drops its problems).
 */
import type { Catalog } from "../../../../engine";
import type { ValidationRequest, ValidationResult } from "./validation-protocol";
import ValidationWorker from "./validation.worker.ts?worker";

export type { ValidationRequest, ValidationResult } from "./validation-protocol";

export class Validator {
  private worker: Worker;
  private running?: number;
  private queued?: { id: number; text: string };

  private constructor(
    catalog: Catalog,
    private readonly deliver: (result: ValidationResult, stale: boolean) => void,
    private readonly failed: () => void,
  ) {
    this.worker = new ValidationWorker();
    this.worker.onmessage = (event: MessageEvent<ValidationResult>) => this.answered(event.data);
    this.worker.onerror = () => this.failed();
    this.worker.postMessage({ type: "catalog", catalog } satisfies ValidationRequest);
  }

  /** A validator in a worker, or undefined where there are no workers (tests, the server). */
  static create(catalog: Catalog, deliver: (result: ValidationResult, stale: boolean) => void, failed: () => void): Validator | undefined {
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
    // An answer overtaken by a newer text is stale: its problems are not shown.
    this.deliver(result, queued !== undefined);
  }

  dispose() {
    this.worker.terminate();
  }
}
