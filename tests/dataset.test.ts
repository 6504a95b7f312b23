// Building a dataset from a folder of labelled photos and a clip with the real hand pipeline: every
// frame's hands recorded, files without hands listed, hand crops and a contact sheet, segments of a
// clip labelled by their sidecar, and an interrupted build resumed without redoing finished files.
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HandLandmarker } from '../src/inference/hand-landmarker.js';
import { buildDataset, type DatasetDetector } from '../src/train/dataset/build.js';
import { parseSegments } from '../src/train/dataset/sources.js';
import { DatasetWriter, readDataset, type DatasetContents, type FrameRecord } from '../src/train/dataset/store.js';
import type { HandObservation } from '../src/types.js';
import { datasetFeatureSpec, datasetToSet } from '../src/train/dataset/to-set.js';
import { UserError } from '../src/util/errors.js';
import { hasSharedData, repoRoot, sharedData, sharedDataMissing } from './support/shared-data.js';

const MODEL_MAKER = 'images/model_maker';
const CLIP = 'video/swipe_left_right.mp4';
const NO_HAND = 'call/143f8b21-1dc3-4383-bf36-0a54244dfbc0.jpg';
const present = hasSharedData(MODEL_MAKER, CLIP, join(MODEL_MAKER, NO_HAND));
if (!present) console.warn(sharedDataMissing);
const models = join(repoRoot, 'models/onnx/hand_landmark_full.onnx');

describe('segment sidecars', () => {
  it('parse start,end,label lines and refuse bad ones in one line', () => {
    expect(parseSegments('start_s,end_s,label\n0,1.5,wave\n# note\n2,3,none\n', 's.csv')).toEqual([
      { startS: 0, endS: 1.5, label: 'wave' },
      { startS: 2, endS: 3, label: 'none' },
    ]);
    expect(() => parseSegments('0,1,wave\n2,1,wave', 's.csv')).toThrow(
      new UserError('s.csv line 2: expected start_s,end_s,label with 0 <= start < end, got "2,1,wave"'),
    );
  });
});

describe('the dataset file', () => {
  it('a folder given as the dataset file is refused in one line naming it', () => {
    const folder = mkdtempSync(join(tmpdir(), 'gesturegate-dataset-folder-'));
    try {
      expect(() => readDataset(folder)).toThrow(new UserError(`${folder} is a folder, not a dataset file`));
      expect(() => new DatasetWriter(folder, { root: folder, fps: 15 })).toThrow(new UserError(`${folder} is a folder, not a dataset file`));
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});

describe('samples from recorded frames', () => {
  const landmarks = (dx: number, scale = 1): HandObservation['landmarks'] =>
    Array.from({ length: 21 }, (_, i) => ({ x: dx + scale * (i % 5) * 10, y: 300 - scale * Math.floor(i / 5) * 20 - (i === 9 ? 40 : 0), z: 0 }));
  const hand = (trackId: number, dx: number, scale = 1): HandObservation => ({
    trackId,
    timestampMs: 0,
    landmarks: landmarks(dx, scale),
    worldLandmarks: landmarks(0),
    handedness: 'Right',
    handednessScore: 0.9,
    presence: 1,
    detectionScore: 0.9,
    box: { xMin: dx, yMin: 200, width: 40 * scale, height: 100 * scale },
    region: { xCenter: dx, yCenter: 250, width: 100, height: 100, rotation: 0 },
  });
  const frame = (source: string, index: number, label: string, hands: HandObservation[]): FrameRecord => ({
    type: 'frame',
    source,
    frame: index,
    timeMs: index * 100,
    label,
    width: 640,
    height: 480,
    hands,
  });
  const contents: DatasetContents = {
    header: { type: 'header', format: 'gesturegate-dataset', version: 1, root: '/x', fps: 10, createdAt: '' },
    files: [],
    frames: [
      // clip a: 4 frames of "wave" with a gap (no hand) after the second, then 3 of "none".
      frame('a.mp4', 0, 'wave', [hand(1, 100), hand(2, 400, 0.5)]),
      frame('a.mp4', 1, 'wave', [hand(1, 110), hand(2, 400, 0.5)]),
      frame('a.mp4', 2, 'wave', []),
      frame('a.mp4', 3, 'wave', [hand(1, 120)]),
      frame('a.mp4', 4, 'none', [hand(1, 130)]),
      frame('a.mp4', 5, 'none', [hand(1, 140)]),
      frame('a.mp4', 6, 'none', [hand(1, 150)]),
      frame('b.jpg', 0, 'shake', [hand(1, 100), hand(2, 300)]),
    ],
  };

  it('pose: one sample per frame with a hand, grouped by source', () => {
    const set = datasetToSet(contents, datasetFeatureSpec(contents, { kind: 'pose' }));
    expect(set.y.length).toBe(7);
    expect(set.groups).toEqual(['a.mp4', 'a.mp4', 'a.mp4', 'a.mp4', 'a.mp4', 'a.mp4', 'b.jpg']);
  });

  it('two-hand: only frames with two hands', () => {
    const set = datasetToSet(contents, datasetFeatureSpec(contents, { kind: 'two-hand' }));
    expect(set.labels).toEqual(['wave', 'shake']);
    expect(set.y.length).toBe(3);
  });

  it('temporal: windows of consecutive frames with a hand and one label, never across a gap or a label change', () => {
    const set = datasetToSet(contents, datasetFeatureSpec(contents, { kind: 'temporal', window: 2 }));
    // wave: frames 0-1 (one window), frame 3 alone (none); none: frames 4-6 (two windows).
    expect(set.labels).toEqual(['wave', 'none']);
    expect(Array.from(set.y)).toEqual([0, 1, 1]);
    expect(set.shape).toEqual([2, 2 * (21 * 3 + 20 + 2)]);
  });
});

describe.skipIf(!present)('dataset build with the real hand pipeline', () => {
  const root = mkdtempSync(join(tmpdir(), 'gesturegate-dataset-'));
  const folder = join(root, 'photos');
  const out = join(root, 'hands.jsonl');
  const crops = join(root, 'crops');
  let landmarker: HandLandmarker;

  beforeAll(async () => {
    if (!existsSync(models)) throw new Error('models/onnx/*.onnx missing: run `npm run build && node dist/src/cli.js convert` first');
    // Three photos each of two labels (one call photo has no findable hand), and a clip whose
    // sidecar labels its first second as a wave.
    for (const label of ['call', 'rock']) {
      mkdirSync(join(folder, label), { recursive: true });
      const names = readdirSync(sharedData(join(MODEL_MAKER, label))).sort();
      const chosen = label === 'call' ? [NO_HAND.split('/')[1]!, ...names.filter((n) => !NO_HAND.endsWith(n)).slice(0, 2)] : names.slice(0, 3);
      for (const name of chosen) copyFileSync(sharedData(join(MODEL_MAKER, label, name)), join(folder, label, name));
    }
    copyFileSync(sharedData(CLIP), join(folder, 'swipe.mp4'));
    writeFileSync(join(folder, 'swipe.mp4.segments.csv'), 'start_s,end_s,label\n0,1,wave\n');
    landmarker = await HandLandmarker.createFromOptions({ numHands: 2 });
  });
  afterAll(async () => {
    await landmarker?.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('records hands per frame, lists files without hands, writes crops and a contact sheet', async () => {
    const summary = await buildDataset({ root: folder, out, fps: 5, detector: landmarker, cropDir: crops });
    expect(summary.files).toBe(7);
    expect(summary.withoutHands).toEqual([NO_HAND]);
    const contents = readDataset(out);
    expect(contents.files.map((f) => f.source).sort()).toEqual(
      [...readdirSync(join(folder, 'call')).map((n) => `call/${n}`), ...readdirSync(join(folder, 'rock')).map((n) => `rock/${n}`), 'swipe.mp4'].sort(),
    );
    const photo = contents.frames.find((f) => f.source.startsWith('rock/'))!;
    expect(photo.hands.length).toBeGreaterThan(0);
    expect(photo.hands[0]!.landmarks).toHaveLength(21);
    expect(photo.hands[0]!.worldLandmarks).toHaveLength(21);
    expect(['Left', 'Right']).toContain(photo.hands[0]!.handedness);
    // 80 frames at 15 fps sampled at 5 fps: 27 frames, frame indexes 0, 3, 6, ...; the first second is "wave".
    const clip = contents.frames.filter((f) => f.source === 'swipe.mp4');
    expect(clip).toHaveLength(27);
    expect(clip.slice(0, 4).map((f) => f.frame)).toEqual([0, 3, 6, 9]);
    expect(clip.filter((f) => f.label === 'wave').map((f) => f.frame)).toEqual([0, 3, 6, 9, 12]);
    expect(new Set(clip.slice(5).map((f) => f.label))).toEqual(new Set(['none']));
    expect(clip.filter((f) => f.hands.length > 0).length).toBeGreaterThan(20);
    expect(existsSync(join(crops, 'contact-sheet.jpg'))).toBe(true);
    expect(readdirSync(join(crops, 'rock')).length).toBeGreaterThanOrEqual(3);

    // Pose samples: one per frame with a hand, grouped by source file.
    const set = datasetToSet(contents, datasetFeatureSpec(contents, { kind: 'pose' }));
    expect(set.labels.sort()).toEqual(['call', 'none', 'rock', 'wave']);
    expect(set.groups.filter((g) => g === 'swipe.mp4').length).toBe(clip.filter((f) => f.hands.length > 0).length);
    const windows = datasetToSet(contents, datasetFeatureSpec(contents, { kind: 'temporal', window: 5 }));
    expect(windows.shape[0]).toBe(5);
    expect(new Set(windows.groups)).toEqual(new Set(['swipe.mp4']));
  });

  it('resumes an interrupted build: finished files are kept, the unfinished one is redone', async () => {
    // Cut the file as a kill during the clip would leave it: the clip's closing line gone, a line cut short.
    const lines = readFileSync(out, 'utf8').trim().split('\n');
    const clipClosed = lines.findIndex((l) => l.includes('"type":"file"') && l.includes('swipe.mp4'));
    const kept = lines.filter((_, i) => i !== clipClosed);
    writeFileSync(out, kept.join('\n') + '\n{"type":"frame","source":"swi');
    const seen: string[] = [];
    const counting: DatasetDetector = {
      detect: (frame) => (seen.push(frame.source), landmarker.detect(frame)),
      detectForVideo: (frame) => (seen.push(frame.source), landmarker.detectForVideo(frame)),
      reset: () => landmarker.reset(),
    };
    const summary = await buildDataset({ root: folder, out, fps: 5, detector: counting });
    expect(summary.skipped).toBe(6);
    expect(new Set(seen)).toEqual(new Set(['swipe.mp4']));
    const contents = readDataset(out);
    expect(contents.files).toHaveLength(7);
    // The clip's frames from the interrupted run are ignored; the redone run's 27 count.
    expect(contents.frames.filter((f) => f.source === 'swipe.mp4')).toHaveLength(27);
  });

  it('refuses a folder without labelled media, in one line', async () => {
    mkdirSync(join(root, 'empty'));
    await expect(buildDataset({ root: join(root, 'empty'), out: join(root, 'x.jsonl'), fps: 5, detector: landmarker })).rejects.toThrow(
      /no labelled images or clips/,
    );
  });
});
