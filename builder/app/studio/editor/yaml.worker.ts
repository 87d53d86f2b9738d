// The YAML language service's web worker (completion, hover and checking from the JSON Schema), bundled by Vite.
import "monaco-yaml/yaml.worker.js";
