/** Delay before reopen attempt number `attempt` (0-based): doubles from min up to max. */
export function backoffDelayMs(attempt: number, minMs: number, maxMs: number): number {
  return Math.min(maxMs, minMs * 2 ** Math.min(attempt, 30));
}
