// Parity with MediaPipe: our pipeline (converted models on onnxruntime) against MediaPipe's own JS
// solution on the same images (HaGRID grid cut into its 50 photos, the other shared photos) and
// against MediaPipe's recorded landmarks for every frame of the asl clip. Reports the share of
// MediaPipe's hands we find and the landmark distance as a fraction of the hand's size.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readImageFrame, readVideoFrames } from '../src/capture/media.js';
import { matToRawFrame } from '../src/capture/opencv-source.js';
import { HandLandmarker } from '../src/inference/hand-landmarker.js';
import type { Frame, Handedness } from '../src/types.js';
import { setLogSink } from '../src/util/log.js';
import { loadOpenCV } from '../src/util/opencv.js';
import { runMediaPipeHands, type ReferenceResult } from './reference/mediapipe.js';
import { matchHands, summarise, type ComparedHand, type ImageMatch, type ParitySummary } from './pipeline/match.js';
import { sharedData } from '../tests/support/shared-data.js';

const modelDir = 'models/onnx';
const NUM_HANDS = 4;

/** The shared photos as frames: each HaGRID grid cell on its own, then the other photos. */
function stillFrames(): Frame[] {
  const cv = loadOpenCV();
  const frames: Frame[] = [];
  const toFrame = (mat: ReturnType<typeof cv.imread>, source: string): Frame => ({ index: frames.length, source, ...matToRawFrame(mat, 0) });
  const grid = cv.imread(sharedData('images/hagrid_grid_10x5.jpg'));
  for (let row = 0; row < 5; row++) {
    for (let col = 0; col < 10; col++) {
      frames.push(toFrame(grid.getRegion(new cv.Rect(col * 128, row * 128, 128, 128)).copy(), `hagrid cell ${row},${col}`));
    }
  }
  for (const name of ['tfjs_two_hands.jpg', 'three_people.jpg', 'geaxgx_palm_input.jpg']) {
    frames.push({ ...readImageFrame(sharedData(`images/${name}`)), index: frames.length, source: name });
  }
  const makerDir = sharedData('images/model_maker');
  for (const label of readdirSync(makerDir).sort()) {
    for (const file of readdirSync(join(makerDir, label)).sort()) {
      frames.push({ ...readImageFrame(join(makerDir, label, file)), index: frames.length, source: `model_maker/${label}/${file}` });
    }
  }
  return frames;
}

/** MediaPipe labels hands for a mirrored image; ours are the person's own hands. */
const swap = (h: Handedness): Handedness => (h === 'Left' ? 'Right' : 'Left');

function referenceHands(result: ReferenceResult): ComparedHand[] {
  return result.hands.map((h) => ({ landmarks: h.landmarks, handedness: swap(h.handedness) }));
}

async function stillParity(variant: 'full' | 'lite', frames: Frame[]): Promise<ParitySummary> {
  const reference = await runMediaPipeHands(
    frames.map((f) => ({ name: f.source, width: f.width, height: f.height, format: 'bgr' as const, data: f.data })),
    { modelComplexity: variant === 'full' ? 1 : 0, maxNumHands: NUM_HANDS, minDetectionConfidence: 0.5, staticImageMode: true },
  );
  const landmarker = await HandLandmarker.createFromOptions({ modelDir, variant, numHands: NUM_HANDS });
  const matches: ImageMatch[] = [];
  try {
    for (const [i, frame] of frames.entries()) {
      const ours = (await landmarker.detect(frame)).hands;
      matches.push(matchHands(ours, referenceHands(reference[i]!)));
    }
  } finally {
    await landmarker.close();
  }
  return summarise(matches);
}

async function clipParity(): Promise<ParitySummary> {
  const recorded = JSON.parse(readFileSync(sharedData('reference/asl_hand_mediapipe_full.json'), 'utf8')) as number[][][];
  const landmarker = await HandLandmarker.createFromOptions({ modelDir, variant: 'full', numHands: 1 });
  const matches: ImageMatch[] = [];
  try {
    for await (const frame of readVideoFrames(sharedData('video/asl_hand_25fps.mp4'))) {
      const expected = recorded[frame.index];
      if (!expected) break;
      const ours = (await landmarker.detectForVideo(frame)).hands;
      // The recording has no handedness.
      const reference = [{ landmarks: expected.map(([x, y, z]) => ({ x: x!, y: y!, z: z! })) }];
      matches.push(matchHands(ours, reference));
    }
  } finally {
    await landmarker.close();
  }
  return summarise(matches);
}

const pct = (v: number): string => (Number.isFinite(v) ? `${(100 * v).toFixed(2)}%` : '-');

export async function run(): Promise<void> {
  setLogSink(() => {});
  const frames = stillFrames();
  const rows: [string, ParitySummary][] = [
    [`photos (${frames.length}: 50 HaGRID cells, 3 photos, 40 Model Maker), full vs MediaPipe JS complexity 1`, await stillParity('full', frames)],
    [`photos, lite vs MediaPipe JS complexity 0`, await stillParity('lite', frames)],
    ['asl clip (325 frames, tracking), full vs MediaPipe recorded', await clipParity()],
  ];
  const out = [
    "Share of MediaPipe's hands we find (target ≥ 95%) and mean landmark distance over matched hands as a fraction of hand size (target ≤ 2%):",
    '',
    '| set | MediaPipe hands | found by us | share | mean distance | p95 distance | our extra hands | handedness agrees |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
    ...rows.map(
      ([name, s]) =>
        `| ${name} | ${s.referenceHands} | ${s.found} | ${pct(s.found / s.referenceHands)} | ${pct(s.meanError)} | ${pct(s.p95Error)} | ${s.extra} | ${pct(s.handednessAgreement)} |`,
    ),
  ];
  process.stdout.write(out.join('\n') + '\n');
}
