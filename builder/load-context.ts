/** What the server gives every loader and action: `context.runtime` (types only; no runtime code here). */
import type { Runtime } from "../runtime";

declare module "@remix-run/node" {
  interface AppLoadContext {
    runtime: Runtime;
  }
}

export {};
