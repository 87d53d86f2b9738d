// monaco-editor's package exports hide its esm/ paths from TypeScript; the studio imports them directly
// (Vite resolves them with an alias in builder/vite.config.ts).
declare module "monaco-editor/esm/vs/editor/editor.api.js" {
  export * from "monaco-editor";
}
