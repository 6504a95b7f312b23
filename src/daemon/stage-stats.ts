// Rolling per-stage timings and frame rate over the last frames, for the status page, stats and metrics.
import type { StageTimings } from '../types.js';

export interface StageSummary {
  meanMs: number;
  p95Ms: number;
}

export class StageStats {
  private readonly window: { at: number; timings: StageTimings; detectionRan: boolean }[] = [];

  constructor(private readonly size = 120) {}

  add(at: number, timings: StageTimings, detectionRan: boolean): void {
    this.window.push({ at, timings, detectionRan });
    if (this.window.length > this.size) this.window.shift();
  }

  /** Frames per second over the window (0 until two frames). */
  fps(): number {
    if (this.window.length < 2) return 0;
    const span = this.window.at(-1)!.at - this.window[0]!.at;
    return span > 0 ? ((this.window.length - 1) * 1000) / span : 0;
  }

  /** Fraction of frames in the window on which palm detection ran (its cost: tracking avoids it). */
  detectionRate(): number {
    return this.window.length ? this.window.filter((w) => w.detectionRan).length / this.window.length : 0;
  }

  stages(): Record<string, StageSummary> {
    const byStage = new Map<string, number[]>();
    for (const { timings } of this.window) {
      for (const [stage, ms] of Object.entries(timings)) if (typeof ms === 'number') (byStage.get(stage) ?? byStage.set(stage, []).get(stage)!).push(ms);
    }
    const out: Record<string, StageSummary> = {};
    for (const [stage, values] of byStage) {
      const sorted = [...values].sort((a, b) => a - b);
      const mean = sorted.reduce((s, v) => s + v, 0) / sorted.length;
      out[stage] = { meanMs: round(mean), p95Ms: round(sorted[Math.min(sorted.length - 1, Math.ceil(0.95 * sorted.length) - 1)]!) };
    }
    return out;
  }
}

const round = (v: number): number => Math.round(v * 100) / 100;
