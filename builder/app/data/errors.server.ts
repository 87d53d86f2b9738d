/** Runtime errors as HTTP: an application that is not the viewer's is "not found", never "forbidden". */
import type { RuntimeErrorCode } from "../../../runtime";

export const notFound = () => new Response("Not found", { status: 404 });

/**
 * The runtime error's code, recognised by shape: the runtime instance comes from the server process
 * while this code is bundled by Remix, so `instanceof RuntimeError` would compare two different classes.
 */
export function runtimeErrorCode(error: unknown): RuntimeErrorCode | undefined {
  if (error instanceof Error && error.name === "RuntimeError" && typeof (error as { code?: unknown }).code === "string") return (error as unknown as { code: RuntimeErrorCode }).code;
  return undefined;
}

export const isRuntimeErrorCode = (error: unknown, code: RuntimeErrorCode) => runtimeErrorCode(error) === code;

/** Re-throws as a 404 response when the runtime says not_found or forbidden (so ids cannot be probed). */
export function hideForeign(error: unknown): never {
  const code = runtimeErrorCode(error);
  if (code === "not_found" || code === "forbidden") throw notFound();
  throw error;
}
