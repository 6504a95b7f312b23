// The whole path on REAL footage (../shared/data/handshake, UT-Interaction, research use with
// citation): video → hand and pose models → people and hands → gesture engine → handshake events, on
// two handshake clips and a hug. Skips, saying so, where the clips are absent.
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handshakeClips, handshakeDir, hasHandshakeClips, type Clip } from '../bench/handshake/clips.js';
import { evaluateClip } from '../bench/handshake/evaluate.js';
import { clipFrames } from '../bench/handshake/frames.js';
import { HolisticLandmarker } from '../src/inference/holistic-landmarker.js';
import { repoRoot } from './support/shared-data.js';

const present = hasHandshakeClips();
const modelDir = resolve(repoRoot, 'models/onnx');
const clip = (name: string): Clip => handshakeClips().find((c) => c.name === name)!;

describe.skipIf(!present)(`handshake on real clips${present ? '' : ` (skipped: ${handshakeDir} not found, see ../shared/data/README.md)`}`, () => {
  let landmarker: HolisticLandmarker;
  beforeAll(async () => {
    landmarker = await HolisticLandmarker.createFromOptions({ modelDir, people: { enabled: true } });
  });
  afterAll(async () => {
    await landmarker?.close();
  });

  for (const name of ['ut_shake_hands_set1_8_2_0.mp4', 'ut_shake_hands_set1_17_3_0.mp4']) {
    it(`${name}: one handshake between the two people, starting within 1 s of first contact`, async () => {
      const c = clip(name);
      const outcome = await evaluateClip(c, await clipFrames(c.path, landmarker));
      expect(outcome.starts).toHaveLength(1);
      expect(outcome.people).toHaveLength(2);
      expect(outcome.latency!).toBeGreaterThanOrEqual(-1);
      expect(outcome.latency!).toBeLessThanOrEqual(1);
    }, 300_000);
  }

  it('neg_hug_ut_set1_2_1_1.mp4: no handshake in a hug', async () => {
    const c = clip('neg_hug_ut_set1_2_1_1.mp4');
    expect((await evaluateClip(c, await clipFrames(c.path, landmarker))).starts).toEqual([]);
  }, 300_000);
});
