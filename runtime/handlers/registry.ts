import { createAjv, type HandlerInfo } from "../../engine";
import type { StepHandler } from "./define";

/** A handler of any params and input, for lists that mix them (each handler checks its own params when it runs). */
// biome-ignore lint/suspicious/noExplicitAny: params and input are contravariant in execute(), so StepHandler<unknown, unknown> would refuse a handler of specific types
export type AnyHandler = StepHandler<any, any>;

/** The handlers a runtime knows, registered explicitly; a second handler with the same type and version is refused. */
export class HandlerRegistry {
  private handlers = new Map<string, { handler: AnyHandler; validate: (params: unknown) => string[] }>();
  private ajv = createAjv();

  constructor(handlers: AnyHandler[] = []) {
    for (const handler of handlers) this.register(handler);
  }

  register(handler: AnyHandler): this {
    const key = `${handler.type}@${handler.version}`;
    if (this.handlers.has(key)) throw new Error(`Handler ${key} is already registered`);
    const compiled = this.ajv.compile(handler.params);
    const validate = (params: unknown) => (compiled(params) ? [] : (compiled.errors ?? []).map((e) => `${e.instancePath || "params"} ${e.message}`));
    this.handlers.set(key, { handler, validate });
    return this;
  }

  get(type: string, version: number) {
    return this.handlers.get(`${type}@${version}`);
  }

  /** The `handlers` part of the engine's Catalog, so validation knows what task steps may call. */
  catalog(): HandlerInfo[] {
    return [...this.handlers.values()].map(({ handler }) => ({
      type: handler.type,
      version: handler.version,
      title: handler.title,
      description: handler.description,
      outcomes: handler.outcomes,
      params: handler.params,
      ...(handler.input ? { input: handler.input } : {}),
      ...(handler.output ? { output: handler.output } : {}),
      ...(handler.outputs ? { outputs: handler.outputs } : {}),
    }));
  }
}
