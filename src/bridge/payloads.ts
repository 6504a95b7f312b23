// JSON bodies of the state, event and stats messages (documented in docs/daemon.md).
import type { GestureEvent } from '../types.js';

/** A gesture occurrence in progress (no score: the retained state changes only when this set does). */
export interface ActiveGesture {
  id: string;
  label: string;
  hands: number[];
  /** Person track IDs, for a gesture between people (a handshake). */
  people?: number[];
}

export interface StatePayload {
  /** Hands in view now. */
  hands: number;
  /** Track IDs of those hands. */
  track_ids: number[];
  /** People in view now (0 when the people layer is off). */
  persons: number;
  /** Track IDs of those people. */
  person_ids: number[];
  active: ActiveGesture[];
  /** Whether a handshake is in progress (the Home Assistant binary sensor). */
  handshake: boolean;
  /** Person track IDs of the people shaking hands now (the binary sensor's `people` attribute). */
  handshake_people: number[];
  /** Source state: running, reconnecting, ended. */
  source: string;
}

export interface EventPayload {
  id: string;
  label: string;
  phase: GestureEvent['phase'];
  /** `<label>_<phase>`: the Home Assistant event type. */
  event_type: string;
  score: number;
  duration_ms: number | null;
  hands: number[];
  /** Person track IDs involved (empty for a gesture of hands alone). */
  people: number[];
  /** Wall-clock time of the event, ms since the epoch. */
  timestamp: number;
  /** Wall-clock time the frame that caused it was captured (glass time), ms since the epoch. */
  captured_at: number;
}

export function statePayload(trackIds: number[], active: ActiveGesture[], source: string, personIds: number[] = []): StatePayload {
  return {
    hands: trackIds.length,
    track_ids: trackIds,
    persons: personIds.length,
    person_ids: personIds,
    active,
    handshake: active.some((g) => g.label === 'handshake'),
    handshake_people: [...new Set(active.filter((g) => g.label === 'handshake').flatMap((g) => g.people ?? []))].sort((a, b) => a - b),
    source,
  };
}

/** Converts the monotonic clock of this process (performance.now()) to epoch milliseconds. */
export function monotonicToEpochMs(monotonicMs: number): number {
  return Math.round(performance.timeOrigin + monotonicMs);
}

export function eventPayload(event: GestureEvent): EventPayload {
  return {
    id: event.id,
    label: event.label,
    phase: event.phase,
    event_type: `${event.label}_${event.phase}`,
    score: Math.round(event.peakScore * 1000) / 1000,
    duration_ms: event.durationMs === undefined ? null : Math.round(event.durationMs),
    hands: event.hands,
    people: event.people ?? [],
    timestamp: event.timestamp,
    captured_at: monotonicToEpochMs(event.frameTimestampMs),
  };
}
