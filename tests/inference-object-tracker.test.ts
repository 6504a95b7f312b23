// The generic object tracker and the palm-search schedule on hand-computed cases (no models).
import { describe, expect, it } from 'vitest';
import { DetectionSchedule } from '../src/inference/detection-schedule.js';
import { HAND_TRACKER_DEFAULTS, ObjectTracker, type ObjectTrackerOptions, type TrackedObservation } from '../src/inference/object-tracker.js';

/** A 100 px square centred at (x, y). */
const seen = (x: number, y: number, score = 0.9, extra: Partial<TrackedObservation> = {}): TrackedObservation => ({
  box: { xMin: x - 50, yMin: y - 50, width: 100, height: 100 },
  score,
  ...extra,
});

const tracker = (options: Partial<ObjectTrackerOptions> = {}) => new ObjectTracker({ ...HAND_TRACKER_DEFAULTS, ...options });

describe('object tracker: prediction', () => {
  it('moves a track on at its measured velocity, and blends new steps in by velocityGain', () => {
    const t = tracker({ velocityGain: 0.5 });
    t.update([seen(100, 100)], 0);
    t.update([seen(110, 100)], 100); // second sighting: the velocity is this step, 0.1 px/ms
    expect(t.predict(200)[0]!.box.xMin).toBeCloseTo(120 - 50, 9);
    t.update([seen(130, 100)], 200); // step 0.2 px/ms: 0.5 * 0.1 + 0.5 * 0.2 = 0.15 px/ms
    const p = t.predict(300)[0]!;
    expect(p.box.xMin + 50).toBeCloseTo(145, 9);
    expect(p.shift).toEqual({ x: expect.closeTo(15, 9), y: 0 });
    expect(p.seen).toBe(true);
    expect(p.sinceSeenMs).toBe(100);
  });

  it('moves keypoints with the box', () => {
    const t = tracker();
    t.update([seen(100, 100, 0.9, { keypoints: [{ x: 100, y: 90 }] })], 0);
    t.update([seen(120, 100, 0.9, { keypoints: [{ x: 120, y: 90 }] })], 100);
    expect(t.predict(150)[0]!.keypoints).toEqual([{ x: expect.closeTo(130, 9), y: 90 }]);
  });
});

describe('object tracker: association', () => {
  it('keeps IDs by overlap with the predicted boxes, whatever the input order', () => {
    const t = tracker();
    const first = t.update([seen(100, 100), seen(400, 100)], 0).assignments;
    expect(first).toEqual([1, 2]);
    expect(t.update([seen(405, 100), seen(95, 100)], 66).assignments).toEqual([2, 1]);
  });

  it('tells crossing objects apart by their predicted places, not their last ones', () => {
    // Two hands 60 px apart moving towards each other at 30 px a frame: at frame 2 each is nearer
    // the other's last place than its own, but exactly at its own predicted place.
    const t = tracker({ minOverlap: 0.5, maxKeypointDistance: 0.2, gateGrowth: 0 });
    t.update([seen(100, 100), seen(160, 100)], 0);
    t.update([seen(130, 100), seen(130.1, 100)], 100);
    expect(t.update([seen(100.1, 100), seen(160, 100)], 200).assignments).toEqual([2, 1]);
  });

  it('prefers an observation found in a track’s own region (sourceTrackId) over a closer one', () => {
    const t = tracker();
    t.update([seen(100, 100), seen(300, 100)], 0);
    // Both observations are within the gate of track 1; the second was found in its region.
    const { assignments } = t.update([seen(105, 100), seen(130, 100, 0.9, { sourceTrackId: 1 })], 66);
    expect(assignments).toEqual([3, 1]);
  });

  it('gives low-score observations a second chance on existing tracks only', () => {
    const t = tracker({ highScore: 0.5, lowScore: 0.2 });
    t.update([seen(100, 100)], 0);
    const { assignments } = t.update([seen(102, 100, 0.3), seen(500, 100, 0.3), seen(800, 100, 0.1)], 66);
    // Near track 1: kept on it; far from every track: no new track; below lowScore: ignored.
    expect(assignments).toEqual([1, undefined, undefined]);
    expect(t.live.map((tr) => tr.id)).toEqual([1]);
  });

  it('matches high-score observations before low-score ones', () => {
    const t = tracker();
    t.update([seen(100, 100)], 0);
    // The low-score one is nearer, but the confident one takes the track.
    expect(t.update([seen(100, 100, 0.3), seen(110, 100, 0.9)], 66).assignments).toEqual([undefined, 1]);
  });

  it('uses keypoints when boxes do not overlap enough', () => {
    const t = tracker({ minOverlap: 0.9, maxKeypointDistance: 0.5, gateGrowth: 0 });
    const kp = (x: number) => [
      { x, y: 100 },
      { x: x + 10, y: 100 },
    ];
    t.update([seen(100, 100, 0.9, { keypoints: kp(100) })], 0);
    // 40 px off: IoU 60/140 < 0.9, but keypoints 40 px = 0.4 box sizes <= 0.5.
    expect(t.update([seen(140, 100, 0.9, { keypoints: kp(140) })], 66).assignments).toEqual([1]);
    // Predicted next at 180 (40 px a frame); found at 260, 80 px = 0.8 sizes off: outside the gate, a new track.
    expect(t.update([seen(260, 100, 0.9, { keypoints: kp(260) })], 132).assignments).toEqual([2]);
  });
});

describe('object tracker: buffer and re-attachment', () => {
  it('re-attaches a lost track near its predicted place within bufferMs, with a gate that widens while it is gone', () => {
    const t = tracker({ minOverlap: 0.1, maxKeypointDistance: 0.5, gateGrowth: 10, bufferMs: 500, maxPredictMs: 100 });
    t.update([seen(100, 100)], 0);
    t.update([seen(120, 100)], 100); // 0.2 px/ms to the right
    t.update([], 200);
    t.update([], 300);
    const p = t.predict(400)[0]!;
    expect(p.seen).toBe(false);
    // Moved on for maxPredictMs only: 120 + 0.2 * 100; had it kept going, 0.2 * 300 = 60 px on.
    expect(p.box.xMin + 50).toBeCloseTo(140, 9);
    expect(p.reach.x).toBeCloseTo(60, 9);
    // At 400 ms, unseen for 300 ms: gate 0.5 + 10 * 0.3 = 3.5 sizes (350 px). Found 330 px on: still track 1.
    expect(t.update([seen(470, 100)], 400).assignments).toEqual([1]);
  });

  it('pairs by distance: a lost track’s wider gate admits observations but does not favour them', () => {
    const t = tracker({ gateGrowth: 10, maxPredictMs: 0 });
    t.update([seen(200, 100), seen(420, 100)], 0);
    t.update([seen(420, 100)], 100); // track 1 lost from here
    // At 200 ms: 1.2 sizes from track 1 (gate 2.5), 1.0 from track 2 (gate 1.5). Relative to their
    // gates track 1 would look nearer (0.48 against 0.67); in distance track 2 is.
    expect(t.update([seen(320, 100)], 200).assignments).toEqual([2]);
  });

  it('forgets a track after bufferMs: the same place then gets a new ID', () => {
    const t = tracker({ bufferMs: 500 });
    t.update([seen(100, 100)], 0);
    expect(t.update([], 400).expired).toEqual([]);
    expect(t.update([], 501).expired).toEqual([1]);
    expect(t.live).toHaveLength(0);
    expect(t.update([seen(100, 100)], 550).assignments).toEqual([2]);
  });
});

describe('object tracker: confirmation holds', () => {
  it('counts a track from its confirmFrames-th sighting until dropHoldMs after its last', () => {
    const t = tracker({ confirmFrames: 2, dropHoldMs: 300, bufferMs: 500 });
    t.update([seen(100, 100)], 0);
    expect(t.confirmed(0)).toEqual([]); // one frame: could be a false hand
    t.update([seen(100, 100)], 66);
    expect(t.confirmed(66)).toEqual([1]);
    t.update([], 132);
    t.update([], 300);
    expect(t.confirmed(300)).toEqual([1]); // missing 234 ms: still counted
    t.update([], 400);
    expect(t.confirmed(400)).toEqual([]); // 334 ms: dropped from the count, still in the buffer
    expect(t.live.map((tr) => tr.id)).toEqual([1]);
  });
});

describe('palm search schedule', () => {
  it('searches every frame while nothing is tracked and never while every slot is taken', () => {
    const s = new DetectionSchedule({ intervalFrames: 0, intervalMs: 200 });
    expect(s.due(0, 0, 4)).toBe('nothing tracked');
    s.frame(0, true);
    expect(s.due(10, 0, 4)).toBe('nothing tracked');
    expect(s.due(1000, 2, 0)).toBeUndefined();
  });

  it('searches every intervalMs while some hands are tracked', () => {
    const s = new DetectionSchedule({ intervalFrames: 0, intervalMs: 200 });
    const ran: boolean[] = [];
    for (let i = 0; i < 10; i++) {
      const t = (i * 1000) / 15; // 15 fps
      const due = s.due(t, i === 0 ? 0 : 1, 3) !== undefined;
      s.frame(t, due);
      ran.push(due);
    }
    // 0, then the first frame at least 200 ms later: 200 ms (frame 3), 400 ms (frame 6), 600 ms (frame 9).
    expect(ran).toEqual([true, false, false, true, false, false, true, false, false, true]);
  });

  it('searches every intervalFrames frames, whichever of frames and ms comes first, and counts searches made for other reasons', () => {
    const s = new DetectionSchedule({ intervalFrames: 2, intervalMs: 1000 });
    s.frame(0, true);
    expect(s.due(10, 1, 3)).toBeUndefined();
    s.frame(10, false);
    expect(s.due(20, 1, 3)).toBe('interval');
    s.frame(20, true); // e.g. a search because a hand was lost: the count restarts
    expect(s.due(30, 1, 3)).toBeUndefined();
  });
});
