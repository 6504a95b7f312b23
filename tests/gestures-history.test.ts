// The pieces under wave and handshake: turning points and reversal counting of a 1-D signal, and the
// hand history joining a track the tracker lost and re-found under a new ID.
import { describe, expect, it } from 'vitest';
import { HandHistory, lastSample } from '../src/gestures/history.js';
import { countReversals, turningPoints, type TimedValue } from '../src/gestures/oscillation.js';
import type { HandsResult } from '../src/types.js';
import { SCENE_SIZE, SHAPES, handLandmarks, observation } from './support/kinematics.js';

const sine = (hz: number, amplitude: number, ms: number, fps = 30): TimedValue[] =>
  Array.from({ length: Math.floor((ms * fps) / 1000) }, (_, i) => {
    const t = (i * 1000) / fps;
    return { t, v: amplitude * Math.sin(2 * Math.PI * hz * (t / 1000)) };
  });

describe('oscillation', () => {
  it('finds the extremes of a swing and ignores jitter inside the dead band', () => {
    const jitter = [0, 1, -1, 2, 0, 10, 20, 30, 29, 31, 20, 10, 0, 1].map((v, i) => ({ t: i * 100, v }));
    expect(turningPoints(jitter, 5).map((p) => p.v)).toEqual([-1, 31, 0]);
    expect(turningPoints(jitter, 40)).toHaveLength(1);
  });

  it('counts reversals inside the swing-time band only, and none once the signal is still', () => {
    expect(countReversals(sine(2, 10, 2000), 5, 90, 800)).toBeGreaterThanOrEqual(6);
    // 0.2 Hz: swings of 2.5 s, beyond the band.
    expect(countReversals(sine(0.2, 10, 10_000), 5, 90, 800)).toBe(0);
    // Amplitude under the dead band.
    expect(countReversals(sine(2, 2, 2000), 5, 90, 800)).toBe(0);
    // Waving, then still for a second: over.
    const stopped = [...sine(2, 10, 2000), ...Array.from({ length: 30 }, (_, i) => ({ t: 2000 + i * 33, v: 0 }))];
    expect(countReversals(stopped, 5, 90, 800, 600)).toBe(0);
  });
});

/** One frame with one right open hand of 60 px (wrist at x, y). */
function frame(t: number, hands: { id: number; x: number; y: number }[]): HandsResult {
  return {
    frameIndex: Math.round(t / 33),
    timestampMs: t,
    imageSize: SCENE_SIZE,
    hands: hands.map((h) => observation(h.id, t, handLandmarks(SHAPES.open, { x: h.x, y: h.y, size: 60, roll: 0, twist: 0, handedness: 'Right' }), 'Right')),
    people: [],
    detectionRan: false,
    timings: {},
  };
}

describe('hand history', () => {
  it('joins a track re-found under a new ID near where it was lost, moving fast', () => {
    const history = new HandHistory();
    for (let i = 0; i < 10; i++) history.update(frame(i * 33, [{ id: 1, x: 100 + 20 * i, y: 300 }]));
    history.update(frame(330, []));
    history.update(frame(363, []));
    // Lost for two frames while moving 20 px a frame; found 160 px on under ID 2.
    history.update(frame(396, [{ id: 2, x: 440, y: 300 }]));
    const tracks = history.tracks();
    expect(tracks).toHaveLength(1);
    expect(tracks[0]!.ids).toEqual([1, 2]);
    expect(tracks[0]!.samples.length).toBe(11);
    expect(lastSample(tracks[0]!).observation.trackId).toBe(2);
  });

  it('does not join a new hand far away, one seen long after, or while the old one is still visible', () => {
    const far = new HandHistory();
    far.update(frame(0, [{ id: 1, x: 100, y: 300 }]));
    far.update(frame(33, [{ id: 2, x: 600, y: 300 }]));
    expect(far.tracks().map((t) => t.ids)).toEqual([[1], [2]]);

    const late = new HandHistory();
    late.update(frame(0, [{ id: 1, x: 100, y: 300 }]));
    late.update(frame(1000, [{ id: 2, x: 110, y: 300 }]));
    expect(late.tracks().map((t) => t.ids)).toEqual([[1], [2]]);

    const both = new HandHistory();
    both.update(frame(0, [{ id: 1, x: 100, y: 300 }]));
    both.update(
      frame(33, [
        { id: 1, x: 100, y: 300 },
        { id: 2, x: 130, y: 300 },
      ]),
    );
    expect(both.tracks().map((t) => t.ids)).toEqual([[1], [2]]);
  });

  it('forgets tracks unseen for longer than forgetMs and keeps only keepMs of samples', () => {
    const history = new HandHistory({ keepMs: 500, forgetMs: 1000, joinGapMs: 0, joinDistance: 0, joinSpeed: 0 });
    for (let i = 0; i < 30; i++) history.update(frame(i * 33, [{ id: 1, x: 100, y: 300 }]));
    expect(history.tracks()[0]!.samples.length).toBeLessThanOrEqual(17);
    history.update(frame(2100, []));
    expect(history.tracks()).toEqual([]);
  });
});
