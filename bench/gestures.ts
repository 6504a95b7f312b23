// Per-frame cost of the gesture engine (all built-in gestures, shipped defaults) beside the hand
// pipeline it runs behind, measured in the same run on the same frames of a real clip: the ratio says
// how much the gesture layer adds. A second row times the engine on a busier SYNTHETIC scene of four
// hands (a handshake and two waves) against the same pipeline reference.
import { handsStream } from '../src/commands/detect.js';
import { parseGesturesConfig } from '../src/gestures/config.js';
import { buildGestureEngine } from '../src/gestures/engine.js';
import { HandLandmarker } from '../src/inference/hand-landmarker.js';
import type { HandsResult } from '../src/types.js';
import { setLogLevel } from '../src/util/log.js';
import { handshake, waving } from '../tests/support/gesture-scenarios.js';
import { SHAPES } from '../tests/support/kinematics.js';
import { sharedData } from '../tests/support/shared-data.js';

const CLIP = sharedData('video/swipe_left_right.mp4');
const REPEATS = 20;

/** Mean ms per frame of running the engine over the frames, repeated (a fresh engine each pass). */
async function engineMsPerFrame(frames: HandsResult[]): Promise<number> {
  let total = 0;
  for (let r = 0; r < REPEATS; r++) {
    const engine = buildGestureEngine(parseGesturesConfig({}));
    const started = performance.now();
    for (const frame of frames) await engine.process(frame);
    total += performance.now() - started;
  }
  return total / (REPEATS * frames.length);
}

/** Four hands at once: two people shaking hands while two other hands wave (shifted apart). */
function busyScene(): HandsResult[] {
  const shake = handshake({ pumpHz: 3, dropOut: false, seed: 1 });
  const waveA = waving({ hz: 2, sweep: 1.2, axis: 'x', shape: SHAPES.open, durationMs: 5000, seed: 2 });
  return shake.map((frame, i) => {
    const extra = (waveA[i]?.hands ?? []).flatMap((h) => [
      { ...h, trackId: 10, landmarks: h.landmarks.map((p) => ({ ...p, x: p.x - 200 })) },
      { ...h, trackId: 11, landmarks: h.landmarks.map((p) => ({ ...p, x: p.x + 200 })) },
    ]);
    return { ...frame, hands: [...frame.hands, ...extra] };
  });
}

export async function run(): Promise<void> {
  setLogLevel('warn');
  const landmarker = await HandLandmarker.createFromOptions({});
  const frames: HandsResult[] = [];
  let pipelineMs = 0;
  try {
    let last = performance.now();
    for await (const d of handsStream([{ path: CLIP, kind: 'video' }], landmarker)) {
      // Decode time is included in the pipeline figure; it is a small part of it.
      const now = performance.now();
      pipelineMs += now - last;
      frames.push(d.result);
      last = performance.now();
    }
  } finally {
    await landmarker.close();
  }
  const pipelinePerFrame = pipelineMs / frames.length;
  const realEngine = await engineMsPerFrame(frames);
  const busy = busyScene();
  const busyEngine = await engineMsPerFrame(busy);
  const handsPerFrame = (f: HandsResult[]): string => (f.reduce((n, r) => n + r.hands.length, 0) / f.length).toFixed(1);
  process.stdout.write(`clip ${CLIP}: ${frames.length} frames; engine figures are means over ${REPEATS} passes\n\n`);
  process.stdout.write(
    '| frames | hands/frame | gesture engine ms/frame | hand pipeline ms/frame (reference) | engine / pipeline |\n| --- | ---: | ---: | ---: | ---: |\n',
  );
  process.stdout.write(
    `| real clip | ${handsPerFrame(frames)} | ${realEngine.toFixed(3)} | ${pipelinePerFrame.toFixed(1)} | ${(realEngine / pipelinePerFrame).toFixed(4)} |\n`,
  );
  process.stdout.write(
    `| synthetic, 4 hands | ${handsPerFrame(busy)} | ${busyEngine.toFixed(3)} | ${pipelinePerFrame.toFixed(1)} | ${(busyEngine / pipelinePerFrame).toFixed(4)} |\n`,
  );
}
