// The recent past of every tracked person, as the body-based recognisers read it: per frame the
// body points they need (torso size and axis, the arms' ends), so motion such as a handshake's
// pumping is visible and sizes can be judged against a steady torso length rather than one frame's.
import type { PersonObservation } from '../types.js';
import { unit2, type Vec2 } from './hand-geometry.js';

/** MediaPipe Pose landmark indices the gesture layer reads. */
export const POSE = { leftShoulder: 11, rightShoulder: 12, leftHip: 23, rightHip: 24 } as const;

/** What is kept of one person in one frame. */
export interface PersonSample {
  timestampMs: number;
  person: PersonObservation;
  /** Mid-hip to mid-shoulder distance, pixels: the body's yardstick, which survives a side-on view. */
  torso: number;
  /** Middle of the hips. */
  hip: Vec2;
  /** Unit vector mid-hip → mid-shoulder (the body's up, whatever the camera's roll). */
  up: Vec2;
  /** Middle of the torso (halfway between mid-hip and mid-shoulder). */
  centre: Vec2;
}

export interface PersonTrack {
  trackId: number;
  /** Oldest first, covering at most the history's keepMs. */
  samples: PersonSample[];
  /** Seen in the latest frame. */
  visible: boolean;
}

const mid = (a: Vec2, b: Vec2): Vec2 => ({ x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 });

export function personSample(person: PersonObservation): PersonSample {
  const lm = person.landmarks;
  const shoulder = mid(lm[POSE.leftShoulder]!, lm[POSE.rightShoulder]!);
  const hip = mid(lm[POSE.leftHip]!, lm[POSE.rightHip]!);
  return {
    timestampMs: person.timestampMs,
    person,
    torso: Math.max(Math.hypot(shoulder.x - hip.x, shoulder.y - hip.y), 1e-6),
    hip,
    up: unit2(hip, shoulder),
    centre: mid(shoulder, hip),
  };
}

export function latest(track: PersonTrack): PersonSample {
  return track.samples[track.samples.length - 1]!;
}

/**
 * The person's torso length over the last windowMs (median, pixels): one frame's value jumps when
 * the pose model misplaces a hip, and bending forward to reach shortens it for a moment.
 */
export function steadyTorso(track: PersonTrack, nowMs: number, windowMs: number): number {
  const values = track.samples.filter((s) => s.timestampMs >= nowMs - windowMs).map((s) => s.torso);
  if (values.length === 0) return latest(track).torso;
  values.sort((a, b) => a - b);
  return values[values.length >> 1]!;
}

export class PeopleHistory {
  private readonly byId = new Map<number, PersonTrack>();

  /** keepMs: how much of each person's past is kept; a person unseen for longer is forgotten. */
  constructor(private readonly keepMs = 3000) {}

  /** Adds one frame's people. Frames must come in timestamp order. */
  update(people: readonly PersonObservation[], timestampMs: number): void {
    for (const track of this.byId.values()) track.visible = false;
    for (const person of people) {
      let track = this.byId.get(person.trackId);
      if (!track) {
        track = { trackId: person.trackId, samples: [], visible: true };
        this.byId.set(person.trackId, track);
      }
      track.samples.push(personSample(person));
      track.visible = true;
    }
    for (const [id, track] of this.byId) {
      const cutoff = timestampMs - this.keepMs;
      let drop = 0;
      while (drop < track.samples.length && track.samples[drop]!.timestampMs < cutoff) drop++;
      if (drop === track.samples.length) this.byId.delete(id);
      else if (drop) track.samples.splice(0, drop);
    }
  }

  /** People seen in the latest frame. */
  visible(): PersonTrack[] {
    return [...this.byId.values()].filter((t) => t.visible);
  }

  reset(): void {
    this.byId.clear();
  }
}
