// Handshake events on a clip's cached frames, judged against its contact window: exactly one start,
// inside the window widened by 1 s, on a handshake clip; none on any other clip.
import { BUILT_IN_GESTURES, parseGesturesConfig } from '../../src/gestures/config.js';
import { buildGestureEngine } from '../../src/gestures/engine.js';
import type { EventOptions } from '../../src/gestures/events.js';
import { handshakeRecogniser } from '../../src/gestures/handshake.js';
import { HandHistory } from '../../src/gestures/history.js';
import { PeopleHistory } from '../../src/gestures/people-history.js';
import type { HandsResult } from '../../src/types.js';
import type { Clip } from './clips.js';

/** How far outside the contact window a start may fall and still count, seconds (the goal). */
export const WINDOW_SLACK_S = 1;

export interface ClipOutcome {
  clip: Clip;
  /** Start times of the handshake events, seconds from the first frame. */
  starts: number[];
  /** The people the first start named. */
  people: number[] | undefined;
  /** Exactly one start inside the widened window (handshake clips), no start (others). */
  right: boolean;
  /** First start minus first contact, seconds (handshake clips with a start). */
  latency: number | null;
}

/** The clip's frames as the pipeline would have given them without the people layer's bodies (the hands-only rules then decide). */
export function withoutPeople(frames: readonly HandsResult[]): HandsResult[] {
  return frames.map((f) => ({ ...f, people: [], hands: f.hands.map(({ personId: _, ...hand }) => hand) }));
}

/** The engine with only the handshake on, with these event options. */
function handshakeEngine(options: Partial<EventOptions>) {
  const off = Object.fromEntries(BUILT_IN_GESTURES.filter((g) => g !== 'handshake').map((g) => [g, { enabled: false }]));
  return buildGestureEngine(parseGesturesConfig({ ...off, handshake: options }));
}

export async function evaluateClip(clip: Clip, frames: readonly HandsResult[], options: Partial<EventOptions> = {}): Promise<ClipOutcome> {
  const engine = handshakeEngine(options);
  const starts: number[] = [];
  let people: number[] | undefined;
  for (const frame of frames) {
    for (const event of (await engine.process(frame)).events) {
      if (event.phase !== 'start') continue;
      starts.push(event.frameTimestampMs / 1000);
      people ??= event.people;
    }
  }
  const contact = clip.contact;
  const right = contact ? starts.length === 1 && starts[0]! >= contact.from - WINDOW_SLACK_S && starts[0]! <= contact.to + WINDOW_SLACK_S : starts.length === 0;
  return { clip, starts, people, right, latency: contact && starts.length ? starts[0]! - contact.from : null };
}

/** The best handshake candidate's score per frame (what the event logic sees), 0..1. */
export function scoreTrace(frames: readonly HandsResult[]): { t: number; score: number }[] {
  const hands = new HandHistory();
  const people = new PeopleHistory();
  return frames.map((frame) => {
    hands.update(frame);
    people.update(frame.people, frame.timestampMs);
    const candidates = handshakeRecogniser.score(hands, frame.timestampMs, people);
    return { t: frame.timestampMs / 1000, score: Math.max(0, ...candidates.map((c) => c.score)) };
  });
}

/**
 * The trace as one character per quarter second (the highest score in it, 0-9, '.' below 0.05),
 * with the contact window in brackets: easy to read beside the events.
 */
export function traceLine(trace: readonly { t: number; score: number }[], contact: Clip['contact']): string {
  const end = trace.length ? trace[trace.length - 1]!.t : 0;
  let line = '';
  for (let bin = 0; bin * 0.25 <= end; bin++) {
    const t0 = bin * 0.25;
    if (contact && Math.abs(t0 - contact.from) < 0.125) line += '[';
    const best = Math.max(0, ...trace.filter((p) => p.t >= t0 && p.t < t0 + 0.25).map((p) => p.score));
    line += best < 0.05 ? '.' : String(Math.min(9, Math.floor(best * 10)));
    if (contact && Math.abs(t0 + 0.25 - contact.to) < 0.125) line += ']';
  }
  return line;
}
