// One Euro filter (Casiez et al. 2012): a low-pass filter whose cutoff rises with speed, so slow
// jitter is smoothed and fast motion is not lagged.

export interface OneEuroParams {
  /** Cutoff frequency at rest, Hz: lower smooths more. */
  minCutoff: number;
  /** How fast the cutoff rises with speed (per unit of value/second). */
  beta: number;
  /** Cutoff used to smooth the speed estimate, Hz. */
  derivativeCutoff: number;
}

function smoothingFactor(cutoffHz: number, dtSeconds: number): number {
  const tau = 1 / (2 * Math.PI * cutoffHz);
  return 1 / (1 + tau / dtSeconds);
}

export class OneEuroFilter {
  private previous: number | undefined;
  private previousSpeed = 0;
  private previousTimeMs = 0;

  constructor(private readonly params: OneEuroParams) {}

  /** Filters one sample taken at timeMs (milliseconds, increasing). */
  filter(value: number, timeMs: number): number {
    if (this.previous === undefined || timeMs <= this.previousTimeMs) {
      // First sample (or a repeated timestamp): nothing to smooth against.
      const first = this.previous === undefined;
      if (first) this.previous = value;
      this.previousTimeMs = timeMs;
      return first ? value : this.previous!;
    }
    const dt = (timeMs - this.previousTimeMs) / 1000;
    const speed = (value - this.previous) / dt;
    const a = smoothingFactor(this.params.derivativeCutoff, dt);
    const smoothSpeed = a * speed + (1 - a) * this.previousSpeed;
    const cutoff = this.params.minCutoff + this.params.beta * Math.abs(smoothSpeed);
    const b = smoothingFactor(cutoff, dt);
    const smoothed = b * value + (1 - b) * this.previous;
    this.previous = smoothed;
    this.previousSpeed = smoothSpeed;
    this.previousTimeMs = timeMs;
    return smoothed;
  }
}
