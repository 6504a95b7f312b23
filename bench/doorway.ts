// Hands at doorway distance: recall of people's hands and false hands for our `full` search
// (MediaPipe's), our tiled searches, and MediaPipe's own JS solution on the same frames, with the
// cost of each search per frame. Scenes: bench/doorway/scenes.ts; scoring: bench/doorway/score.ts.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { InferenceOptionsInput } from '../src/inference/options.js';
import { HandLandmarker } from '../src/inference/hand-landmarker.js';
import type { Frame } from '../src/types.js';
import { setLogSink } from '../src/util/log.js';
import { runMediaPipeHands } from './reference/mediapipe.js';
import { buildScenes, type Scene } from './doorway/scenes.js';
import { scoreScene, summarise, type SceneScore, type Summary } from './doorway/score.js';

const sharedDir = process.env.GESTUREGATE_SHARED_DATA ?? resolve('../shared/data');
const modelDir = 'models/onnx';
type DetectionInput = NonNullable<NonNullable<InferenceOptionsInput>['detection']>;

/** One person: two hands, as MediaPipe's maxNumHands 2. */
const NUM_HANDS = 2;
/** Frames a tracked sequence runs for the cost with tracking. */
const TRACKED_FRAMES = 10;

/** Our doorway default (docs/doorway.md): motion zone, tiles at twice the detector's zoom, weaker palms confirmed by the landmark model. */
export const doorwayDetection = {
  strategy: 'zone',
  zone: { source: 'motion' },
  tiles: { scale: 2, minScore: 0.35 },
} as const satisfies DetectionInput;
const tilesDetection = { strategy: 'tiles', tiles: { scale: 2, minScore: 0.35 } } as const satisfies DetectionInput;

interface MethodRun {
  scores: SceneScore[];
  /** Mean palm search ms per frame, by frame size. */
  detectMs: { small: number; wide: number };
}

function mean(values: number[]): number {
  return values.length ? values.reduce((a, b) => a + b, 0) / values.length : Number.NaN;
}

function isWide(frame: Frame): boolean {
  return frame.width > 256;
}

/** Each scene on its own (still images): detect() for still scenes; for pasted scenes the empty frame first when `motion`. */
async function runOurs(detection: DetectionInput, scenes: readonly Scene[], motion: boolean): Promise<MethodRun> {
  const landmarker = await HandLandmarker.createFromOptions({ modelDir, numHands: NUM_HANDS, detection });
  const small: number[] = [];
  const wide: number[] = [];
  const scores: SceneScore[] = [];
  try {
    for (const scene of scenes) {
      landmarker.reset();
      // The motion zone needs to have seen the doorway before the person came in.
      if (motion && scene.empty) await landmarker.detectForVideo({ ...scene.empty, timestampMs: 0 });
      const result = motion ? await landmarker.detectForVideo({ ...scene.frame, timestampMs: 33 }) : await landmarker.detect(scene.frame);
      (isWide(scene.frame) ? wide : small).push(result.timings.detect ?? 0);
      scores.push(scoreScene(scene, result.hands.map((h) => h.landmarks)));
    }
  } finally {
    await landmarker.close();
  }
  return { scores, detectMs: { small: mean(small), wide: mean(wide) } };
}

/** Palm search ms per frame over a tracked clip: the empty doorway, then the person standing still. */
async function trackedCost(detection: DetectionInput, scenes: readonly Scene[]): Promise<{ ms: number; detectionShare: number }> {
  const landmarker = await HandLandmarker.createFromOptions({ modelDir, numHands: NUM_HANDS, detection });
  const costs: number[] = [];
  let ran = 0;
  try {
    for (const scene of scenes) {
      landmarker.reset();
      await landmarker.detectForVideo({ ...scene.empty!, timestampMs: 0 });
      for (let i = 1; i <= TRACKED_FRAMES; i++) {
        const result = await landmarker.detectForVideo({ ...scene.frame, index: i, timestampMs: i * 33 });
        costs.push(result.timings.detect ?? 0);
        if (result.detectionRan) ran++;
      }
    }
  } finally {
    await landmarker.close();
  }
  return { ms: mean(costs), detectionShare: ran / costs.length };
}

function fraction(summary: Summary, kind: 'cell' | 'pasted'): string {
  const entry = summary.found[kind];
  return entry ? `${entry.found}/${entry.of}` : '-';
}

const ms = (v: number): string => (Number.isFinite(v) ? v.toFixed(0) : '-');

export async function run(): Promise<void> {
  if (!existsSync(resolve(sharedDir, 'images/hagrid_grid_10x5.jpg'))) {
    process.stdout.write(`doorway: real data not found in ${sharedDir}; skipped\n`);
    return;
  }
  setLogSink((line) => process.stderr.write(line + '\n'));
  const scenes = buildScenes((relative) => resolve(sharedDir, relative));
  const still = scenes.filter((s) => s.kind !== 'pasted');
  const pasted = scenes.filter((s) => s.kind === 'pasted');

  const full = await runOurs({ strategy: 'full' }, scenes, false);
  const tiles = await runOurs(tilesDetection, still, false);
  const zone = await runOurs(doorwayDetection, pasted, true);
  const trackedScenes = pasted.slice(0, 6);
  const fullTracked = await trackedCost({ strategy: 'full' }, trackedScenes);
  const zoneTracked = await trackedCost(doorwayDetection, trackedScenes);

  const mediapipe = await runMediaPipeHands(
    scenes.map((s) => ({ name: s.name, width: s.frame.width, height: s.frame.height, format: 'bgr' as const, data: s.frame.data })),
    { modelComplexity: 1, maxNumHands: NUM_HANDS, minDetectionConfidence: 0.5, staticImageMode: true },
  );
  const mediapipeScores = scenes.map((s, i) => scoreScene(s, mediapipe[i]!.hands.map((h) => h.landmarks)));
  const mediapipeMs = (wide: boolean) => mean(mediapipe.filter((r) => (r.width > 256) === wide).map((r) => r.browserMs));

  // tiles ran on still scenes, zone on pasted ones: one row for "ours, best" joins them.
  const best = summarise([...still, ...pasted], [...tiles.scores, ...zone.scores]);
  const rows: Array<[string, Summary, string, string, string]> = [
    ['MediaPipe JS (reference)', summarise(scenes, mediapipeScores), ms(mediapipeMs(false)) + ' (whole pipeline, software WebGL)', ms(mediapipeMs(true)), '-'],
    ['ours: full (= MediaPipe search)', summarise(scenes, full.scores), ms(full.detectMs.small), ms(full.detectMs.wide), `${ms(fullTracked.ms)} (detection on ${(fullTracked.detectionShare * 100).toFixed(0)}% of frames)`],
    [
      'ours: tiles x2 (128 px) + zone x2 motion (1280x720)',
      best,
      ms(tiles.detectMs.small),
      ms(zone.detectMs.wide),
      `${ms(zoneTracked.ms)} (detection on ${(zoneTracked.detectionShare * 100).toFixed(0)}% of frames)`,
    ],
  ];
  const out: string[] = [
    '| method | cells found, 128x128 (of 50) | cells found, pasted in 1280x720 | geaxgx hands (of 2) | false hands (no people / beside people) | palm search ms/frame 128x128 | 1280x720 | 1280x720 tracked clip |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const [name, summary, small, wide, tracked] of rows) {
    out.push(
      `| ${name} | ${fraction(summary, 'cell')} | ${fraction(summary, 'pasted')} | ${summary.geaxgx.filter(Boolean).length} | ${summary.falseHands.inBackgrounds} / ${summary.falseHands.besidePeople} | ${small} | ${wide} | ${tracked} |`,
    );
  }
  const reference = summarise(scenes, mediapipeScores).found.cell?.found ?? 0;
  const ours = best.found.cell?.found ?? 0;
  out.push('', `cells found, ours (best) / MediaPipe JS: ${ours}/${reference} = ${reference ? (ours / reference).toFixed(2) : '-'}`);
  out.push(`extra palm search ms per 1280x720 frame, zone vs full: ${ms(zone.detectMs.wide - full.detectMs.wide)} still, ${ms(zoneTracked.ms - fullTracked.ms)} tracked`);
  process.stdout.write(out.join('\n') + '\n');
}
