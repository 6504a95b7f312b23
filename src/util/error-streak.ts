// Logs a repeating failure (a broker that refuses or is away, a camera that does not answer) once when
// its streak starts, then one summary line per period while it lasts, and once when it is over:
// a failure retried every second must not write a log line every second.
import type { Logger } from './log.js';

export class ErrorStreak {
  /** Reasons logged in this streak (two alternating errors must not log each time either). */
  private readonly seen = new Set<string>();
  private since = 0;
  private count = 0;
  private summarisedAt = 0;
  private summarisedCount = 0;

  constructor(
    private readonly log: Logger,
    /** What fails, for the log lines (e.g. 'broker connection'). */
    private readonly what: string,
    private readonly summaryEveryMs = 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** Records one failure; logs it if it starts a streak or is a reason not yet seen in it. */
  failed(reason: string, fields: Record<string, unknown> = {}): void {
    const at = this.now();
    this.count++;
    if (!this.seen.has(reason)) {
      if (this.seen.size === 0) this.since = at;
      this.seen.add(reason);
      this.summarisedAt = at;
      this.summarisedCount = this.count;
      this.log.warn(`${this.what} failed`, { error: reason, ...fields });
      return;
    }
    if (at - this.summarisedAt >= this.summaryEveryMs) {
      this.log.warn(`${this.what} still failing`, { error: reason, failures: this.count - this.summarisedCount, sinceS: Math.round((at - this.since) / 1000) });
      this.summarisedAt = at;
      this.summarisedCount = this.count;
    }
  }

  /** Ends the streak (logged once if there was one). */
  recovered(): void {
    if (this.seen.size === 0) return;
    this.log.info(`${this.what} works again`, { failures: this.count, afterS: Math.round((this.now() - this.since) / 1000) });
    this.seen.clear();
    this.count = 0;
  }
}
