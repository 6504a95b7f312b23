// The recent past of every tracked hand: what recognisers read instead of a single frame, so
// motion (waves, pumping) is visible and a hand hidden for a moment (a clasp) is still known.
import type { Handedness, HandObservation, HandsResult } from '../types.js';
import { handGeometry, handScale, palmCentre, type Vec2 } from './hand-geometry.js';
import { poseScoresOf, type PoseScores } from './poses.js';

/** What is kept of one observation. */
export interface HandSample {
  timestampMs: number;
  observation: HandObservation;
  /** Palm centre, image pixels. */
  centre: Vec2;
  /** Hand size in pixels (see handScale). */
  scale: number;
  /** Unit direction wrist → middle-finger base. */
  direction: Vec2;
  poses: PoseScores;
}

export interface TrackHistory {
  /** The hand's current track ID. */
  trackId: number;
  /**
   * Every track ID this hand has had, oldest first: the tracker sometimes loses a fast-moving hand
   * for a frame or two and finds it again under a new ID, and the history joins the two.
   */
  ids: number[];
  /** Oldest first, covering at most the history's keepMs. */
  samples: HandSample[];
  firstSeenMs: number;
  lastSeenMs: number;
  /** Seen in the latest frame. */
  visible: boolean;
  /** Sum of +score for Right and −score for Left over the track's life: labels flicker, the sum does not. */
  handednessVote: number;
}

export interface HistoryOptions {
  /** How much of each track's past is kept, ms. */
  keepMs: number;
  /** A track not seen for this long is forgotten, ms. */
  forgetMs: number;
  /** A new track continues a lost one that vanished at most this long ago... */
  joinGapMs: number;
  /** ...within this many hand sizes of where it was last seen (or would be at its last velocity)... */
  joinDistance: number;
  /** ...plus this many hand sizes per second of the gap: a fast sweep blurs the hand away for a few frames. */
  joinSpeed: number;
}

export const defaultHistoryOptions: HistoryOptions = { keepMs: 6000, forgetMs: 8000, joinGapMs: 400, joinDistance: 2.5, joinSpeed: 12 };

export function lastSample(track: TrackHistory): HandSample {
  return track.samples[track.samples.length - 1]!;
}

/** The track's handedness by majority over its life. */
export function trackHandedness(track: TrackHistory): Handedness {
  return track.handednessVote >= 0 ? 'Right' : 'Left';
}

/** Samples of a track taken at or after sinceMs. */
export function samplesSince(track: TrackHistory, sinceMs: number): HandSample[] {
  const s = track.samples;
  let i = s.length;
  while (i > 0 && s[i - 1]!.timestampMs >= sinceMs) i--;
  return s.slice(i);
}

export function sampleOf(observation: HandObservation): HandSample {
  const lm = observation.landmarks;
  const geometry = handGeometry(lm);
  return {
    timestampMs: observation.timestampMs,
    observation,
    centre: palmCentre(lm),
    scale: handScale(lm),
    direction: geometry.handDirection,
    poses: poseScoresOf(geometry),
  };
}

export class HandHistory {
  private readonly byId = new Map<number, TrackHistory>();
  private latestMs = -Infinity;
  /** The latest frame's size, pixels: trajectory features divide by it. */
  imageSize = { width: 1, height: 1 };

  constructor(private readonly options: HistoryOptions = defaultHistoryOptions) {}

  /** Adds one frame's hands. Frames must come in timestamp order. */
  update(result: HandsResult): void {
    this.latestMs = result.timestampMs;
    this.imageSize = result.imageSize;
    for (const track of this.byId.values()) track.visible = false;
    for (const hand of result.hands) {
      if (hand.landmarks.length !== 21) continue;
      const sample = sampleOf(hand);
      let track = this.byId.get(hand.trackId) ?? this.join(hand.trackId, sample, result.timestampMs);
      if (!track) {
        track = {
          trackId: hand.trackId,
          ids: [hand.trackId],
          samples: [],
          firstSeenMs: result.timestampMs,
          lastSeenMs: result.timestampMs,
          visible: true,
          handednessVote: 0,
        };
        this.byId.set(hand.trackId, track);
      }
      track.samples.push(sample);
      track.lastSeenMs = result.timestampMs;
      track.visible = true;
      track.handednessVote += (hand.handedness === 'Right' ? 1 : -1) * hand.handednessScore;
    }
    for (const [id, track] of this.byId) {
      if (result.timestampMs - track.lastSeenMs > this.options.forgetMs) {
        this.byId.delete(id);
        continue;
      }
      const cutoff = result.timestampMs - this.options.keepMs;
      let drop = 0;
      // Always keep the last sample: a hidden hand's last position is what a clasp is judged by.
      while (drop < track.samples.length - 1 && track.samples[drop]!.timestampMs < cutoff) drop++;
      if (drop) track.samples.splice(0, drop);
    }
  }

  /** The lost track a new track ID most likely continues (then re-keyed to the new ID), if any. */
  private join(trackId: number, sample: HandSample, nowMs: number): TrackHistory | undefined {
    let best: TrackHistory | undefined;
    let bestDistance = Infinity;
    for (const track of this.byId.values()) {
      if (track.visible || track.lastSeenMs >= nowMs || nowMs - track.lastSeenMs > this.options.joinGapMs) continue;
      const last = lastSample(track);
      const ratio = sample.scale / last.scale;
      if (ratio < 0.6 || ratio > 1.6) continue;
      // Measured from where the hand would be now had it kept its last velocity (fast sweeps lose tracks).
      const before = track.samples[track.samples.length - 2];
      const dt = before ? (nowMs - last.timestampMs) / Math.max(last.timestampMs - before.timestampMs, 1) : 0;
      const x = before ? last.centre.x + (last.centre.x - before.centre.x) * dt : last.centre.x;
      const y = before ? last.centre.y + (last.centre.y - before.centre.y) * dt : last.centre.y;
      const distance =
        Math.min(Math.hypot(sample.centre.x - x, sample.centre.y - y), Math.hypot(sample.centre.x - last.centre.x, sample.centre.y - last.centre.y)) /
        last.scale;
      const reach = this.options.joinDistance + (this.options.joinSpeed * (nowMs - last.timestampMs)) / 1000;
      if (distance <= reach && distance < bestDistance) {
        best = track;
        bestDistance = distance;
      }
    }
    if (best) {
      this.byId.delete(best.trackId);
      best.trackId = trackId;
      best.ids.push(trackId);
      this.byId.set(trackId, best);
    }
    return best;
  }

  /** Time of the latest frame. */
  get nowMs(): number {
    return this.latestMs;
  }

  /** Every remembered track, visible or not. */
  tracks(): TrackHistory[] {
    return [...this.byId.values()];
  }

  visibleTracks(): TrackHistory[] {
    return this.tracks().filter((t) => t.visible);
  }

  reset(): void {
    this.byId.clear();
    this.latestMs = -Infinity;
  }
}
