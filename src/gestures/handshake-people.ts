// Handshake between two people, judged from their bodies (the people layer's pose landmarks), so it
// works where the hands are too small, merged into one blob or hidden in the clasp. For each pair of
// people and each pairing of one arm of each, per frame, the weakest of these cues (all sizes in
// torso lengths, the mid-hip to mid-shoulder distance, so they hold at any distance from the camera):
//  - together: the two wrists meet (a clasp puts them about a palm to a hand length apart);
//  - apart: the two bodies are an arm's reach apart, not pressed together (a hug) or passing through;
//  - between: the meeting point lies between the two bodies, not at or behind one of them;
//  - reaching: each forearm (elbow → wrist) points towards the other person, not hanging, not up;
//  - height: the meeting point is between a little below the hips and the chest of both people
//    (a push lands at the pusher's shoulders, a high five or a punch higher, hanging hands lower).
// Vertical pumping of the meeting point raises the score, the hand landmarks (when the hands are
// large enough to see) raise or lower it; neither is required. The values are explained in
// docs/gestures.md.
import type { BodyHand } from '../types.js';
import { dot, ramp, unit2, type Vec2 } from './hand-geometry.js';
import { bestDisjoint, claspGeometry } from './handshake-hands.js';
import { lastSample, type HandHistory, type TrackHistory } from './history.js';
import { countReversals } from './oscillation.js';
import { latest, steadyTorso, type PeopleHistory, type PersonSample, type PersonTrack } from './people-history.js';
import type { GestureCandidate } from './types.js';

/** Shape of a handshake between two bodies; the values are documented in docs/gestures.md. */
export const bodyHandshakeModel = {
  /** Wrist to wrist, torso lengths: full at or below `wristsTogether`, nothing at or beyond `wristsApart`. */
  wristsTogether: 0.5,
  wristsApart: 0.9,
  /** Torso centre to torso centre, torso lengths: nothing at or below `bodiesPressed`, full from `bodiesApart`. */
  bodiesPressed: 0.8,
  bodiesApart: 1.2,
  /** Where the meeting point lies from one torso centre (0) to the other (1): full from `betweenFull` to 1 − it. */
  betweenNone: 0.1,
  betweenFull: 0.25,
  /** Cosine of the angle between a forearm and the direction to the other person: full at 45°, nothing at 70°. */
  reachFull: Math.cos((45 * Math.PI) / 180),
  reachNone: Math.cos((70 * Math.PI) / 180),
  /** Height of the meeting point on each torso, hips 0, shoulders 1: full inside [lowFull, highFull]. */
  lowNone: -0.7,
  lowFull: -0.3,
  highFull: 0.85,
  highNone: 1.1,
  /** The geometry is averaged over this window, ms (about the time a reaching arm takes to move a torso length). */
  smoothMs: 300,
  /** Torso length: median over this window, ms. */
  torsoWindowMs: 1000,
  /** Pumping: vertical swings of the meeting point of at least this many torso lengths, each 80–420 ms, in the last window. */
  pumpWindowMs: 1500,
  pumpMinSwing: 0.08,
  pumpMinSwingMs: 80,
  pumpMaxSwingMs: 420,
  /** Hand landmarks count as evidence when both hands are at least this many pixels (palm length). */
  handMinPx: 24,
};

/** The cues of one pairing of arms, each 0..1, and the score they give before pumping and hands. */
export interface BodyClasp {
  together: number;
  apart: number;
  between: number;
  reachA: number;
  reachB: number;
  heightA: number;
  heightB: number;
  /** The weakest cue. */
  geometry: number;
  /** Where the wrists meet, pixels. */
  meeting: Vec2;
}

const M = bodyHandshakeModel;

/** Height of a point on a person's torso: hips 0, shoulders 1, measured along the body's own up. */
function heightOn(p: PersonSample, point: Vec2, torso: number): number {
  return dot({ x: point.x - p.hip.x, y: point.y - p.hip.y }, p.up) / torso;
}

function heightCue(h: number): number {
  return Math.min(ramp(h, M.lowNone, M.lowFull), ramp(h, M.highNone, M.highFull));
}

/** How much arm `ha` of person A and arm `hb` of person B look like a clasp, from the bodies alone. */
export function bodyClasp(a: PersonSample, ha: BodyHand, b: PersonSample, hb: BodyHand, torsoA = a.torso, torsoB = b.torso): BodyClasp {
  const torso = (torsoA + torsoB) / 2;
  const meeting = { x: (ha.wrist.x + hb.wrist.x) / 2, y: (ha.wrist.y + hb.wrist.y) / 2 };
  const together = ramp(Math.hypot(ha.wrist.x - hb.wrist.x, ha.wrist.y - hb.wrist.y) / torso, M.wristsApart, M.wristsTogether);
  const span = Math.hypot(b.centre.x - a.centre.x, b.centre.y - a.centre.y);
  const apart = ramp(span / torso, M.bodiesPressed, M.bodiesApart);
  const axis = unit2(a.centre, b.centre);
  const along = dot({ x: meeting.x - a.centre.x, y: meeting.y - a.centre.y }, axis) / Math.max(span, 1e-6);
  const between = Math.min(ramp(along, M.betweenNone, M.betweenFull), ramp(along, 1 - M.betweenNone, 1 - M.betweenFull));
  const reachA = ramp(dot(ha.forearm, axis), M.reachNone, M.reachFull);
  const reachB = ramp(-dot(hb.forearm, axis), M.reachNone, M.reachFull);
  const heightA = heightCue(heightOn(a, meeting, torsoA));
  const heightB = heightCue(heightOn(b, meeting, torsoB));
  const geometry = Math.min(together, apart, between, reachA, reachB, heightA, heightB);
  return { together, apart, between, reachA, reachB, heightA, heightB, geometry, meeting };
}

/** The two people's samples from the same frames, oldest first, over the last windowMs. */
function alignedSamples(a: PersonTrack, b: PersonTrack, nowMs: number, windowMs: number): [PersonSample, PersonSample][] {
  const bAt = new Map(b.samples.map((s) => [s.timestampMs, s]));
  const pairs: [PersonSample, PersonSample][] = [];
  for (const sa of a.samples) {
    const sb = bAt.get(sa.timestampMs);
    if (sb && sa.timestampMs >= nowMs - windowMs) pairs.push([sa, sb]);
  }
  return pairs;
}

/** The pairing of one arm of each person that looks most like a clasp in one frame, with its cues. */
function bestClasp(sa: PersonSample, sb: PersonSample, torsoA: number, torsoB: number): { arms: [BodyHand, BodyHand]; clasp: BodyClasp } | null {
  let best: { arms: [BodyHand, BodyHand]; clasp: BodyClasp } | null = null;
  for (const ha of sa.person.hands) {
    for (const hb of sb.person.hands) {
      const clasp = bodyClasp(sa, ha, sb, hb, torsoA, torsoB);
      if (!best || clasp.geometry > best.clasp.geometry) best = { arms: [ha, hb], clasp };
    }
  }
  return best;
}

/** Vertical pumping of the meeting point over the frames given, 0..1. */
function pumping(meetings: readonly { t: number; v: number }[], torso: number): number {
  if (meetings.length < 5) return 0;
  return Math.min(1, countReversals(meetings, M.pumpMinSwing * torso, M.pumpMinSwingMs, M.pumpMaxSwingMs) / 2);
}

function trackOf(history: HandHistory, id: number | undefined): TrackHistory | undefined {
  return id === undefined ? undefined : history.tracks().find((t) => t.ids.includes(id));
}

/**
 * The hand landmarks' say, as a factor: 0.8 (two clearly seen hands that are not clasped) to 1.2
 * (a clasp by the hands-only rules); 1 when the two hands are not both seen, are one merged blob, or
 * are too small for their landmarks to mean much.
 */
function handFactor(history: HandHistory, ha: BodyHand, hb: BodyHand): number {
  const a = trackOf(history, ha.handTrackId);
  const b = trackOf(history, hb.handTrackId);
  if (!a || !b || a === b || !a.visible || !b.visible) return 1;
  const [sa, sb] = [lastSample(a), lastSample(b)];
  if (Math.min(sa.scale, sb.scale) < M.handMinPx) return 1;
  return 0.8 + 0.4 * claspGeometry(sa, sb);
}

/**
 * How much two people look like shaking hands now (0..1), and the arms that do it in this frame. Per
 * frame the best pairing of one arm of each counts, whichever side the pose model calls it (it often
 * swaps a side-on person's left and right); the geometry is the mean over the last smoothMs, so one
 * frame's misplaced wrist neither makes nor breaks a clasp.
 */
export function personPairScore(
  a: PersonTrack,
  b: PersonTrack,
  hands: HandHistory,
  nowMs: number,
): { score: number; arms: [BodyHand, BodyHand] | null; meeting: Vec2; torso: number } {
  const torsoA = steadyTorso(a, nowMs, M.torsoWindowMs);
  const torsoB = steadyTorso(b, nowMs, M.torsoWindowMs);
  const frames = alignedSamples(a, b, nowMs, Math.max(M.pumpWindowMs, M.smoothMs)).map(([sa, sb]) => ({
    t: sa.timestampMs,
    best: bestClasp(sa, sb, torsoA, torsoB),
  }));
  const recent = frames.filter((f) => f.t >= nowMs - M.smoothMs);
  const geometry = recent.reduce((sum, f) => sum + (f.best?.clasp.geometry ?? 0), 0) / Math.max(recent.length, 1);
  const now = bestClasp(latest(a), latest(b), torsoA, torsoB);
  const torso = (torsoA + torsoB) / 2;
  if (geometry === 0 || !now) return { score: 0, arms: null, meeting: { x: 0, y: 0 }, torso };
  const meetings = frames.flatMap((f) => (f.best && f.best.clasp.geometry > 0 ? [{ t: f.t, v: f.best.clasp.meeting.y }] : []));
  const pump = pumping(meetings, torso);
  return { score: Math.min(1, geometry * (0.85 + 0.3 * pump) * handFactor(hands, ...now.arms)), arms: now.arms, meeting: now.clasp.meeting, torso };
}

/** Handshake candidates between people in view: the best pairs that share no person. */
export function personPairCandidates(people: PeopleHistory, hands: HandHistory, nowMs: number): GestureCandidate[] {
  const tracks = people.visible();
  const pairs: GestureCandidate[] = [];
  for (let i = 0; i < tracks.length; i++) {
    for (let j = i + 1; j < tracks.length; j++) {
      const { score, arms, meeting, torso } = personPairScore(tracks[i]!, tracks[j]!, hands, nowMs);
      if (!arms) continue;
      // The hands in the clasp: those of the shaking arms and any other seen within reach of the
      // meeting point (the hand model links a clasped hand to one side or the other from frame to frame).
      const near = hands
        .visibleTracks()
        .filter((t) => Math.hypot(lastSample(t).centre.x - meeting.x, lastSample(t).centre.y - meeting.y) <= M.wristsApart * torso);
      const handIds = [...arms.flatMap((h) => trackOf(hands, h.handTrackId)?.ids ?? []), ...near.flatMap((t) => t.ids)];
      pairs.push({ people: [tracks[i]!.trackId, tracks[j]!.trackId].sort((x, y) => x - y), hands: [...new Set(handIds)].sort((x, y) => x - y), score });
    }
  }
  return bestDisjoint(pairs, (p) => p.people!);
}
