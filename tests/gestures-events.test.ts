// Event logic (hysteresis, minimum duration, release, cooldown, IDs) on hand-made score sequences,
// and the gestures config section: defaults, validation, clear errors.
import { describe, expect, it } from 'vitest';
import { BUILT_IN_GESTURES, gestureDefaults, parseGesturesConfig } from '../src/gestures/config.js';
import { buildGestureEngine } from '../src/gestures/engine.js';
import { GestureEventTracker, type EventOptions } from '../src/gestures/events.js';
import { gestureEvents } from '../src/gestures/stream.js';
import { SHAPES } from './support/kinematics.js';
import { waving } from './support/gesture-scenarios.js';
import type { GestureEvent, HandsResult } from '../src/types.js';
import { UserError } from '../src/util/errors.js';

const options: EventOptions = { enter: 0.7, exit: 0.4, minDurationMs: 200, releaseMs: 100, cooldownMs: 1000 };

function tracker(opts: EventOptions = options): GestureEventTracker {
  let n = 0;
  return new GestureEventTracker('test', opts, { now: () => 1_700_000_000_000, newId: () => `id${++n}` });
}

/** Feeds one score per 33 ms frame for hand 1 (null: the hand is not there); returns all events. */
function feed(t: GestureEventTracker, scores: (number | null)[], startMs = 0): GestureEvent[] {
  return scores.flatMap((s, i) => t.update(startMs + i * 33, s === null ? [] : [{ hands: [1], score: s }]).events);
}

const repeat = (value: number | null, frames: number): (number | null)[] => new Array(frames).fill(value);

describe('gesture event logic', () => {
  it('starts once after the minimum duration and ends once, with one ID, duration and peak score', () => {
    const t = tracker();
    const events = feed(t, [...repeat(0.1, 5), 0.8, 0.9, ...repeat(0.75, 10), ...repeat(0.1, 10)]);
    expect(events.map((e) => e.phase)).toEqual(['start', 'end']);
    const [start, end] = events as [GestureEvent, GestureEvent];
    expect(start.id).toBe(end.id);
    expect(start.frameTimestampMs).toBe(5 * 33 + 7 * 33); // first frame at least 200 ms after the rise
    expect(end.durationMs).toBe(11 * 33); // first to last frame above exit
    expect(end.peakScore).toBe(0.9);
    expect(end.hands).toEqual([1]);
    expect(end.label).toBe('test');
    expect(end.timestamp).toBe(1_700_000_000_000);
  });

  it('tells occurrences between people apart by their people, whatever hands they show', () => {
    const t = tracker();
    const events: GestureEvent[] = [];
    // People 1 and 2 with no hand seen, then their clasp seen as hand 9: one occurrence. People 3 and 4 meanwhile: another.
    for (let i = 0; i < 20; i++) {
      const pair12 = { hands: i < 10 ? [] : [9], people: [2, 1], score: 0.9 };
      events.push(...t.update(i * 33, [pair12, { hands: [], people: [3, 4], score: 0.8 }]).events);
    }
    for (let i = 20; i < 30; i++) events.push(...t.update(i * 33, []).events);
    expect(events.map((e) => `${e.phase} ${e.people}`)).toEqual(['start 1,2', 'start 3,4', 'end 1,2', 'end 3,4']);
    expect(events[2]!.hands).toEqual([9]);
    // Cooldown holds for the same two people only: 1 and 3 may start at once.
    const again = [];
    for (let i = 30; i < 45; i++)
      again.push(
        ...t.update(i * 33, [
          { hands: [], people: [1, 2], score: 0.9 },
          { hands: [], people: [1, 3], score: 0.9 },
        ]).events,
      );
    expect(again.map((e) => `${e.phase} ${e.people}`)).toEqual(['start 1,3']);
  });

  it('does not start on a blip shorter than the minimum duration', () => {
    expect(feed(tracker(), [0.1, 0.9, 0.9, 0.9, 0.1, 0.1, 0.1, 0.1, 0.1])).toEqual([]);
  });

  it('stays on between enter and exit (hysteresis) and bridges dips shorter than releaseMs', () => {
    const events = feed(tracker(), [...repeat(0.8, 10), ...repeat(0.5, 10), 0.2, 0.2, ...repeat(0.5, 10), ...repeat(0, 6)]);
    expect(events.map((e) => e.phase)).toEqual(['start', 'end']);
    expect(events[1]!.durationMs).toBe(31 * 33);
  });

  it('does not start from a score between exit and enter', () => {
    expect(feed(tracker(), repeat(0.6, 30))).toEqual([]);
  });

  it('ends when the hand disappears and holds off the same hand for the cooldown', () => {
    const t = tracker();
    const first = feed(t, [...repeat(0.9, 10), ...repeat(null, 5)]);
    expect(first.map((e) => e.phase)).toEqual(['start', 'end']);
    // Back within the cooldown: nothing; after it: a new occurrence with a new ID.
    expect(feed(t, repeat(0.9, 20), 15 * 33)).toEqual([]);
    const later = feed(t, [...repeat(0.9, 10), ...repeat(0, 5)], 2000);
    expect(later.map((e) => e.phase)).toEqual(['start', 'end']);
    expect(later[0]!.id).not.toBe(first[0]!.id);
  });

  it('keeps occurrences of different hands apart', () => {
    const t = tracker();
    const events: GestureEvent[] = [];
    for (let i = 0; i < 20; i++) {
      const candidates = [{ hands: [1], score: 0.9 }, ...(i >= 5 ? [{ hands: [2], score: 0.9 }] : [])];
      events.push(...t.update(i * 33, i < 15 ? candidates : []).events);
    }
    expect(events.filter((e) => e.phase === 'start').map((e) => e.hands)).toEqual([[1], [2]]);
    expect(new Set(events.map((e) => e.id)).size).toBe(2);
    expect(t.active()).toEqual([]);
  });

  it('finish() ends what is under way', () => {
    const t = tracker();
    feed(t, repeat(0.9, 10));
    expect(t.active()).toHaveLength(1);
    const ends = t.finish(1000);
    expect(ends.map((e) => [e.phase, e.frameTimestampMs])).toEqual([['end', 1000]]);
    expect(t.active()).toEqual([]);
  });
});

describe('gestures config section', () => {
  it('enables every built-in gesture with the documented defaults', () => {
    const config = parseGesturesConfig({});
    for (const g of BUILT_IN_GESTURES) expect(config[g]).toEqual(gestureDefaults[g]);
    expect(config.models).toEqual([]);
    expect(buildGestureEngine(config).labels).toEqual([...BUILT_IN_GESTURES]);
  });

  it('merges per-gesture overrides over the defaults and leaves disabled gestures out', () => {
    const config = parseGesturesConfig({ handshake: { enter: 0.8 }, thumbs_down: { enabled: false } });
    expect(config.handshake).toEqual({ ...gestureDefaults.handshake, enter: 0.8 });
    expect(buildGestureEngine(config).labels).not.toContain('thumbs_down');
  });

  it('rejects an unknown gesture name, naming it', () => {
    expect(() => parseGesturesConfig({ handshak: {} })).toThrow(UserError);
    expect(() => parseGesturesConfig({ handshak: {} })).toThrow(/unknown gesture "handshak"/);
  });

  it('rejects exit above enter and unknown keys inside a gesture, saying where', () => {
    expect(() => parseGesturesConfig({ wave: { enter: 0.5, exit: 0.6 } })).toThrow(/gestures\.wave: exit \(0\.6\) must not be above enter \(0\.5\)/);
    expect(() => parseGesturesConfig({ wave: { enterr: 0.5 } })).toThrow(/gestures\.wave.*enterr/);
  });
});

describe('gesture events over files (detect --gestures)', () => {
  it('ends what is under way at the end of each file and starts afresh for the next', async () => {
    // SYNTHETIC: an open palm held still for 2 s in each of two "files".
    const still = waving({ hz: 1, sweep: 0, axis: 'x', shape: SHAPES.open, durationMs: 2000, seed: 1 });
    async function* frames() {
      for (const source of ['a.mp4', 'b.mp4']) for (const result of still) yield { source, result };
    }
    const out: { source: string; phase: string; label: string }[] = [];
    for await (const { source, event } of gestureEvents(frames(), buildGestureEngine(parseGesturesConfig({}))))
      out.push({ source, phase: event.phase, label: event.label });
    expect(out).toEqual([
      { source: 'a.mp4', phase: 'start', label: 'open_palm' },
      { source: 'a.mp4', phase: 'end', label: 'open_palm' },
      { source: 'b.mp4', phase: 'start', label: 'open_palm' },
      { source: 'b.mp4', phase: 'end', label: 'open_palm' },
    ]);
  });
});

describe('static poses need hands large enough to show their fingers', () => {
  // SYNTHETIC: an open palm held still for 2 s, as drawn, and shrunk about the image origin to a
  // hand of a few pixels (what the body path finds at doorway distance).
  const still = waving({ hz: 1, sweep: 0, axis: 'x', shape: SHAPES.open, durationMs: 2000, seed: 1 });
  const shrunk = (result: HandsResult, k: number): HandsResult => ({
    ...result,
    hands: result.hands.map((h) => ({
      ...h,
      landmarks: h.landmarks.map((p) => ({ x: p.x * k, y: p.y * k, z: p.z * k })),
      box: { xMin: h.box.xMin * k, yMin: h.box.yMin * k, width: h.box.width * k, height: h.box.height * k },
    })),
  });
  const labels = async (frames: HandsResult[], config = {}) => {
    const engine = buildGestureEngine(parseGesturesConfig(config));
    const out: string[] = [];
    for (const frame of frames) out.push(...(await engine.process(frame)).events.filter((e) => e.phase === 'start').map((e) => e.label));
    return out;
  };
  const side = Math.max(still[0]!.hands[0]!.box.width, still[0]!.hands[0]!.box.height);

  it('judges a hand at least gestures.poseMinHandPx (32) large, and not a smaller one', async () => {
    expect(await labels(still)).toEqual(['open_palm']);
    const k = 20 / side;
    expect(await labels(still.map((r) => shrunk(r, k)))).toEqual([]);
    expect(
      await labels(
        still.map((r) => shrunk(r, k)),
        { poseMinHandPx: 0 },
      ),
    ).toEqual(['open_palm']);
  });
});
