/** Runs the outside-world part of a job (registry call, handler) with a timeout and an abort signal. */
export type { CallResult } from "../steps/types";
import type { CallResult } from "../steps/types";

export class CallTimeout extends Error {}
/** A failure no retry can fix (unknown registry or handler, invalid params): goes straight to outcome.error. */
export class PermanentFailure extends Error {}

export async function executeCall(call: (signal: AbortSignal) => Promise<CallResult>, timeoutMs: number): Promise<CallResult> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(new CallTimeout(`No answer within ${timeoutMs} ms`));
    }, timeoutMs);
  });
  try {
    return await Promise.race([call(controller.signal), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
