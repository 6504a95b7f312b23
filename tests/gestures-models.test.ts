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
import { trainAndExport } from '../src/train/workbench.js';
import type { GestureEvent, HandsResult } from '../src/types.js';
import { UserError } from '../src/util/errors.js';
import { observation } from './support/kinematics.js';
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
        frames.push({ frameIndex: frames.length, timestampMs: t, hands: [observation(1, t, landmarks, 'Right')], detectionRan: false, timings: {} });
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
      expect(() => buildGestureEngine(parseGesturesConfig({}), [{ entry: parseGesturesConfig({ models: [{ path: dir }] }).models[0]!, model }])).toThrow(/label "fist"/);
    } finally {
      await model.close();
    }
  });
});

if (!hasSharedData(CSV)) console.warn(sharedDataMissing);
