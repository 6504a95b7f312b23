// A model trained by the workbench plugs into the gesture engine by path: its labels become gestures
// with events like the built-in ones. Trains a small pose model on the real landmark CSV first.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseGesturesConfig } from '../src/gestures/config.js';
import { createGestureEngine } from '../src/gestures/engine.js';
import { parseLandmarkCsv, readLandmarkCsv } from '../src/train/csv.js';
import { defaultFitOptions } from '../src/train/fit.js';
import { subset } from '../src/train/samples.js';
import { trainAndExport } from '../src/train/workbench.js';
import type { GestureEvent, HandsResult } from '../src/types.js';
import { UserError } from '../src/util/errors.js';
import { handLandmarks, observation, SCENE_SIZE } from './support/kinematics.js';
import { hasSharedData, sharedData, sharedDataMissing } from './support/shared-data.js';

const CSV = 'landmarks/static_keypoints.csv';

describe.skipIf(!hasSharedData(CSV))('trained gesture models in the engine', () => {
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'gesturegate-gesture-model-'));
    const set = readLandmarkCsv(sharedData(CSV), 'hand21-xy');
    await trainAndExport({ set, kind: 'pose', source: CSV, out: dir, fit: { ...defaultFitOptions, maxEpochs: 8, patience: 8 }, minScore: 0.6 });
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** 1 s of one CSV row (scaled to pixels) per label in turn, 30 fps, as one tracked hand. */
  function framesOf(labels: string[]): HandsResult[] {
    const rows = parseLandmarkCsv(readFileSync(sharedData(CSV), 'utf8'), 'hand21-xy', CSV);
    const frames: HandsResult[] = [];
    for (const label of labels) {
      const row = rows.find((r) => r.label === label)!;
      const landmarks = row.points.map((p) => ({ x: 320 + 100 * p.x, y: 240 + 100 * p.y, z: 0 }));
      for (let i = 0; i < 30; i++) {
        const t = frames.length * (1000 / 30);
        frames.push({
          frameIndex: frames.length,
          timestampMs: t,
          imageSize: SCENE_SIZE,
          hands: [observation(1, t, landmarks, 'Right')],
          people: [],
          detectionRan: false,
          timings: {},
        });
      }
    }
    return frames;
  }

  it("emits the model's labels as gestures with start and end events", async () => {
    const engine = await createGestureEngine(parseGesturesConfig({ models: [{ path: dir }] }));
    try {
      expect(engine.labels).toEqual(expect.arrayContaining(['handshake', 'Open', 'Close', 'Pointer']));
      const events: GestureEvent[] = [];
      for (const frame of framesOf(['Open', 'Close'])) events.push(...(await engine.process(frame)).events);
      events.push(...engine.finish(2000));
      const model = events.filter((e) => ['Open', 'Close', 'Pointer'].includes(e.label)).map((e) => `${e.label} ${e.phase}`);
      expect(model).toEqual(['Open start', 'Open end', 'Close start', 'Close end']);
    } finally {
      await engine.close();
    }
  });

  it('refuses a model whose label is a built-in gesture that is still enabled, and a missing model', async () => {
    await expect(createGestureEngine(parseGesturesConfig({ models: [{ path: join(dir, 'nope') }] }))).rejects.toThrow(UserError);
    // Renaming is not possible without retraining, so fake the clash by turning a built-in name into a label.
    const { buildGestureEngine } = await import('../src/gestures/engine.js');
    const { GestureModel } = await import('../src/gesture-models/model.js');
    const model = await GestureModel.load(dir);
    try {
      (model.card.labels as string[])[0] = 'fist';
      expect(() => buildGestureEngine(parseGesturesConfig({}), [{ entry: parseGesturesConfig({ models: [{ path: dir }] }).models[0]!, model }])).toThrow(
        /label "fist"/,
      );
    } finally {
      await model.close();
    }
  });
});

const TRAJECTORIES = 'landmarks/fingertip_trajectories.csv';

describe.skipIf(!hasSharedData(TRAJECTORIES))('a trained trajectory model in the engine', () => {
  let dir: string;
  /** Row indexes of each label, in file order. */
  const rowsOf = new Map<string, number[]>();

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'gesturegate-trajectory-model-'));
    const set = readLandmarkCsv(sharedData(TRAJECTORIES), 'trajectory16-xy');
    set.y.forEach((c, i) => rowsOf.set(set.labels[c]!, [...(rowsOf.get(set.labels[c]!) ?? []), i]));
    // Trained on the first 70% of each label's rows; the paths replayed below come from the rest.
    const train = [...rowsOf.values()].flatMap((rows) => rows.slice(0, Math.floor(rows.length * 0.7)));
    await trainAndExport({
      set: subset(set, train),
      kind: 'temporal',
      source: TRAJECTORIES,
      out: dir,
      fit: { ...defaultFitOptions, maxEpochs: 40, patience: 10 },
      minScore: 0.6,
    });
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /**
   * A real fingertip path of `frames` frames, in image units: consecutive rows of the CSV are windows
   * sliding by one frame, so the first row's 16 points continue with each next row's last step.
   */
  function realPath(label: string, frames: number): { x: number; y: number }[] {
    const csvRows = parseLandmarkCsv(readFileSync(sharedData(TRAJECTORIES), 'utf8'), 'trajectory16-xy', TRAJECTORIES);
    const rows = rowsOf.get(label)!;
    const start = rows[Math.floor(rows.length * 0.8)]!;
    const path = [...csvRows[start]!.points];
    for (let k = start + 1; path.length < frames; k++) {
      const [a, b] = csvRows[k]!.points.slice(-2);
      path.push({ x: path.at(-1)!.x + b!.x - a!.x, y: path.at(-1)!.y + b!.y - a!.y });
    }
    return path;
  }

  it('recognises clockwise and counter-clockwise circles drawn by an index fingertip, from real paths it did not train on', async () => {
    const engine = await createGestureEngine(parseGesturesConfig({ models: [{ path: dir }] }));
    try {
      const events: GestureEvent[] = [];
      let frame = 0;
      // A pointing hand whose index fingertip (landmark 8) follows the path, in a 640x480 image, 30 fps.
      const play = async (path: { x: number; y: number }[]) => {
        for (const p of path) {
          const t = frame * (1000 / 30);
          const hand = handLandmarks(
            { thumb: 1, index: 0, middle: 1, ring: 1, pinky: 1 },
            { x: 320, y: 300, size: 60, roll: 0, twist: 0, handedness: 'Right' },
          );
          const dx = 320 + p.x * SCENE_SIZE.width - hand[8]!.x;
          const dy = 240 + p.y * SCENE_SIZE.height - hand[8]!.y;
          const landmarks = hand.map((l) => ({ ...l, x: l.x + dx, y: l.y + dy }));
          events.push(
            ...(
              await engine.process({
                frameIndex: frame++,
                timestampMs: t,
                imageSize: SCENE_SIZE,
                hands: [observation(1, t, landmarks, 'Right')],
                people: [],
                detectionRan: false,
                timings: {},
              })
            ).events,
          );
        }
      };
      await play(realPath('Clockwise', 60));
      const firstPart = events.length;
      await play(realPath('Counter Clockwise', 60));
      events.push(...engine.finish(frame * (1000 / 30) + 2000));
      const starts = (list: GestureEvent[]) => list.filter((e) => e.phase === 'start').map((e) => e.label);
      expect(starts(events.slice(0, firstPart))).toContain('Clockwise');
      expect(starts(events.slice(0, firstPart))).not.toContain('Counter Clockwise');
      expect(starts(events.slice(firstPart))).toContain('Counter Clockwise');
    } finally {
      await engine.close();
    }
  });
});

if (!hasSharedData(CSV) || !hasSharedData(TRAJECTORIES)) console.warn(sharedDataMissing);
