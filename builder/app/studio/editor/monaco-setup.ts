/**
 * Monaco, bundled from the monaco-editor package (no CDN): the editor, YAML, and monaco-yaml with the
 * definition's JSON Schema for completion, hover and checking. Workers are bundled by Vite.
 */
import { configureMonacoYaml } from "monaco-yaml";
import { definitionJsonSchema } from "../../../../engine";
import * as monaco from "./monaco-entry";
import EditorWorker from "monaco-editor/esm/vs/editor/editor.worker.start.js?worker";
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
  configureMonacoYaml(monaco as never, {
    enableSchemaRequest: false,
    hover: true,
    completion: true,
    validate: true,
    schemas: [{ uri: SCHEMA_URI, fileMatch: ["**/service.yaml"], schema: schema as never }],
  });
  return monaco;
}

export type Monaco = typeof monaco;
