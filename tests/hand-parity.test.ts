// Hand parity with MediaPipe (bench/parity.ts): our hands against MediaPipe Hands in headless Chromium,
// its models and crops on WebGL (the bench's reference), on two real photos, full and lite models.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { matchHands } from '../bench/pipeline/match.js';
import { chromiumPath } from '../bench/reference/browser.js';
import { runMediaPipeHands } from '../bench/reference/mediapipe.js';
import { readImageFrame } from '../src/capture/media.js';
import { HandLandmarker } from '../src/inference/hand-landmarker.js';
import { useFreshMediaPipeCache } from './support/mediapipe-cache.js';
import { hasSharedData, repoRoot, sharedData, sharedDataMissing } from './support/shared-data.js';

const photos = ['images/tfjs_two_hands.jpg', 'images/three_people.jpg'];
const haveChromium = existsSync(chromiumPath);
const haveData = hasSharedData(...photos);
const skipReason = !haveChromium ? `Chromium not found at ${chromiumPath}; skipping` : sharedDataMissing;

describe.skipIf(!haveChromium || !haveData)(haveChromium && haveData ? 'hands against MediaPipe Hands in Chromium' : skipReason, () => {
  useFreshMediaPipeCache('hand-parity');

  for (const variant of ['full', 'lite'] as const) {
    it(`${variant}: finds each of MediaPipe's hands, landmarks within 0.5% of the hand`, async () => {
      const frames = photos.map((path, index) => ({ ...readImageFrame(sharedData(path)), index }));
      const reference = await runMediaPipeHands(
        frames.map((f) => ({ name: f.source, width: f.width, height: f.height, format: 'bgr' as const, data: f.data })),
        { modelComplexity: variant === 'full' ? 1 : 0, maxNumHands: 4, minDetectionConfidence: 0.5, staticImageMode: true },
      );
      const landmarker = await HandLandmarker.createFromOptions({ modelDir: resolve(repoRoot, 'models/onnx'), variant, numHands: 4 });
      const errors: (number | undefined)[] = [];
      try {
        for (const [i, frame] of frames.entries()) {
          errors.push(...matchHands((await landmarker.detect(frame)).hands, reference[i]!.hands).errors);
        }
      } finally {
        await landmarker.close();
      }
      // MediaPipe finds three hands with full, four with lite.
      expect(errors).toHaveLength(variant === 'full' ? 3 : 4);
      // Measured at most 0.14% (full) and 0.33% (lite); 0.62-0.82% and 0.65-3.5% with the crops cut as
      // MediaPipe's CPU graph cuts them, as before.
      for (const error of errors) expect(error).toBeLessThan(0.005);
    });
  }
});
