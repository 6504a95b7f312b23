// The person search's maths (src/inference/person-search.ts) against hand-computed values: a head from
// the detector's keypoints, where a closer look goes, the face box of one physical scale, merging one
// person seen by the whole frame and by a closer look while two people side by side stay two, and one
// person found twice by the pose model (one face, two bodies) kept once.
import { describe, expect, it } from 'vitest';
import { weightedNonMaxSuppression } from '../../src/inference/nms.js';
import type { Detection } from '../../src/inference/palm-decode.js';
import { closerLookWindow, headHeight, mergePersonDetections, physicalFaceBox } from '../../src/inference/person-search.js';
import { distinctPeople } from '../../src/inference/person-tracks.js';
import { POSE_DETECTOR } from '../../src/inference/pose-detector.js';

/** A detection as the pose detector gives it: a square box (a fifth of its input) and 4 keypoints, hip centre first. */
function person(score: number, x: number, y: number, side: number, hip: { x: number; y: number }): Detection {
  return {
    score,
    box: { xMin: x - side / 2, yMin: y - side / 2, width: side, height: side },
    keypoints: [hip, { x: hip.x, y: hip.y - 100 }, { x, y: y + 20 }, { x, y: y - 20 }],
  };
}

describe('closer looks', () => {
  it('measure a head as a third of face centre to hip centre', () => {
    // Box centre (100, 70), hip (100, 160): 90 px.
    expect(headHeight(person(0.3, 100, 70, 20, { x: 100, y: 160 }))).toBeCloseTo(30, 9);
  });

  it('search a window half way from face to hips, five heads wide (the head a fifth of it, as the detector’s box)', () => {
    // Head 30 px: side 150, centred at (100, (70 + 160) / 2 = 115).
    expect(closerLookWindow(person(0.3, 100, 70, 20, { x: 100, y: 160 }), 224)).toEqual({ xMin: 25, yMin: 40, width: 150, height: 150 });
  });

  it('zoom at most 8x: a window of 224 / 8 = 28 frame pixels for a 2-px head', () => {
    // Centre (50, 50), hip (50, 56): head 2 px, five heads 10 px < 28; centred at (50, 53).
    expect(closerLookWindow(person(0.3, 50, 50, 20, { x: 50, y: 56 }), 224)).toEqual({ xMin: 36, yMin: 39, width: 28, height: 28 });
  });
});

describe('merging people from the whole frame and the windows', () => {
  it('gives the face box a head’s height: a third of the face centre to the hip centre', () => {
    // Centre (100, 70), hip (100, 160): 90 px, so a 30-px square round the centre.
    const d = physicalFaceBox(person(0.9, 100, 70, 20, { x: 100, y: 160 }));
    expect(d.box).toEqual({ xMin: 85, yMin: 55, width: 30, height: 30 });
    expect(d.score).toBe(0.9);
  });

  it('merges one person seen at two zooms, which the detector’s own boxes cannot', () => {
    // The same person (428x312 clip): whole frame (box 86 px, a fifth of the frame), and a 156-px look (box 31 px).
    const whole = person(0.97, 299, 73, 86, { x: 299, y: 164 });
    const window = person(0.8, 298, 72, 31, { x: 300, y: 166 });
    // Their own boxes overlap by (31/86)² at best, under the detector's 0.3: MediaPipe's NMS keeps both.
    expect(weightedNonMaxSuppression([whole, window], POSE_DETECTOR.nmsIou)).toHaveLength(2);
    const merged = mergePersonDetections([whole, window], POSE_DETECTOR.nmsIou);
    expect(merged).toHaveLength(1);
    expect(merged[0]!.score).toBe(0.97);
    // Score-weighted hip centre: (0.97 · 164 + 0.8 · 166) / 1.77.
    expect(merged[0]!.keypoints[0]!.y).toBeCloseTo((0.97 * 164 + 0.8 * 166) / 1.77, 9);
  });

  it('keeps two people shaking hands apart (faces 190 px apart, heads 30 px), best first', () => {
    const left = person(0.6, 110, 70, 31, { x: 110, y: 165 });
    const right = person(0.9, 300, 72, 86, { x: 300, y: 165 });
    const merged = mergePersonDetections([left, right], POSE_DETECTOR.nmsIou);
    expect(merged.map((d) => d.score)).toEqual([0.9, 0.6]);
  });
});

describe('people found twice by the pose model', () => {
  const box = (xMin: number, yMin: number, width: number, height: number) => ({ xMin, yMin, width, height });

  it('are one when their faces coincide, however different their bodies (earlier wins)', () => {
    // three_people.jpg: the seated person, and a window's region that gave the same face with a body 3x as large.
    const seated = { name: 'seated', box: box(213, 448, 291, 192), face: box(350, 460, 45, 40) };
    const twice = { name: 'twice', box: box(356, 54, 494, 654), face: box(360, 455, 40, 40) };
    // Landmark boxes: intersection 148 x 192 = 28416 over 55872 + 323076 − 28416: IoU 0.08, not a duplicate by box.
    // Faces: the smaller (40 x 40) lies 35 x 40 inside the other: 0.875 > 0.5.
    expect(distinctPeople([seated, twice], 0.5).map((p) => p.name)).toEqual(['seated']);
  });

  it('stay two side by side: bodies overlapping by at most maxOverlap, faces apart', () => {
    const left = { name: 'left', box: box(60, 20, 100, 200), face: box(95, 20, 30, 30) };
    const right = { name: 'right', box: box(130, 20, 100, 200), face: box(165, 20, 30, 30) };
    // Boxes: 30 x 200 over 2 · 20000 − 6000: IoU 0.18.
    expect(distinctPeople([left, right], 0.5).map((p) => p.name)).toEqual(['left', 'right']);
    // The same box again is the same person.
    expect(distinctPeople([left, { ...left, name: 'again', face: box(0, 0, 1, 1) }], 0.5).map((p) => p.name)).toEqual(['left']);
  });
});
