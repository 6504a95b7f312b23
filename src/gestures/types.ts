// What a recogniser is and what the engine reports while gestures are under way.
import type { HandHistory } from './history.js';
import type { PeopleHistory } from './people-history.js';

/**
 * Which hands a recogniser looks at: one hand, two hands of one person (e.g. a Left and a Right
 * hand side by side), two hands of two different people (a handshake), or any two hands (a trained
 * two-hand model, which does not say whose).
 */
export type HandsNeeded = 'one-hand' | 'two-hands-one-person' | 'two-people' | 'any-two-hands';

/** One possible occurrence in one frame: the hands it involves and how sure the recogniser is (0..1). */
export interface GestureCandidate {
  hands: number[];
  /** Person track IDs, for a gesture between people (a handshake seen from the bodies). */
  people?: number[];
  score: number;
}

/** Turns the hand history into per-frame scores. Must be cheap: it runs on every frame. */
export interface Recogniser {
  /** The gesture label on events, e.g. "handshake". */
  readonly name: string;
  readonly hands: HandsNeeded;
  score(history: HandHistory, timestampMs: number, people: PeopleHistory): GestureCandidate[];
}

/** A gesture that has started and not yet ended. */
export interface ActiveGesture {
  /** The ID its start event carried (and its end event will carry). */
  id: string;
  label: string;
  hands: number[];
  /** Person track IDs, for a gesture between people. */
  people?: number[];
  /** Frame time the occurrence began (its first frame above the enter threshold). */
  startedAtMs: number;
  /** Score in the latest frame. */
  score: number;
  peakScore: number;
}
