// Speed of the hand pipeline on this machine: each model on onnxruntime (ours) against OpenCV's DNN
// module running the same converted models on the same inputs in the same run, then whole frames
// with 1, 2 and 4 hands, tracking on and off, full and lite, per stage. Whole-frame figures for
// OpenCV DNN are estimated: our frame time with our model time swapped for DNN's (same pre- and
// post-processing).
import { resolve } from 'node:path';
import { readImageFrame, readVideoFrames } from '../src/capture/media.js';
import { HandLandmarker } from '../src/inference/hand-landmarker.js';
import { FrameImage } from '../src/inference/frame-image.js';
import { fullFrameRect } from '../src/inference/palm-detector.js';
import { letterboxSquare } from '../src/inference/region.js';
import { loadOnnxRuntime, SessionFactory } from '../src/inference/session.js';
import type { Frame, HandRegion } from '../src/types.js';
import { createLogger, setLogSink } from '../src/util/log.js';
import { loadOpenCV } from '../src/util/opencv.js';
import { nhwcBlob, OpenCvDnnModel, opencvModelPath } from './pipeline/opencv-dnn.js';
import { ms, percentiles, timeIt, type Percentiles } from './pipeline/stats.js';
import { sharedData } from '../tests/support/shared-data.js';

const modelDir = 'models/onnx';
const dnnDir = '.cache/models-opencv';
const ITERATIONS = Number(process.env.GESTUREGATE_BENCH_ITERATIONS ?? 20);
const VARIANTS = ['lite', 'full'] as const;
type Variant = (typeof VARIANTS)[number];

async function firstVideoFrame(path: string): Promise<Frame> {
  for await (const frame of readVideoFrames(path)) return frame;
  throw new Error(`bench: no frame in ${path}`);
}

/** Frames with 1, 2 and 4 hands: the asl clip's first frame, the two-hands photo, and that photo twice, stacked. */
async function benchFrames(): Promise<Map<number, Frame>> {
  const one = await firstVideoFrame(sharedData('video/asl_hand_25fps.mp4'));
  const two = readImageFrame(sharedData('images/tfjs_two_hands.jpg'));
  const stacked = new Uint8Array(two.data.length * 2);
  stacked.set(two.data, 0);
  stacked.set(two.data, two.data.length);
  const four: Frame = { ...two, height: two.height * 2, data: stacked, source: 'tfjs_two_hands.jpg x2' };
  return new Map([
    [1, one],
    [2, two],
    [4, four],
  ]);
}

interface ModelRow {
  variant: Variant;
  model: string;
  ours: Percentiles;
  dnn: Percentiles;
  maxDiff: number;
}

async function modelRows(twoHands: Frame, region: HandRegion): Promise<ModelRow[]> {
  const cv = loadOpenCV();
  const runtime = await loadOnnxRuntime();
  const sessions = new SessionFactory(runtime, { providers: ['cpu'], intraOpThreads: 0, interOpThreads: 0 }, createLogger('bench'));
  const image = new FrameImage(twoHands);
  const rows: ModelRow[] = [];
  for (const variant of VARIANTS) {
    for (const name of ['palm_detection', 'hand_landmark'] as const) {
      const { runner } = await sessions.create(resolve(modelDir, `${name}_${variant}.onnx`));
      const size = name === 'palm_detection' ? 192 : 224;
      const input = name === 'palm_detection' ? image.crop(letterboxSquare(fullFrameRect(twoHands)), size, 'zero') : image.crop(region, size, 'replicate');
      const dims = [1, size, size, 3];
      const dnn = new OpenCvDnnModel(
        cv,
        opencvModelPath(name, variant, dnnDir),
        runner.outputs.map((output) => output.name),
      );
      const blob = nhwcBlob(cv, input, dims);
      // Same outputs first: a fast wrong answer is no peer.
      const ours = await runner.run(input);
      const theirs = dnn.forward(blob);
      let maxDiff = 0;
      ours.forEach((a, i) => a.forEach((v, k) => (maxDiff = Math.max(maxDiff, Math.abs(v - theirs[i]![k]!)))));
      const oursMs = await timeIt(ITERATIONS, 3, () => runner.run(input));
      const dnnMs = await timeIt(ITERATIONS, 3, () => dnn.forward(blob));
      rows.push({ variant, model: `${name}_${variant}`, ours: percentiles(oursMs), dnn: percentiles(dnnMs), maxDiff });
      await runner.release();
    }
  }
  image.release();
  return rows;
}

interface FrameRow {
  variant: Variant;
  hands: number;
  tracking: boolean;
  found: number;
  detectionShare: number;
  total: Percentiles;
  detect: Percentiles;
  landmarks: Percentiles;
}

async function frameRows(frames: Map<number, Frame>): Promise<FrameRow[]> {
  const rows: FrameRow[] = [];
  for (const variant of VARIANTS) {
    for (const [hands, frame] of frames) {
      const landmarker = await HandLandmarker.createFromOptions({ modelDir, variant, numHands: hands });
      for (const tracking of [true, false]) {
        landmarker.reset();
        const totals: number[] = [];
        const detects: number[] = [];
        const landmarks: number[] = [];
        let detections = 0;
        let found = 0;
        for (let i = 0; i < ITERATIONS + 3; i++) {
          const input = { ...frame, index: i, timestampMs: i * 33 };
          const result = tracking ? await landmarker.detectForVideo(input) : await landmarker.detect(input);
          if (i < 3) continue; // warm-up; tracking starts on the first frame
          totals.push(result.timings.total ?? Number.NaN);
          detects.push(result.timings.detect ?? 0);
          landmarks.push(result.timings.landmarks ?? 0);
          if (result.detectionRan) detections++;
          found = Math.max(found, result.hands.length);
        }
        rows.push({
          variant,
          hands,
          tracking,
          found,
          detectionShare: detections / ITERATIONS,
          total: percentiles(totals),
          detect: percentiles(detects),
          landmarks: percentiles(landmarks),
        });
      }
      await landmarker.close();
    }
  }
  return rows;
}

export async function run(): Promise<void> {
  setLogSink(() => {});
  const frames = await benchFrames();
  const twoHands = frames.get(2)!;
  const probe = await HandLandmarker.createFromOptions({ modelDir, variant: 'full', numHands: 2 });
  const region = (await probe.detect(twoHands)).hands[0]?.region;
  await probe.close();
  if (!region) throw new Error('bench: no hand found in tfjs_two_hands.jpg');

  const models = await modelRows(twoHands, region);
  const out: string[] = [];
  out.push(`Per model, one run on a real input (${ITERATIONS} runs after 3 warm-up; ms):`, '');
  out.push('| model | onnxruntime p50 | p95 | OpenCV DNN p50 | p95 | speed-up (DNN p50 / ours p50) | max abs output diff |');
  out.push('| --- | --- | --- | --- | --- | --- | --- |');
  for (const r of models) {
    out.push(
      `| ${r.model} | ${ms(r.ours.p50)} | ${ms(r.ours.p95)} | ${ms(r.dnn.p50)} | ${ms(r.dnn.p95)} | ${(r.dnn.p50 / r.ours.p50).toFixed(2)}x | ${r.maxDiff.toExponential(1)} |`,
    );
  }

  const frameResults = await frameRows(frames);
  const modelMs = (variant: Variant, name: string, peer: 'ours' | 'dnn') => models.find((m) => m.model === `${name}_${variant}`)![peer].p50;
  out.push(
    '',
    `Whole frames (ms; ${ITERATIONS} frames after 3 warm-up; numHands = hands in view). DNN whole frame is estimated: our frame with model times swapped.`,
    '',
  );
  out.push(
    '| variant | hands | tracking | found | palm detection ran | total p50 | total p95 | palm stage p50 | landmark stage p50 | OpenCV DNN est. p50 | speed-up |',
  );
  out.push('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const r of frameResults) {
    const palmRuns = r.detectionShare;
    const swap = (peer: 'ours' | 'dnn') => palmRuns * modelMs(r.variant, 'palm_detection', peer) + r.found * modelMs(r.variant, 'hand_landmark', peer);
    const dnnEstimate = r.total.p50 - swap('ours') + swap('dnn');
    out.push(
      `| ${r.variant} | ${r.hands} | ${r.tracking ? 'on' : 'off'} | ${r.found} | ${(100 * r.detectionShare).toFixed(0)}% | ${ms(r.total.p50)} | ${ms(r.total.p95)} | ${ms(r.detect.p50)} | ${ms(r.landmarks.p50)} | ${ms(dnnEstimate)} | ${(dnnEstimate / r.total.p50).toFixed(2)}x |`,
    );
  }
  process.stdout.write(out.join('\n') + '\n');
}
