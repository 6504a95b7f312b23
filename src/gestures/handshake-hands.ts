// Handshake from two hands alone (no bodies), from geometry and motion of the hand history. Used
// when the people layer is off or the hands belong to nobody, and as evidence for a body pair whose
// hands are large enough to see:
//  - two hands meet (palm centres within about a hand's size);
//  - they point at each other from opposite sides (wrist → knuckle directions roughly opposite, each
//    wrist on its own side), which two hands of one person clapping or praying do not;
//  - roughly horizontal, as hands held out to shake are (a high five points up);
//  - both right hands (a Left with a Right is usually one person's two hands);
//  - a short vertical pumping adds confidence but is not required.
// The landmark model often loses one hand in the clasp: a hand that vanished next to the other one is
// taken as hidden in the clasp, at its last position, while the remaining hand stays there.
import { dot, ramp, unit2, type Vec2 } from './hand-geometry.js';
import { lastSample, samplesSince, trackHandedness, type HandHistory, type HandSample, type TrackHistory } from './history.js';
import { countReversals } from './oscillation.js';
import type { GestureCandidate } from './types.js';

/** Shape of a handshake; the values are documented in docs/gestures.md. */
export const handshakeModel = {
  /** Palm centres closer than this many hand sizes count as together; beyond farApart, not at all. */
  together: 1.0,
  farApart: 1.8,
  /** A hidden hand stays "in the clasp" this long at most, ms, while the other hand stays by it. */
  claspMemoryMs: 6000,
  /** Pumping: vertical swings of at least this many hand sizes, 1.2–6 Hz, over the last window. */
  pumpWindowMs: 1500,
  pumpMinSwing: 0.08,
  pumpMinSwingMs: 80,
  pumpMaxSwingMs: 420,
  /** Score multipliers by the two hands' handedness. */
  bothRight: 1,
  bothLeft: 0.8,
  leftAndRight: 0.45,
};

function wrist(sample: HandSample): Vec2 {
  return sample.observation.landmarks[0]!;
}

/** How much the two hand samples look like a clasp of two people's hands, 0..1, without motion. */
export function claspGeometry(a: HandSample, b: HandSample): number {
  const scale = (a.scale + b.scale) / 2;
  const gap = Math.hypot(a.centre.x - b.centre.x, a.centre.y - b.centre.y) / scale;
  const near = ramp(gap, handshakeModel.farApart, handshakeModel.together);
  if (near === 0) return 0;
  // Opposite directions: the fingers of each point towards the other person.
  const opposed = ramp(dot(a.direction, b.direction), 0, -0.6);
  // Each wrist on its own side: the hand points from its wrist towards the other wrist.
  const wa = wrist(a);
  const wb = wrist(b);
  const facing = Math.min(ramp(dot(a.direction, unit2(wa, wb)), 0, 0.5), ramp(dot(b.direction, unit2(wb, wa)), 0, 0.5));
  const level = Math.min(ramp(Math.abs(a.direction.x), 0.45, 0.8), ramp(Math.abs(b.direction.x), 0.45, 0.8));
  return near * opposed * facing * (0.6 + 0.4 * level);
}

function handednessFactor(a: TrackHistory, b: TrackHistory): number {
  const ha = trackHandedness(a);
  const hb = trackHandedness(b);
  if (ha !== hb) return handshakeModel.leftAndRight;
  return ha === 'Right' ? handshakeModel.bothRight : handshakeModel.bothLeft;
}

/** Vertical pumping of the visible hands of the pair, 0..1. */
function pumping(tracks: TrackHistory[], nowMs: number): number {
  let best = 0;
  for (const track of tracks) {
    if (!track.visible) continue;
    const samples = samplesSince(track, nowMs - handshakeModel.pumpWindowMs);
    if (samples.length < 5) continue;
    const scale = lastSample(track).scale;
    const ys = samples.map((s) => ({ t: s.timestampMs, v: s.centre.y }));
    const reversals = countReversals(ys, handshakeModel.pumpMinSwing * scale, handshakeModel.pumpMinSwingMs, handshakeModel.pumpMaxSwingMs);
    best = Math.max(best, Math.min(1, reversals / 2));
  }
  return best;
}

/**
 * The pair's score now. Both visible: their latest samples. One hidden: its last sample, provided
 * it vanished beside the other hand and the other is still at that spot.
 */
function pairScore(a: TrackHistory, b: TrackHistory, nowMs: number): number {
  if (!a.visible && !b.visible) return 0;
  const [seen, hidden] = a.visible ? [a, b] : [b, a];
  let geometry: number;
  if (hidden.visible) {
    geometry = claspGeometry(lastSample(a), lastSample(b));
  } else {
    if (nowMs - hidden.lastSeenMs > handshakeModel.claspMemoryMs) return 0;
    const lastHidden = lastSample(hidden);
    // Where the visible hand was when the other vanished: they must have been clasped then...
    const then = samplesSince(seen, lastHidden.timestampMs)[0] ?? lastSample(seen);
    const atVanishing = claspGeometry(then, lastHidden);
    // ...and the visible hand must still be at the clasp.
    const now = lastSample(seen);
    const drift = Math.hypot(now.centre.x - lastHidden.centre.x, now.centre.y - lastHidden.centre.y) / now.scale;
    geometry = atVanishing * ramp(drift, handshakeModel.farApart, handshakeModel.together);
  }
  if (geometry === 0) return 0;
  return Math.min(1, geometry * handednessFactor(a, b) * (0.85 + 0.3 * pumping([a, b], nowMs)));
}

/**
 * Whether the hand was seen on a person's body in any remembered frame: the people layer links a
 * small hand to its body in some frames and not others, and such a hand is the body rules' to judge.
 */
export function onBody(track: TrackHistory): boolean {
  return track.samples.some((s) => s.observation.personId !== undefined);
}

/**
 * Scored hand pairs, the best first, no hand in two pairs. `eligible` says which pairs to look at at
 * all (default: every pair).
 */
export function handPairCandidates(
  history: HandHistory,
  nowMs: number,
  eligible: (a: TrackHistory, b: TrackHistory) => boolean = () => true,
): GestureCandidate[] {
  const tracks = history.tracks();
  const pairs: GestureCandidate[] = [];
  for (let i = 0; i < tracks.length; i++) {
    for (let j = i + 1; j < tracks.length; j++) {
      if (!eligible(tracks[i]!, tracks[j]!)) continue;
      const score = pairScore(tracks[i]!, tracks[j]!, nowMs);
      if (score > 0) pairs.push({ hands: [...tracks[i]!.ids, ...tracks[j]!.ids].sort((x, y) => x - y), score });
    }
  }
  return bestDisjoint(pairs, (p) => p.hands);
}

/** The best-scoring candidates that share no member (a hand shakes one other hand, a person one other person). */
export function bestDisjoint<T extends { score: number }>(candidates: T[], members: (c: T) => readonly number[]): T[] {
  const used = new Set<number>();
  return [...candidates]
    .sort((x, y) => y.score - x.score)
    .filter((c) => {
      if (members(c).some((m) => used.has(m))) return false;
      members(c).forEach((m) => used.add(m));
      return true;
    });
}
