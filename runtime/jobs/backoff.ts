/** Delay before retry `attempt` (1-based): exponential doubling or fixed, with ±20% jitter so retries spread out. */
export function retryDelay(attempt: number, intervalMs: number, backoff: "fixed" | "exponential", random = Math.random): number {
  const base = backoff === "exponential" ? intervalMs * 2 ** Math.max(0, attempt - 1) : intervalMs;
  const capped = Math.min(base, 60 * 60_000);
  return Math.round(capped * (0.8 + 0.4 * random()));
}
