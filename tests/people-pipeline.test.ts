// The people layer on real converted models and real images/video: every person in a still image,
// and two people tracked with one ID each through real handshake footage.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readImageFrame, readVideoFrames } from '../src/capture/media.js';
import { HolisticLandmarker } from '../src/inference/holistic-landmarker.js';
import { PoseLandmarker, poseModelPaths } from '../src/inference/pose-landmarker.js';
import { withFrameImage } from '../src/inference/frame-image.js';
import { parseInferenceOptions } from '../src/inference/options.js';
import { PoseLandmarkModel } from '../src/inference/pose-landmark-model.js';
import { createSessionFactory } from '../src/inference/session.js';
import { createLogger, setLogSink } from '../src/util/log.js';
import type { Frame, PersonObservation } from '../src/types.js';
import { hasSharedData, repoRoot, sharedData, sharedDataMissing } from './support/shared-data.js';

const modelDir = resolve(repoRoot, 'models/onnx');

function requireModels(variant: 'lite' | 'full'): void {
  const paths = poseModelPaths({ modelDir, people: { variant } });
  for (const path of [paths.detector, paths.landmarks]) {
    if (!existsSync(path)) throw new Error(`converted model missing: ${path} (run \`npm run build && node dist/src/cli.js convert\`)`);
  }
}

describe('people in a still image', () => {
  let landmarker: PoseLandmarker;
  beforeAll(async () => {
    requireModels('full');
    landmarker = await PoseLandmarker.createFromOptions({ modelDir, people: { variant: 'full' } });
  });
  afterAll(async () => {
    await landmarker?.close();
  });

  it('finds all three people of three_people.jpg, each with a face, shoulders and two body hands', async () => {
    const frame = readImageFrame(sharedData('images/three_people.jpg'));
    const { people, detectionRan } = await landmarker.detect(frame);
    expect(detectionRan).toBe(true);
    expect(people).toHaveLength(3);
    // Noses where the three faces are (read off the image: standing left, seated middle, standing right).
    const noses = people.map((p) => p.landmarks[0]!).sort((a, b) => a.x - b.x);
    const expected = [
      { x: 190, y: 160 },
      { x: 375, y: 480 },
      { x: 880, y: 150 },
    ];
    noses.forEach((nose, i) => {
      expect(Math.hypot(nose.x - expected[i]!.x, nose.y - expected[i]!.y)).toBeLessThan(40);
    });
    expect(new Set(people.map((p) => p.trackId)).size).toBe(3);
    for (const person of people) {
      expect(person.score).toBeGreaterThan(0.5);
      expect(person.landmarks).toHaveLength(33);
      expect(person.worldLandmarks).toHaveLength(33);
      // Shoulders visible and a shoulder width apart in metres (world landmarks).
      expect(person.landmarks[11]!.visibility).toBeGreaterThan(0.5);
      const shoulders = Math.hypot(person.worldLandmarks[11]!.x - person.worldLandmarks[12]!.x, person.worldLandmarks[11]!.y - person.worldLandmarks[12]!.y);
      expect(shoulders).toBeGreaterThan(0.2);
      expect(shoulders).toBeLessThan(0.6);
      expect(person.hands.map((h) => h.side)).toEqual(['Left', 'Right']);
      for (const hand of person.hands) expect(Math.hypot(hand.forearm.x, hand.forearm.y)).toBeCloseTo(1, 6);
    }
  });

  it("runs the pose model once per person, on the detection's region (MediaPipe's still-image mode)", async () => {
    const frame = readImageFrame(sharedData('images/three_people.jpg'));
    const { people } = await landmarker.detect(frame);
    const options = parseInferenceOptions({ modelDir, people: { variant: 'full' } });
    const model = new PoseLandmarkModel(await (await createSessionFactory(options, createLogger('test'))).create(poseModelPaths(options).landmarks));
    try {
      await withFrameImage(frame, async (image) => {
        for (const person of people) expect((await model.run(image, person.region)).landmarks).toEqual(person.landmarks);
      });
    } finally {
      await model.model.runner.release();
    }
  });

  it('finds nobody in a frame without people', async () => {
    const blank: Frame = { index: 0, timestampMs: 0, width: 320, height: 240, data: new Uint8Array(320 * 240 * 3).fill(128), source: 'grey' };
    expect((await landmarker.detect(blank)).people).toHaveLength(0);
  });
});

describe('a person too small for the whole-frame search', () => {
  it('is found in geaxgx_palm_input.jpg only by a closer look, wrists at both hands', async () => {
    requireModels('lite');
    // 128x128, the person about 60 px tall: the whole frame scores them 0.47, under the 0.5 threshold.
    const frame = readImageFrame(resolve(repoRoot, 'tests/fixtures/images/geaxgx_palm_input.jpg'));
    const found: Record<string, { people: PersonObservation[]; detectorRuns: number }> = {};
    for (const [name, minScore] of [
      ['whole frame', 1],
      ['closer look', 0.1],
    ] as const) {
      const landmarker = await PoseLandmarker.createFromOptions({ modelDir, people: { closerLook: { minScore } } });
      try {
        found[name] = await landmarker.detect(frame);
      } finally {
        await landmarker.close();
      }
    }
    expect(found['whole frame']!.people).toHaveLength(0);
    expect(found['whole frame']!.detectorRuns).toBe(1);
    // The whole frame and one closer look.
    expect(found['closer look']!.detectorRuns).toBe(2);
    expect(found['closer look']!.people).toHaveLength(1);
    const [person] = found['closer look']!.people;
    // The hands read off the image (bench/doorway/scenes.ts, ±3 px): raised by the head (21.5, 52), at the hip (49, 73.5).
    const wrists = [person!.landmarks[15]!, person!.landmarks[16]!].sort((a, b) => a.x - b.x);
    expect(Math.hypot(wrists[0]!.x - 21.5, wrists[0]!.y - 52)).toBeLessThan(8);
    expect(Math.hypot(wrists[1]!.x - 49, wrists[1]!.y - 73.5)).toBeLessThan(8);
  });
});

describe('people and hands together', () => {
  it('log an unavailable execution provider once for all five models, and run on the next', async () => {
    requireModels('lite');
    const lines: string[] = [];
    setLogSink((line) => lines.push(line));
    const landmarker = await HolisticLandmarker.createFromOptions({ modelDir, variant: 'lite', providers: ['cuda', 'cpu'], people: { variant: 'lite' } });
    try {
      expect(Object.values(landmarker.providers)).toEqual(['cpu', 'cpu', 'cpu', 'cpu']);
      const warnings = lines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l.level === 'warn');
      expect(warnings.map((w) => w.provider)).toEqual(['cuda']);
    } finally {
      await landmarker.close();
      setLogSink((line) => process.stdout.write(line + '\n'));
    }
  });
});

const clips = [
  // Contact window (s) from ../shared/data/handshake/README.md.
  { file: 'handshake/ut_shake_hands_set1_4_1_0.mp4', contact: [1.75, 4.5] },
  { file: 'handshake/ut_shake_hands_set1_8_2_0.mp4', contact: [1.0, 2.5] },
] as const;
const haveClips = hasSharedData(...clips.map((c) => c.file));

describe.skipIf(!haveClips)(haveClips ? 'two people shaking hands (real footage)' : sharedDataMissing, () => {
  let landmarker: PoseLandmarker;
  beforeAll(async () => {
    requireModels('lite');
    landmarker = await PoseLandmarker.createFromOptions({ modelDir, people: { variant: 'lite' } });
  });
  afterAll(async () => {
    await landmarker?.close();
  });

  for (const clip of clips) {
    it(`${clip.file}: both people, one ID each through the clip, right wrists together in contact frames`, async () => {
      landmarker.reset();
      const frames: { timestampMs: number; people: PersonObservation[]; detectionRan: boolean }[] = [];
      for await (const frame of readVideoFrames(sharedData(clip.file))) {
        const result = await landmarker.detectForVideo(frame);
        frames.push({ timestampMs: frame.timestampMs, ...result });
      }
      const ids = new Set(frames.flatMap((f) => f.people.map((p) => p.trackId)));
      expect(ids.size).toBe(2);
      const withBoth = frames.filter((f) => f.people.length === 2).length;
      expect(withBoth / frames.length).toBeGreaterThan(0.95);
      // The detector does not run every frame while both are tracked.
      expect(frames.filter((f) => f.detectionRan).length).toBeLessThan(frames.length / 5);
      // One pose a frame (people.posesPerFrame's default): of two people tracked on consecutive
      // frames, exactly one gets new landmarks from the model, in turn; the other's image landmarks
      // are moved on from its last poses and its world landmarks are the last pose's.
      const updated = frames.slice(1).map((f, i) => {
        const before = frames[i]!;
        if (f.people.length !== 2 || before.people.length !== 2 || f.detectionRan) return undefined;
        return f.people.filter((p) => before.people.find((q) => q.trackId === p.trackId)?.worldLandmarks !== p.worldLandmarks).map((p) => p.trackId);
      });
      const counted = updated.filter((ids) => ids !== undefined);
      expect(counted.length).toBeGreaterThan(frames.length / 2);
      expect(counted.every((ids) => ids.length === 1)).toBe(true);
      const repeats = updated.slice(1).filter((ids, i) => ids !== undefined && updated[i] !== undefined && ids[0] === updated[i]![0]);
      expect(repeats).toEqual([]);

      const [from, to] = clip.contact.map((s) => s * 1000);
      const contact = frames.filter((f) => f.timestampMs >= from! + 250 && f.timestampMs <= to! - 250 && f.people.length === 2);
      expect(contact.length).toBeGreaterThan(10);
      const together = contact.filter((f) => {
        const [a, b] = f.people.map((p) => p.landmarks[16]!);
        // The clasped hands are 15-20 px wide; wrists of two people holding hands are within a hand or two.
        return Math.hypot(a!.x - b!.x, a!.y - b!.y) < 40 && a!.visibility > 0.5 && b!.visibility > 0.5;
      });
      expect(together.length / contact.length).toBeGreaterThan(0.8);
    });
  }
});

describe.skipIf(!haveClips)(haveClips ? 'palm search beside tracked people (real footage)' : sharedDataMissing, () => {
  it(`${clips[0].file}: the palm search keeps its cadence (200 ms) while the hands come from the two bodies`, async () => {
    requireModels('lite');
    const landmarker = await HolisticLandmarker.createFromOptions({ modelDir, numHands: 4, people: { variant: 'lite' } });
    try {
      let frames = 0;
      let searched = 0;
      let onBodies = 0;
      for await (const frame of readVideoFrames(sharedData(clips[0].file))) {
        const result = await landmarker.detectForVideo(frame);
        frames++;
        if (result.detectionRan) searched++;
        onBodies += result.hands.filter((h) => h.personId !== undefined).length;
      }
      // The clip is 30 fps: a search every 200 ms is every 6th frame. A hand of a body lost from its
      // region is found again from the body's wrist, not by searching the whole frame (half the frames).
      expect(searched / frames).toBeLessThan(0.25);
      expect(onBodies / frames).toBeGreaterThan(1);
    } finally {
      await landmarker.close();
    }
  });
});
