/**
 * Monaco, bundled from the monaco-editor package (no CDN): the editor, YAML, and monaco-yaml with the
 * definition's JSON Schema for completion, hover and checking. Workers are bundled by Vite.
 */
import { configureMonacoYaml } from "monaco-yaml";
import { definitionJsonSchema } from "../../../../engine";
import * as monaco from "./monaco-entry";
import EditorWorker from "./editor.worker.ts?worker";
import YamlWorker from "./yaml.worker.ts?worker";

/** Where the examples' `# yaml-language-server: $schema=../../engine/…` comment points from a draft's model URI. */
export const SCHEMA_URI = "file:///engine/service-definition.schema.json";
export const modelUri = (draftId: string) => monaco.Uri.parse(`file:///service-definitions/${draftId}/service.yaml`);

let configured = false;

export function setUpMonaco() {
  if (configured) return monaco;
  configured = true;
  (globalThis as unknown as { MonacoEnvironment: unknown }).MonacoEnvironment = {
    getWorker(_moduleId: string, label: string) {
      return label === "yaml" ? new YamlWorker() : new EditorWorker();
    },
  };
  const { $schema: _drop, ...schema } = definitionJsonSchema();
  configureMonacoYaml(withYamlWorker(monaco) as never, {
    enableSchemaRequest: false,
    hover: true,
    completion: true,
    validate: true,
    schemas: [{ uri: SCHEMA_URI, fileMatch: ["**/service.yaml"], schema: schema as never }],
  });
  return monaco;
}

export type Monaco = typeof monaco;

/**
 * monaco-yaml (through monaco-worker-manager) asks Monaco for a worker by module id and label and
 * hands over its options as `createData`; Monaco ≥ 0.54 takes a Worker instead and has no createData.
 * Its worker treats the first message it gets as a start signal and the second as the options, then
 * speaks Monaco's protocol. So the options are slipped in right after Monaco's first message.
 */
function withYamlWorker(m: typeof monaco) {
  const createWebWorker = (opts: { createData?: unknown; host?: unknown; keepIdleModels?: boolean }) => {
    const worker = new YamlWorker();
    const post = worker.postMessage.bind(worker);
    let first = true;
    worker.postMessage = ((message: unknown, transfer?: Transferable[]) => {
      post(message, transfer as Transferable[]);
      if (first) {
        first = false;
        post(opts.createData);
      }
    }) as Worker["postMessage"];
    return m.editor.createWebWorker({ worker, host: opts.host, keepIdleModels: opts.keepIdleModels } as never);
  };
  return { ...m, editor: { ...m.editor, createWebWorker } };
}
