// Monaco's own editor worker, bundled by Vite as a web worker of the studio.
import "monaco-editor/esm/vs/editor/editor.worker.start.js";
