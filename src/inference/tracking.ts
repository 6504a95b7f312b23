// Pure decisions of the tracker: which new palm regions are new hands, which hands are duplicates,
// and per-track landmark smoothing.
import type { Box, HandRegion, Landmark } from '../types.js';
import { intersectionOverUnion } from './nms.js';
import { OneEuroFilter, type OneEuroParams } from './one-euro.js';
import { regionBox } from './region.js';

/**
 * Regions from palm detection that are not already tracked (MediaPipe's association step, in which
 * tracked regions win): a candidate overlapping a tracked or an earlier accepted region by more than
 * minOverlap is dropped. Candidates come best first; at most `room` are taken.
 */
export function newHandRegions<T extends { region: HandRegion }>(
  candidates: readonly T[],
  tracked: readonly HandRegion[],
  room: number,
  minOverlap: number,
): T[] {
  const taken: Box[] = tracked.map(regionBox);
  const accepted: T[] = [];
  for (const candidate of candidates) {
    if (accepted.length >= room) break;
    const box = regionBox(candidate.region);
    if (taken.some((t) => intersectionOverUnion(t, box) > minOverlap)) continue;
    taken.push(box);
    accepted.push(candidate);
  }
  return accepted;
}

/**
 * Indices of the hands to keep when two hands' landmark boxes overlap by more than maxOverlap
 * (two regions converged on one hand): earlier hands in the list win, so order by priority.
 */
export function distinctHands(boxes: readonly Box[], maxOverlap: number): number[] {
  const kept: number[] = [];
  boxes.forEach((box, i) => {
    if (kept.every((k) => intersectionOverUnion(boxes[k]!, box) <= maxOverlap)) kept.push(i);
  });
  return kept;
}

/** One Euro filters for the 21 landmarks of one track, working in hand sizes so one beta fits near and far hands. */
export class LandmarkSmoother {
  private readonly filters: OneEuroFilter[];

  constructor(params: OneEuroParams, count = 21) {
    this.filters = Array.from({ length: count * 3 }, () => new OneEuroFilter(params));
  }

  smooth(landmarks: readonly Landmark[], timeMs: number, handSize: number): Landmark[] {
    const scale = handSize > 0 ? handSize : 1;
    return landmarks.map((p, i) => ({
      x: this.filters[3 * i]!.filter(p.x / scale, timeMs) * scale,
      y: this.filters[3 * i + 1]!.filter(p.y / scale, timeMs) * scale,
      z: this.filters[3 * i + 2]!.filter(p.z / scale, timeMs) * scale,
    }));
  }
}
