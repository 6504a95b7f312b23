// Wave: an open palm moving side to side with at least two reversals, each swing at least a
// fraction of the hand's size and within a frequency band, mostly horizontal.
import { ramp } from './hand-geometry.js';
import { samplesSince, type HandHistory } from './history.js';
import { countReversals } from './oscillation.js';
import type { GestureCandidate, Recogniser } from './types.js';

/** Shape of a wave; the values are documented in docs/gestures.md. */
export const waveModel = {
  /** How far back each frame looks, ms: two reversals of a slow sweep (like the real swipe clip) fit in it. */
  windowMs: 5000,
  /** A swing must move the hand at least this many hand sizes. */
  minSwing: 0.35,
  /**
   * Each swing (half a period, pauses at the ends included) takes 90–2200 ms: about 0.23 to 5.5 Hz,
   * wide enough for slow side-to-side sweeps with a pause at each end.
   */
  minSwingMs: 90,
  maxSwingMs: 2200,
  /** Still this long (within half a swing), the wave is over, ms. */
  maxStillMs: 1500,
  /** Reversals for a full score. */
  reversals: 2,
};

export const waveRecogniser: Recogniser = {
  name: 'wave',
  hands: 'one-hand',
  score(history: HandHistory, nowMs: number): GestureCandidate[] {
    const out: GestureCandidate[] = [];
    for (const track of history.visibleTracks()) {
      const samples = samplesSince(track, nowMs - waveModel.windowMs);
      if (samples.length < 5) continue;
      const scale = median(samples.map((s) => s.scale));
      const xs = samples.map((s) => ({ t: s.timestampMs, v: s.centre.x }));
      const reversals = countReversals(xs, waveModel.minSwing * scale, waveModel.minSwingMs, waveModel.maxSwingMs, waveModel.maxStillMs);
      if (reversals === 0) continue;
      let open = 0;
      let horizontal = 0;
      let vertical = 0;
      for (let i = 0; i < samples.length; i++) {
        open += samples[i]!.poses.open_palm;
        if (i === 0) continue;
        horizontal += Math.abs(samples[i]!.centre.x - samples[i - 1]!.centre.x);
        vertical += Math.abs(samples[i]!.centre.y - samples[i - 1]!.centre.y);
      }
      // open_palm needs the palm towards the camera: hands swinging edge-on (clapping) are not waving.
      const openness = ramp(open / samples.length, 0.3, 0.6);
      const sideways = ramp(horizontal / (vertical + 1e-9), 1.0, 2.0);
      const score = Math.min(1, reversals / waveModel.reversals) * openness * sideways;
      if (score > 0) out.push({ hands: track.ids, score });
    }
    return out;
  },
};

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}
