// Pose rules on real MediaPipe landmarks (static_keypoints.csv: Open, Close, Pointer) with the shipped
// threshold, their invariance to scale, rotation and mirroring, and the poses on real photos run
// through our own hand pipeline (HaGRID grid cells and Model Maker's call/rock photos).
import { readFileSync } from 'node:fs';
import { beforeAll, afterAll, describe, expect, it } from 'vitest';
import { gestureDefaults } from '../src/gestures/config.js';
import { handGeometry } from '../src/gestures/hand-geometry.js';
import { POSES, classifyPose, poseScores, rawPoseScores, type Pose } from '../src/gestures/poses.js';
import { classificationMetrics } from '../src/train/metrics.js';
import { parseLandmarkCsv } from '../src/train/csv.js';
import type { Landmark } from '../src/types.js';
import { hasSharedData, sharedData, sharedDataMissing } from './support/shared-data.js';

const CSV = 'landmarks/static_keypoints.csv';
const ENTER = gestureDefaults.open_palm.enter;

/** What each CSV label is, in our poses (the CSV's Pointer points in every direction). */
const CSV_CLASS: Record<string, Pose[]> = { Open: ['open_palm'], Close: ['fist'], Pointer: ['pointing_up', 'pointing'] };

function csvHands(): { label: string; landmarks: Landmark[] }[] {
  const rows = parseLandmarkCsv(readFileSync(sharedData(CSV), 'utf8'), 'hand21-xy', CSV);
  return rows.map((r) => ({ label: r.label, landmarks: r.points.map((p) => ({ x: p.x, y: p.y, z: 0 })) }));
}

describe.skipIf(!hasSharedData(CSV))('poses on real landmarks (static_keypoints.csv)', () => {
  const hands = hasSharedData(CSV) ? csvHands() : [];

  it('recognises open palm, fist and pointing on every row with the shipped enter threshold', () => {
    const labels = ['Open', 'Close', 'Pointer', 'other'];
    const actual = hands.map((h) => labels.indexOf(h.label));
    const predicted = hands.map((h) => {
      const pose = classifyPose(h.landmarks, ENTER)?.pose;
      const label = Object.keys(CSV_CLASS).find((l) => pose && CSV_CLASS[l]!.includes(pose));
      return labels.indexOf(label ?? 'other');
    });
    const m = classificationMetrics(actual, predicted, labels);
    const figures = Object.fromEntries(
      labels
        .slice(0, 3)
        .map((l) => [l, { precision: +m.per_class[l]!.precision.toFixed(3), recall: +m.per_class[l]!.recall.toFixed(3), n: m.per_class[l]!.support }]),
    );
    console.log('static_keypoints.csv, enter', ENTER, JSON.stringify(figures));
    // Measured 2026-11-24 (docs/gestures.md): Open P 0.99 R 0.95, Close P 0.95 R 0.91, Pointer P 0.99 R 0.80.
    expect(m.per_class.Open!.precision).toBeGreaterThan(0.97);
    expect(m.per_class.Open!.recall).toBeGreaterThan(0.93);
    expect(m.per_class.Close!.precision).toBeGreaterThan(0.93);
    expect(m.per_class.Close!.recall).toBeGreaterThan(0.88);
    expect(m.per_class.Pointer!.precision).toBeGreaterThan(0.97);
    expect(m.per_class.Pointer!.recall).toBeGreaterThan(0.77);
  });

  it('gives the same scores for a hand scaled, turned in the image plane and mirrored (orientation-free poses)', () => {
    const turn = (lm: Landmark[], angle: number, scale: number, mirror: boolean): Landmark[] =>
      lm.map((p) => {
        const x = mirror ? -p.x : p.x;
        return { x: 300 + scale * (x * Math.cos(angle) - p.y * Math.sin(angle)), y: 200 + scale * (x * Math.sin(angle) + p.y * Math.cos(angle)), z: 0 };
      });
    // Not fist: a fist whose thumb stands up or down is a thumbs pose, so it depends on direction too.
    const free: Pose[] = ['open_palm', 'victory', 'call', 'rock', 'ok'];
    for (const h of hands.filter((_, i) => i % 37 === 0)) {
      // Raw scores: after competition a direction-dependent pose could take the lead when the hand turns.
      const raw = rawPoseScores(handGeometry(h.landmarks));
      for (const [angle, scale, mirror] of [
        [0.7, 180, false],
        [-2.4, 35, true],
        [Math.PI, 1, true],
      ] as const) {
        const moved = rawPoseScores(handGeometry(turn(h.landmarks, angle, scale, mirror)));
        for (const pose of free) expect(moved[pose], pose).toBeCloseTo(raw[pose], 6);
      }
      // Mirroring alone keeps even the direction-dependent poses.
      const base = poseScores(h.landmarks);
      const mirrored = poseScores(turn(h.landmarks, 0, 1, true));
      for (const pose of POSES) expect(mirrored[pose]).toBeCloseTo(base[pose], 6);
    }
  });
});

// Photos where the pose can be seen clearly (checked by eye). Cells of the 10x5 HaGRID grid are
// r<row>c<column>, 128 px each, upscaled 2x before the pipeline. Cells the pipeline finds no hand in
// (r0c2 pointing up, r1c5 fist, r4c0 palm...) and the misclassified ones are listed in docs/gestures.md;
// among them r4c3 (woman in red, open palm raised): open palm 0.27, as MediaPipe's own WebGL solution
// reads it (0.28; 0.92 when our crops were cut as its CPU graph cuts them).
const GRID_CELLS: { cell: string; shows: string; pose: Pose }[] = [
  { cell: 'r0c3', shows: 'woman in apron, open palm raised', pose: 'open_palm' },
  { cell: 'r0c6', shows: 'open palm close to the camera', pose: 'open_palm' },
  { cell: 'r1c0', shows: 'woman in white top, open palm raised', pose: 'open_palm' },
  { cell: 'r1c8', shows: 'bearded man, flat palm raised', pose: 'open_palm' },
  { cell: 'r2c5', shows: 'woman, "call" (thumb and little finger) at her ear', pose: 'call' },
  { cell: 'r2c6', shows: 'woman, "call" sign by her face', pose: 'call' },
  { cell: 'r2c9', shows: 'man, index finger up at his lips', pose: 'pointing_up' },
  { cell: 'r3c0', shows: 'blonde woman, open palm raised', pose: 'open_palm' },
  { cell: 'r3c1', shows: 'woman, open palm to the camera', pose: 'open_palm' },
  { cell: 'r3c6', shows: 'man in white T-shirt, open palm raised', pose: 'open_palm' },
  { cell: 'r3c7', shows: 'woman in check shirt, fist raised', pose: 'fist' },
  { cell: 'r4c7', shows: 'man, "call" sign at his ear', pose: 'call' },
];
const GRID = 'images/hagrid_grid_10x5.jpg';
const MODEL_MAKER = 'images/model_maker';
const TWO_HANDS = 'images/tfjs_two_hands.jpg';

describe.skipIf(!hasSharedData(GRID, MODEL_MAKER, TWO_HANDS))('poses on real photos through the hand pipeline', () => {
  type Landmarker = Awaited<ReturnType<typeof import('../src/inference/hand-landmarker.js').HandLandmarker.createFromOptions>>;
  let landmarker: Landmarker;
  let detect: (image: import('../src/util/opencv.js').Mat) => Promise<Landmark[][]>;

  beforeAll(async () => {
    const { HandLandmarker } = await import('../src/inference/hand-landmarker.js');
    const { matToRawFrame } = await import('../src/capture/opencv-source.js');
    landmarker = await HandLandmarker.createFromOptions({});
    detect = async (image) => (await landmarker.detect({ index: 0, source: 'test', ...matToRawFrame(image, 0) })).hands.map((h) => h.landmarks);
  });
  afterAll(async () => landmarker?.close());

  it('recognises the pose in each clearly visible HaGRID cell', async () => {
    const { loadOpenCV } = await import('../src/util/opencv.js');
    const cv = loadOpenCV();
    const grid = cv.imread(sharedData(GRID));
    for (const { cell, shows, pose } of GRID_CELLS) {
      const [r, c] = [Number(cell[1]), Number(cell[3])];
      const crop = grid
        .getRegion(new cv.Rect(c * 128, r * 128, 128, 128))
        .copy()
        .resize(256, 256);
      const hands = await detect(crop);
      const found = hands.map((lm) => classifyPose(lm, ENTER)?.pose);
      expect(found, `${cell} (${shows})`).toContain(pose);
    }
  });

  it('recognises both open hands in tfjs_two_hands.jpg, one of them upside down', async () => {
    const { loadOpenCV } = await import('../src/util/opencv.js');
    const hands = await detect(loadOpenCV().imread(sharedData(TWO_HANDS)));
    expect(hands.map((lm) => classifyPose(lm, ENTER)?.pose)).toEqual(['open_palm', 'open_palm']);
  });

  it('recognises "call" and "rock" on Model Maker photos (7 of 10 call, 10 of 10 rock measured)', async () => {
    const { readdirSync } = await import('node:fs');
    const { loadOpenCV } = await import('../src/util/opencv.js');
    const cv = loadOpenCV();
    for (const [folder, pose, atLeast] of [
      ['call', 'call', 7],
      ['rock', 'rock', 10],
    ] as const) {
      const dir = sharedData(`${MODEL_MAKER}/${folder}`);
      let hits = 0;
      for (const file of readdirSync(dir).sort()) {
        const hands = await detect(cv.imread(`${dir}/${file}`));
        if (hands.some((lm) => classifyPose(lm, ENTER)?.pose === pose)) hits++;
      }
      console.log(`model_maker/${folder}: ${hits} of 10 recognised as ${pose}`);
      expect(hits, folder).toBeGreaterThanOrEqual(atLeast);
    }
  });
});

if (!hasSharedData(CSV, GRID, MODEL_MAKER, TWO_HANDS)) console.warn(sharedDataMissing);
