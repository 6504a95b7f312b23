// The inference-backend seam: the palm detector run by TensorFlow Lite (the runtime a Coral uses,
// there with the Edge TPU delegate) through the ModelRunner interface, in the unchanged PalmDetector,
// finds the same palms as the converted ONNX model on onnxruntime.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readImageFrame } from '../src/capture/media.js';
import { FrameImage } from '../src/inference/frame-image.js';
import { PalmDetector } from '../src/inference/palm-detector.js';
import { loadOnnxRuntime, SessionFactory } from '../src/inference/session.js';
import { TfliteRunner } from '../src/inference/tflite-runner.js';
import { createLogger } from '../src/util/log.js';
import { hasSharedData, repoRoot, sharedData, sharedDataMissing } from './support/shared-data.js';

const image = 'images/tfjs_two_hands.jpg';
const onnxPalm = join(repoRoot, 'models/onnx/palm_detection_lite.onnx');
const dir = mkdtempSync(join(tmpdir(), 'gesturegate-backend-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.skipIf(!hasSharedData(image))(`inference backend seam${hasSharedData(image) ? '' : ` (${sharedDataMissing})`}`, () => {
  it('PalmDetector on a TFLite runner finds the palms the ONNX session finds', async () => {
    // palm_detection_lite.tflite lives inside MediaPipe's packed assets (byte range from the model notes).
    const packed = readFileSync(join(repoRoot, 'node_modules/@mediapipe/hands/hands_solution_packed_assets.data'));
    const tflitePath = join(dir, 'palm_detection_lite.tflite');
    writeFileSync(tflitePath, packed.subarray(2341291, 4326731));

    const runtime = await loadOnnxRuntime();
    const onnx = await new SessionFactory(runtime, { providers: ['cpu'], intraOpThreads: 1, interOpThreads: 1 }, createLogger('test')).create(onnxPalm);
    const tflite = new TfliteRunner(tflitePath);
    expect(tflite.inputs).toEqual(onnx.runner.inputs);
    expect(tflite.outputs).toEqual(onnx.runner.outputs);

    const frame = new FrameImage(readImageFrame(sharedData(image)));
    const viaOnnx = await new PalmDetector(onnx, 0.5).detect(frame);
    const viaTflite = await new PalmDetector({ runner: tflite, provider: 'cpu', modelPath: tflitePath }, 0.5).detect(frame);
    expect(viaOnnx.length).toBeGreaterThan(0);
    expect(viaTflite.length).toBe(viaOnnx.length);
    viaOnnx.forEach((palm, i) => {
      const other = viaTflite[i]!;
      expect(Math.abs(other.score - palm.score)).toBeLessThan(1e-3);
      for (const key of ['xMin', 'yMin', 'width', 'height'] as const) expect(Math.abs(other.box[key] - palm.box[key])).toBeLessThan(0.5);
    });
    await tflite.release();
    await onnx.runner.release();
  });

  it('refuses a missing TFLite model by name', () => {
    expect(() => new TfliteRunner(join(dir, 'nope.tflite'))).toThrow(/^cannot read TFLite model .*nope\.tflite: ENOENT$/);
  });
});
