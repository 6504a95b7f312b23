// Wave recognition: on the real clips (through our own hand pipeline: swipe_left_right is an open palm
// swept side to side, the others are negatives) and on SYNTHETIC kinematic sequences for the
// frequency band, amplitude and shape limits.
import { beforeAll, describe, expect, it } from 'vitest';
import type { GestureEvent, HandsResult } from '../src/types.js';
import { shippedEngineEvents, waving } from './support/gesture-scenarios.js';
import { SHAPES } from './support/kinematics.js';
import { hasSharedData, sharedData, sharedDataMissing } from './support/shared-data.js';

const waves = (events: GestureEvent[]): string[] => events.filter((e) => e.label === 'wave').map((e) => e.phase);

const CLIPS = { swipe_left_right: 1, swipe_up_down: 0, zoom_in_out: 0, clicks: 0, dndv1: 0 } as const;
const clipPath = (name: string): string => `video/${name}.mp4`;

describe.skipIf(!hasSharedData(...Object.keys(CLIPS).map(clipPath)))('wave on real clips through the hand pipeline', () => {
  const frames = new Map<string, HandsResult[]>();

  beforeAll(async () => {
    const { HandLandmarker } = await import('../src/inference/hand-landmarker.js');
    const { handsStream } = await import('../src/commands/detect.js');
    // One person per clip: one hand tracked keeps palm detection to the frames that lose it.
    const landmarker = await HandLandmarker.createFromOptions({ numHands: 1 });
    try {
      for (const name of Object.keys(CLIPS)) {
        const results: HandsResult[] = [];
        for await (const d of handsStream([{ path: sharedData(clipPath(name)), kind: 'video' }], landmarker)) results.push(d.result);
        frames.set(name, results);
      }
    } finally {
      await landmarker.close();
    }
  });

  for (const [name, expected] of Object.entries(CLIPS)) {
    it(`${name}: ${expected ? 'one wave (start and end)' : 'no wave'}`, async () => {
      const events = await shippedEngineEvents(frames.get(name)!);
      expect(waves(events)).toEqual(expected ? ['start', 'end'] : []);
    });
  }
});

describe('wave on synthetic sequences', () => {
  const base = { sweep: 1.2, axis: 'x' as const, shape: SHAPES.open, durationMs: 6000 };
  for (const hz of [0.7, 1.5, 2.5, 4]) {
    it(`an open palm waving at ${hz} Hz gives one wave, which ends once the hand is still`, async () => {
      const events = (await shippedEngineEvents(waving({ ...base, hz, seed: Math.round(hz * 10) }))).filter((e) => e.label === 'wave');
      expect(events.map((e) => e.phase)).toEqual(['start', 'end']);
      // Waving runs 0.5–3.5 s; the end follows within the stillness limit plus the release time.
      expect(events[1]!.frameTimestampMs).toBeLessThan(5800);
    });
  }
  const negatives = [
    { name: 'moving up and down', options: { ...base, axis: 'y' as const, hz: 2 } },
    { name: 'a fist moved side to side', options: { ...base, shape: SHAPES.fist, hz: 2 } },
    { name: 'a tremor of 0.15 hand sizes', options: { ...base, sweep: 0.15, hz: 2 } },
    { name: 'a very slow drift (0.1 Hz)', options: { ...base, sweep: 2, hz: 0.1 } },
  ];
  for (const n of negatives) {
    it(`no wave: ${n.name}`, async () => {
      expect(waves(await shippedEngineEvents(waving({ ...n.options, seed: 7 })))).toEqual([]);
    });
  }
});

if (!hasSharedData(...Object.keys(CLIPS).map(clipPath))) console.warn(sharedDataMissing);
