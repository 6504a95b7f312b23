// When the full-frame palm search (and, by frames only, the person detector: pose-landmarker.ts)
// runs before the landmarks. With nothing tracked it runs on every
// frame (a hand must be found); with every slot taken (numHands tracked) never; in between at a
// cadence: every N frames or M ms, whichever comes first. (A hand lost during a frame triggers a
// search in that same frame: hand-landmarker.ts.) Pure: times come with the frames.
import type { InferenceOptions } from './options.js';

export type ScheduleOptions = Pick<InferenceOptions['detection'], 'intervalFrames' | 'intervalMs'>;

export type DetectionReason = 'nothing tracked' | 'interval' | undefined;

export class DetectionSchedule {
  private lastRunMs = -Infinity;
  private framesSinceRun = Infinity;

  constructor(private readonly options: ScheduleOptions) {}

  /**
   * Whether to search this frame, and why (undefined: not due). `tracked` hands are followed by
   * the landmark model; `room` is how many more may be taken.
   */
  due(timeMs: number, tracked: number, room: number): DetectionReason {
    if (room <= 0) return undefined;
    if (tracked === 0) return 'nothing tracked';
    const { intervalFrames, intervalMs } = this.options;
    if (intervalFrames > 0 && this.framesSinceRun + 1 >= intervalFrames) return 'interval';
    if (intervalMs > 0 && timeMs - this.lastRunMs >= intervalMs) return 'interval';
    return undefined;
  }

  /** Record whether the search ran on this frame (for any reason). */
  frame(timeMs: number, ran: boolean): void {
    if (ran) {
      this.lastRunMs = timeMs;
      this.framesSinceRun = 0;
    } else {
      this.framesSinceRun++;
    }
  }

  reset(): void {
    this.lastRunMs = -Infinity;
    this.framesSinceRun = Infinity;
  }
}
