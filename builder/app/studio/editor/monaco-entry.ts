// Monaco for the studio: the editor with all its contributions and the YAML language only (no other
// languages and their workers), bundled from the monaco-editor package.
import "monaco-editor/esm/vs/editor/editor.all.js";
import "monaco-editor/esm/vs/basic-languages/yaml/yaml.contribution.js";

export * from "monaco-editor/esm/vs/editor/editor.api.js";
