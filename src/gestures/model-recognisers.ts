// Trained gesture models (src/gesture-models) as recognisers: each label of a model becomes a
// gesture. The model runs once per frame on all hands (or pairs, or windows) in one batch, before the
// label recognisers read its probabilities.
import { computeFeatures, type FeatureInput, type HandInput } from '../features/index.js';
import type { GestureModel } from '../gesture-models/model.js';
import { lastSample, samplesSince, trackHandedness, type HandHistory, type HandSample, type TrackHistory } from './history.js';
import type { GestureCandidate, HandsNeeded, Recogniser } from './types.js';

/** Labels that mean "no gesture" in a trained model (Model Maker's convention is `none`). */
const BACKGROUND_LABELS = new Set(['none', 'background', 'no_gesture']);

export interface ModelRecognisers {
  /** Runs the model for the current frame; call before the recognisers score it. */
  prepare(history: HandHistory, nowMs: number): Promise<void>;
  recognisers: Recogniser[];
}

interface Unit {
  hands: number[];
  input: FeatureInput;
}

function handInput(sample: HandSample, track: TrackHistory): HandInput {
  return { landmarks: sample.observation.landmarks, handedness: trackHandedness(track) };
}

/** The samples nearest to `window` instants fps apart ending now, or null when the track is younger. */
function resampleWindow(track: TrackHistory, nowMs: number, window: number, fps: number): HandSample[] | null {
  const spanMs = ((window - 1) * 1000) / fps;
  if (track.firstSeenMs > nowMs - spanMs) return null;
  const samples = samplesSince(track, nowMs - spanMs - 1000 / fps);
  if (samples.length === 0) return null;
  const out: HandSample[] = [];
  let j = 0;
  for (let k = 0; k < window; k++) {
    const t = nowMs - spanMs + (k * 1000) / fps;
    while (j + 1 < samples.length && Math.abs(samples[j + 1]!.timestampMs - t) <= Math.abs(samples[j]!.timestampMs - t)) j++;
    out.push(samples[j]!);
  }
  return out;
}

function unitsFor(model: GestureModel, history: HandHistory, nowMs: number): Unit[] {
  const spec = model.card.features;
  const tracks = history.visibleTracks();
  switch (spec.kind) {
    case 'hand-pose':
      return tracks.map((t) => ({ hands: t.ids, input: { kind: 'hand-pose', hand: handInput(lastSample(t), t) } }));
    case 'two-hand-pose': {
      const units: Unit[] = [];
      for (let i = 0; i < tracks.length; i++)
        for (let j = i + 1; j < tracks.length; j++) {
          const [a, b] = [tracks[i]!, tracks[j]!];
          units.push({
            hands: [...a.ids, ...b.ids].sort((x, y) => x - y),
            input: { kind: 'two-hand-pose', hands: [handInput(lastSample(a), a), handInput(lastSample(b), b)] },
          });
        }
      return units;
    }
    case 'hand-temporal':
      return tracks.flatMap((t) => {
        const frames = resampleWindow(t, nowMs, spec.window, spec.fps);
        return frames ? [{ hands: t.ids, input: { kind: 'hand-temporal' as const, frames: frames.map((s) => handInput(s, t)) } }] : [];
      });
    case 'trajectory':
      return tracks.flatMap((t) => {
        const frames = resampleWindow(t, nowMs, spec.window, spec.fps);
        if (!frames) return [];
        const points = frames.map((s) => s.observation.landmarks[spec.point]!);
        return [{ hands: t.ids, input: { kind: 'trajectory' as const, points, imageWidth: history.imageSize.width, imageHeight: history.imageSize.height } }];
      });
  }
}

function handsNeeded(model: GestureModel): HandsNeeded {
  return model.card.features.kind === 'two-hand-pose' ? 'any-two-hands' : 'one-hand';
}

export function modelRecognisers(model: GestureModel): ModelRecognisers {
  const labels = model.labels;
  let current: { units: Unit[]; probabilities: Float32Array } = { units: [], probabilities: new Float32Array(0) };
  const recognisers: Recogniser[] = labels
    .map((label, index) => ({ label, index }))
    .filter(({ label }) => !BACKGROUND_LABELS.has(label.toLowerCase()))
    .map(({ label, index }) => ({
      name: label,
      hands: handsNeeded(model),
      score(): GestureCandidate[] {
        return current.units.map((u, i) => ({ hands: u.hands, score: current.probabilities[i * labels.length + index]! }));
      },
    }));
  return {
    recognisers,
    async prepare(history, nowMs) {
      const units = unitsFor(model, history, nowMs);
      if (units.length === 0) {
        current = { units, probabilities: new Float32Array(0) };
        return;
      }
      const rows = units.map((u) => computeFeatures(model.card.features, u.input));
      const batch = new Float32Array(rows.reduce((n, r) => n + r.length, 0));
      rows.reduce((offset, r) => (batch.set(r, offset), offset + r.length), 0);
      current = { units, probabilities: await model.scores(batch) };
    },
  };
}
