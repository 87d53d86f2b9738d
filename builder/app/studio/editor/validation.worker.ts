/**
 * The studio's validation, off the main thread: checks each text of a draft with the engine (the
 * same validation the server runs, loadDefinition's answer) and posts the problems back. The text is
 * parsed piece by piece and only the pieces an edit changed are parsed again (validation-protocol.ts).
 * Bundled by Vite.
 */
import { check, IncrementalLoader, type ValidationRequest } from "./validation-protocol";

let loader = new IncrementalLoader();

self.onmessage = (event: MessageEvent<ValidationRequest>) => {
  const message = event.data;
  if (message.type === "catalog") {
    loader = new IncrementalLoader(message.catalog);
    return;
  }
  self.postMessage(check(loader, message.id, message.text));
};
