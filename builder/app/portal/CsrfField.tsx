import { useRootData } from "./root-data";

/** The hidden CSRF token every form POST carries. */
export function CsrfField() {
  return <input type="hidden" name="csrf" value={useRootData().csrf} />;
}
