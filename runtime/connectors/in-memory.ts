import type { RegistryCallContext, RegistryConnector, RegistryResult } from "./connector";

export type Answer = RegistryResult | ((input: Record<string, unknown>, ctx: RegistryCallContext) => RegistryResult | Promise<RegistryResult>);

/**
 * A registry test double: answers per operation, remembering the answer per idempotency key like a
 * well-behaved registry, and counting calls and effects so tests can prove nothing happened twice.
 */
export class InMemoryRegistry implements RegistryConnector {
  readonly calls: { operation: string; input: Record<string, unknown>; key: string }[] = [];
  readonly effects = new Map<string, RegistryResult>();

  constructor(private answers: Record<string, Answer | Answer[]> = {}) {}

  answer(operation: string, answer: Answer | Answer[]): this {
    this.answers[operation] = answer;
    return this;
  }

  async call(operation: string, input: Record<string, unknown>, ctx: RegistryCallContext): Promise<RegistryResult> {
    this.calls.push({ operation, input, key: ctx.idempotencyKey });
    const done = this.effects.get(ctx.idempotencyKey);
    if (done) return done;
    let answer = this.answers[operation];
    if (Array.isArray(answer)) answer = answer.length > 1 ? answer.shift()! : answer[0];
    if (!answer) throw new Error(`The test registry has no answer for "${operation}"`);
    const result = typeof answer === "function" ? await answer(input, ctx) : answer;
    this.effects.set(ctx.idempotencyKey, result);
    return result;
  }
}
