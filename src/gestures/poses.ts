// Static hand poses from finger states: each pose is a fuzzy AND of "this finger out, that one
// curled" (and, for the few poses that have one, a direction), scored 0..1.
import type { Landmark } from '../types.js';
import { handGeometry, ramp, type HandGeometry, type Vec2 } from './hand-geometry.js';

export const POSES = ['open_palm', 'fist', 'pointing_up', 'pointing', 'thumbs_up', 'thumbs_down', 'victory', 'call', 'rock', 'ok'] as const;
export type Pose = (typeof POSES)[number];
export type PoseScores = Record<Pose, number>;

/** 1 when v points within 30° of image-up, 0 beyond 60°. */
const upness = (v: Vec2): number => ramp(-v.y, 0.5, 0.87);
const downness = (v: Vec2): number => ramp(v.y, 0.5, 0.87);

/** Raw score of each pose for one hand, before poses compete with each other. */
export function rawPoseScores(g: HandGeometry): PoseScores {
  const { thumb, index, middle, ring, pinky } = g.extension;
  const curled = (e: number): number => 1 - e;
  const fourOut = Math.min(index, middle, ring, pinky);
  const fourIn = Math.min(curled(index), curled(middle), curled(ring), curled(pinky));
  // Index alone: the shape shared by both pointing poses; its direction decides which.
  const indexAlone = Math.min(index, curled(middle), curled(ring), curled(pinky));
  const thumbVertical = Math.max(upness(g.direction.thumb), downness(g.direction.thumb));
  // Pointing up or pointing elsewhere: a near-hard split at 45° so a diagonal finger is one or the other.
  const up = ramp(-g.direction.index.y, 0.66, 0.75);
  // A thumbs pose needs the thumb standing clear of the curled fingers, not lying across them.
  const thumbOut = Math.min(fourIn, thumb, ramp(g.thumbLead, 0.15, 0.35));
  return {
    // Shown to the camera, not edge-on. The thumb often hides behind the palm in 2-D, so it only adds confidence.
    open_palm: fourOut * (0.85 + 0.15 * thumb) * ramp(g.palmFacing, 0.3, 0.6),
    // A thumb held out sideways still reads as a fist; one standing up or down is a thumbs pose.
    fist: fourIn * (1 - thumbOut * thumbVertical),
    pointing_up: indexAlone * up,
    pointing: indexAlone * (1 - up),
    thumbs_up: thumbOut * upness(g.direction.thumb),
    thumbs_down: thumbOut * downness(g.direction.thumb),
    // Two fingers out and apart (a spread under ~8° is two fingers held together), the thumb holding
    // the others down: with the thumb out it is a "three".
    victory: Math.min(index, middle, curled(ring), curled(pinky), ramp(g.indexMiddleSpread, 0.1, 0.25)) * (1 - 0.5 * thumb),
    call: Math.min(thumb, pinky, curled(index), curled(middle), curled(ring)),
    rock: Math.min(index, pinky, curled(middle), curled(ring)),
    // Thumb and index tips touching, the other three out.
    ok: Math.min(ramp(g.thumbIndexGap, 0.3, 0.15), middle, ring, pinky),
  };
}

/**
 * Pose scores in which poses compete: a pose that is not the best for this hand keeps half its
 * score, so one hand drives at most one pose past a sensible threshold.
 */
export function poseScoresOf(geometry: HandGeometry): PoseScores {
  const raw = rawPoseScores(geometry);
  let best = 0;
  for (const pose of POSES) best = Math.max(best, raw[pose]);
  const out = {} as PoseScores;
  for (const pose of POSES) out[pose] = raw[pose] >= best ? raw[pose] : raw[pose] * 0.5;
  return out;
}

export function poseScores(landmarks: readonly Landmark[]): PoseScores {
  return poseScoresOf(handGeometry(landmarks));
}

/** The best pose and its score, or null when no pose reaches minScore. */
export function classifyPose(landmarks: readonly Landmark[], minScore: number): { pose: Pose; score: number } | null {
  const scores = poseScores(landmarks);
  let best: Pose | null = null;
  for (const pose of POSES) if (scores[pose] >= minScore && (best === null || scores[pose] > scores[best])) best = pose;
  return best === null ? null : { pose: best, score: scores[best] };
}
