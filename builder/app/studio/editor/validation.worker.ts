/**
 * The studio's validation, off the main thread: parses a draft's text and checks it with the engine
 * (the same loadDefinition the server uses), then posts the problems back. Bundled by Vite.
 */
import { loadDefinition, type Catalog } from "../../../../engine";
import type { ValidationRequest, ValidationResult } from "./validation";

let catalog: Catalog | undefined;

self.onmessage = (event: MessageEvent<ValidationRequest>) => {
  const message = event.data;
  if (message.type === "catalog") {
    catalog = message.catalog;
    return;
  }
  const started = performance.now();
  const loaded = loadDefinition(message.text, { catalog });
  const result: ValidationResult = { id: message.id, issues: loaded.issues, value: loaded.value, valid: loaded.definition !== undefined, ms: performance.now() - started };
  self.postMessage(result);
};
