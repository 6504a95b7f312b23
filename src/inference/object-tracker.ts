// A multi-object tracker for anything seen as a box with optional keypoints (hands now, people next):
// constant-velocity prediction, association by overlap or keypoint distance with a second chance for
// low-score observations (ByteTrack's idea), a buffer that re-attaches an object lost for a short
// while at its predicted place (OC-SORT's idea), and confirmation holds so counts do not flicker.
// Pure: no models, no clock of its own (times come with the observations).
import type { Box } from '../types.js';
import { intersectionOverUnion } from './nms.js';
import type { Point2 } from './palm-decode.js';

/** One thing seen in one frame. */
export interface TrackedObservation {
  box: Box;
  /** Same points in the same order every frame (e.g. 21 hand landmarks), or none. */
  keypoints?: readonly Point2[];
  /** Confidence 0 to 1: at or above `highScore` it may start a track, down to `lowScore` it may only extend one. */
  score: number;
  /**
   * The track whose region was searched to find this (a landmark model run on that track's
   * region): if that track was seen on the last update, tried first for it, still subject to the
   * gate. (A lost track's guessed place may hold a neighbour: then only the costs decide.)
   */
  sourceTrackId?: number;
}

export interface ObjectTrackerOptions {
  /** Least score of an observation that matches in the first round and may start a new track. */
  highScore: number;
  /** Least score of an observation that may extend an existing track (second round); below it observations are ignored. */
  lowScore: number;
  /** Least IoU of the predicted box and an observation for them to be the same object. */
  minOverlap: number;
  /**
   * Most distance from the predicted place (mean keypoint distance, or box centres without
   * keypoints), in sizes of the track's box (its longer side), for them to be the same object.
   */
  maxKeypointDistance: number;
  /**
   * How fast the gate widens with the time since the track was last seen, in its sizes per second:
   * the longer since, the less its predicted place is worth (a Kalman filter's growing covariance,
   * as one number). One frame's worth lets a hand that outran its region be found again.
   */
  gateGrowth: number;
  /** How long a lost track waits to be re-attached at its predicted place, ms. */
  bufferMs: number;
  /** Frames a track must be seen on before it counts (confirmed). */
  confirmFrames: number;
  /** How long a confirmed track still counts after it was last seen, ms. */
  dropHoldMs: number;
  /**
   * Longest time a prediction runs on at the velocity for pairing, ms: an object gone for longer is
   * expected where it would be by then (extrapolating a reversing motion through a gap puts it far off).
   */
  maxPredictMs: number;
  /** Weight of the newest velocity measurement in the running estimate, 0 to 1 (1: the last step only). */
  velocityGain: number;
}

/** Values measured for hands (docs/pipeline.md, "Tracker"). */
export const HAND_TRACKER_DEFAULTS: ObjectTrackerOptions = {
  highScore: 0.5,
  lowScore: 0.2,
  minOverlap: 0.1,
  maxKeypointDistance: 0.5,
  gateGrowth: 15,
  bufferMs: 500,
  confirmFrames: 2,
  dropHoldMs: 300,
  velocityGain: 0.6,
  maxPredictMs: 100,
};

export interface TrackState {
  readonly id: number;
  /** Box of the last observation matched to it. */
  box: Box;
  keypoints: readonly Point2[] | undefined;
  /** Box centre velocity, pixels per ms. */
  velocity: Point2;
  /** When it was last matched and first seen, ms. */
  lastSeenMs: number;
  readonly firstSeenMs: number;
  /** Frames it was matched on. */
  hits: number;
}

export interface TrackerUpdate {
  /** Per observation, in input order: the track it now belongs to, or undefined (a low-score observation nobody claimed). */
  assignments: (number | undefined)[];
  /** Tracks whose buffer ran out with this update (they are gone; a new observation there gets a new ID). */
  expired: number[];
}

/** Where a live track is expected at some time. */
export interface Prediction {
  id: number;
  box: Box;
  keypoints: Point2[] | undefined;
  /** Offset from the last observed place (velocity × time, for at most maxPredictMs): where it is expected, for pairing. */
  shift: Point2;
  /**
   * Velocity × the whole time since it was seen: where it would be had it kept going, a second
   * place worth looking for it (a hand moving steadily while its detector misses it).
   */
  reach: Point2;
  /** Whether it was matched on the latest update (false: lost, waiting in the buffer). */
  seen: boolean;
  /** Time since it was last seen, ms. */
  sinceSeenMs: number;
}

const centre = (box: Box): Point2 => ({ x: box.xMin + box.width / 2, y: box.yMin + box.height / 2 });
const shifted = (box: Box, d: Point2): Box => ({ ...box, xMin: box.xMin + d.x, yMin: box.yMin + d.y });

/** Mean distance of corresponding points. */
function meanPointDistance(a: readonly Point2[], b: readonly Point2[]): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += Math.hypot(a[i]!.x - b[i]!.x, a[i]!.y - b[i]!.y);
  return sum / a.length;
}

export class ObjectTracker {
  private tracks: TrackState[] = [];
  private nextId = 1;
  private lastUpdateMs = -Infinity;

  constructor(readonly options: ObjectTrackerOptions) {}

  /** Live tracks (seen, or lost within the buffer), oldest first. */
  get live(): readonly TrackState[] {
    return this.tracks;
  }

  /** Where each live track should be at `timeMs`: its last place moved on at its velocity (oldest first). */
  predict(timeMs: number): Prediction[] {
    return this.tracks.map((t) => {
      const dt = timeMs - t.lastSeenMs;
      const ahead = Math.min(dt, this.options.maxPredictMs);
      const shift = { x: t.velocity.x * ahead, y: t.velocity.y * ahead };
      return {
        id: t.id,
        box: shifted(t.box, shift),
        keypoints: t.keypoints?.map((p) => ({ x: p.x + shift.x, y: p.y + shift.y })),
        shift,
        reach: { x: t.velocity.x * dt, y: t.velocity.y * dt },
        seen: t.lastSeenMs === this.lastUpdateMs,
        sinceSeenMs: dt,
      };
    });
  }

  /**
   * Matches one frame's observations to tracks and returns which track each belongs to. Round one:
   * observations at or above highScore against every live track; round two: the rest (down to
   * lowScore) against tracks still unmatched; then unmatched high-score observations start tracks.
   * Within a round, pairs inside the gate are taken nearest first (an observation from the region of
   * a track seen last time goes to that track first).
   */
  update(observations: readonly TrackedObservation[], timeMs: number): TrackerUpdate {
    const o = this.options;
    const predictions = new Map(this.predict(timeMs).map((p) => [p.id, p]));
    const assignments: (number | undefined)[] = observations.map(() => undefined);
    const matched = new Set<number>();
    const round = (eligible: (score: number) => boolean): void => {
      const pairs: { obs: number; track: TrackState; cost: number }[] = [];
      observations.forEach((obs, i) => {
        if (assignments[i] !== undefined || !eligible(obs.score)) return;
        for (const track of this.tracks) {
          if (matched.has(track.id)) continue;
          const cost = this.cost(obs, predictions.get(track.id)!);
          if (cost === undefined) continue;
          const own = obs.sourceTrackId === track.id && track.lastSeenMs === this.lastUpdateMs;
          pairs.push({ obs: i, track, cost: own ? cost - 2 : cost });
        }
      });
      pairs.sort((a, b) => a.cost - b.cost);
      for (const { obs, track } of pairs) {
        if (assignments[obs] !== undefined || matched.has(track.id)) continue;
        assignments[obs] = track.id;
        matched.add(track.id);
        this.attach(track, observations[obs]!, timeMs);
      }
    };
    round((s) => s >= o.highScore);
    round((s) => s >= o.lowScore);
    observations.forEach((obs, i) => {
      if (assignments[i] !== undefined || obs.score < o.highScore) return;
      const track: TrackState = {
        id: this.nextId++,
        box: obs.box,
        keypoints: obs.keypoints,
        velocity: { x: 0, y: 0 },
        lastSeenMs: timeMs,
        firstSeenMs: timeMs,
        hits: 1,
      };
      this.tracks.push(track);
      assignments[i] = track.id;
    });
    const expired = this.tracks.filter((t) => timeMs - t.lastSeenMs > o.bufferMs).map((t) => t.id);
    this.tracks = this.tracks.filter((t) => !expired.includes(t.id));
    this.lastUpdateMs = timeMs;
    return { assignments, expired };
  }

  /**
   * IDs of the tracks that count at `timeMs`: seen on at least confirmFrames frames and last seen no
   * longer than dropHoldMs ago, oldest first.
   */
  confirmed(timeMs: number): number[] {
    return this.tracks.filter((t) => t.hits >= this.options.confirmFrames && timeMs - t.lastSeenMs <= this.options.dropHoldMs).map((t) => t.id);
  }

  reset(): void {
    this.tracks = [];
    this.lastUpdateMs = -Infinity;
  }

  /**
   * Cost of pairing: the distance from the predicted place in track sizes (mean keypoint distance,
   * or box centres without keypoints), so a track seen a frame ago beats one lost for longer at the
   * same distance; undefined when the gate says they are different objects.
   */
  private cost(obs: TrackedObservation, predicted: Prediction): number | undefined {
    const o = this.options;
    const size = Math.max(predicted.box.width, predicted.box.height, 1e-6);
    const withKeypoints = obs.keypoints && predicted.keypoints && obs.keypoints.length === predicted.keypoints.length && obs.keypoints.length > 0;
    const distance =
      (withKeypoints
        ? meanPointDistance(obs.keypoints!, predicted.keypoints!)
        : Math.hypot(centre(obs.box).x - centre(predicted.box).x, centre(obs.box).y - centre(predicted.box).y)) / size;
    const gate = o.maxKeypointDistance + (o.gateGrowth * predicted.sinceSeenMs) / 1000;
    if (distance > gate && intersectionOverUnion(predicted.box, obs.box) < o.minOverlap) return undefined;
    return distance;
  }

  private attach(track: TrackState, obs: TrackedObservation, timeMs: number): void {
    const dt = timeMs - track.lastSeenMs;
    if (dt > 0) {
      const from = centre(track.box);
      const to = centre(obs.box);
      const g = track.hits === 1 ? 1 : this.options.velocityGain;
      track.velocity = {
        x: (1 - g) * track.velocity.x + (g * (to.x - from.x)) / dt,
        y: (1 - g) * track.velocity.y + (g * (to.y - from.y)) / dt,
      };
    }
    track.box = obs.box;
    track.keypoints = obs.keypoints;
    track.lastSeenMs = timeMs;
    track.hits++;
  }
}
