// From per-frame scores to start/end events for one gesture label: hysteresis (enter above one
// threshold, stay while above a lower one), a minimum duration before a start is announced, a
// release time that bridges short dips, and a cooldown after an end. Occurrences are told apart by
// their people when they have them (a candidate continues the occurrence between the same two
// people), otherwise by their hands (a candidate continues the occurrence it shares a hand with).
import { randomUUID } from 'node:crypto';
import type { GestureEvent } from '../types.js';
import type { ActiveGesture, GestureCandidate } from './types.js';

export interface EventOptions {
  /** A score at or above this starts an occurrence. */
  enter: number;
  /** An occurrence goes on while its score stays at or above this (≤ enter). */
  exit: number;
  /** The score must hold this long before the start event is sent, ms. */
  minDurationMs: number;
  /** Dips below exit shorter than this do not end an occurrence, ms. */
  releaseMs: number;
  /** After an end, the same hands cannot start this gesture again for this long, ms. */
  cooldownMs: number;
}

interface Occurrence {
  id: string | null;
  hands: number[];
  people?: number[];
  runStartMs: number;
  lastAboveMs: number;
  score: number;
  peakScore: number;
}

export interface EventTrackerDeps {
  /** Wall clock for GestureEvent.timestamp. */
  now: () => number;
  newId: () => string;
}

const defaultDeps: EventTrackerDeps = { now: Date.now, newId: randomUUID };

export interface FrameEvents {
  events: GestureEvent[];
  active: ActiveGesture[];
}

type Members = { hands: readonly number[]; people?: readonly number[] };

/** Whether a candidate is the same occurrence: the same people, or (without people) a shared hand. */
function same(a: Members, b: Members): boolean {
  if (a.people && b.people) return a.people.length === b.people.length && a.people.every((p) => b.people!.includes(p));
  return a.hands.some((h) => b.hands.includes(h));
}

export class GestureEventTracker {
  private occurrences: Occurrence[] = [];
  private cooling: (Members & { untilMs: number })[] = [];

  /** Score below which an occurrence is over. */
  get exit(): number {
    return this.options.exit;
  }

  constructor(
    readonly label: string,
    private readonly options: EventOptions,
    private readonly deps: EventTrackerDeps = defaultDeps,
  ) {}

  update(timestampMs: number, candidates: readonly GestureCandidate[]): FrameEvents {
    const events: GestureEvent[] = [];
    const { enter, exit, minDurationMs, releaseMs, cooldownMs } = this.options;
    this.cooling = this.cooling.filter((c) => c.untilMs > timestampMs);

    const unmatched = [...candidates].sort((a, b) => b.score - a.score);
    for (const occurrence of this.occurrences) {
      const i = unmatched.findIndex((c) => same(c, occurrence));
      const candidate = i >= 0 ? unmatched.splice(i, 1)[0]! : null;
      occurrence.score = candidate?.score ?? 0;
      if (candidate) occurrence.hands = [...new Set([...occurrence.hands, ...candidate.hands])].sort((a, b) => a - b);
      if (occurrence.score >= exit) {
        occurrence.lastAboveMs = timestampMs;
        occurrence.peakScore = Math.max(occurrence.peakScore, occurrence.score);
      }
    }
    for (const candidate of unmatched) {
      if (candidate.score < enter) continue;
      if (this.cooling.some((c) => same(c, candidate))) continue;
      this.occurrences.push({
        id: null,
        hands: [...candidate.hands].sort((a, b) => a - b),
        ...(candidate.people && { people: [...candidate.people].sort((a, b) => a - b) }),
        runStartMs: timestampMs,
        lastAboveMs: timestampMs,
        score: candidate.score,
        peakScore: candidate.score,
      });
    }

    const kept: Occurrence[] = [];
    for (const o of this.occurrences) {
      const released = timestampMs - o.lastAboveMs >= releaseMs;
      if (o.id === null) {
        if (released) continue;
        if (o.lastAboveMs - o.runStartMs >= minDurationMs) {
          o.id = this.deps.newId();
          events.push(this.event(o, 'start', timestampMs));
        }
        kept.push(o);
      } else if (released) {
        events.push(this.event(o, 'end', timestampMs));
        this.cooling.push({ hands: o.hands, people: o.people, untilMs: timestampMs + cooldownMs });
      } else {
        kept.push(o);
      }
    }
    this.occurrences = kept;
    return { events, active: this.active() };
  }

  /** Ends every started occurrence now (end of input, shutdown) and forgets the rest. */
  finish(timestampMs: number): GestureEvent[] {
    const events = this.occurrences.filter((o) => o.id !== null).map((o) => this.event(o, 'end', timestampMs));
    this.occurrences = [];
    this.cooling = [];
    return events;
  }

  active(): ActiveGesture[] {
    return this.occurrences
      .filter((o) => o.id !== null)
      .map((o) => ({
        id: o.id!,
        label: this.label,
        hands: o.hands,
        ...(o.people && { people: o.people }),
        startedAtMs: o.runStartMs,
        score: o.score,
        peakScore: o.peakScore,
      }));
  }

  private event(o: Occurrence, phase: 'start' | 'end', frameTimestampMs: number): GestureEvent {
    const event: GestureEvent = {
      id: o.id!,
      label: this.label,
      phase,
      timestamp: this.deps.now(),
      frameTimestampMs,
      peakScore: o.peakScore,
      hands: [...o.hands],
    };
    if (o.people) event.people = [...o.people];
    // The gesture lasted from its first frame above enter to its last frame above exit.
    if (phase === 'end') event.durationMs = o.lastAboveMs - o.runStartMs;
    return event;
  }
}
