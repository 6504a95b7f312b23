// Hands at doorway distance: recall of people's hands and false hands for our `full` search
// (MediaPipe's), our tiled searches, and MediaPipe's own JS solution on the same frames, with the
// cost of each search per frame. Scenes: bench/doorway/scenes.ts; scoring: bench/doorway/score.ts.
import { existsSync } from 'node:fs';
import type { InferenceOptionsInput } from '../src/inference/options.js';
import { HandLandmarker } from '../src/inference/hand-landmarker.js';
import type { Frame } from '../src/types.js';
import { setLogSink } from '../src/util/log.js';
import { runMediaPipeHands } from './reference/mediapipe.js';
import { buildScenes, type Scene } from './doorway/scenes.js';
import { scoreScene, summarise, type SceneScore, type Summary } from './doorway/score.js';
import { sharedData } from '../tests/support/shared-data.js';

const modelDir = 'models/onnx';
type DetectionInput = NonNullable<NonNullable<InferenceOptionsInput>['detection']>;

/** One person: two hands, as MediaPipe's maxNumHands 2. */
const NUM_HANDS = 2;
/** Frames of each tracked clip (1/3 s at 30 fps), and how many clips. */
const TRACKED_FRAMES = 10;
const TRACKED_CLIPS = 12;

/** Motion zone, tiles at twice the detector's zoom, weaker palms confirmed by the landmark model; every tile each run. */
const zoneDetection = {
  strategy: 'zone',
  zone: { source: 'motion' },
  tiles: { scale: 2, minScore: 0.35, perFrame: 0 },
} as const satisfies DetectionInput;
/** The setting chosen for a doorway camera (docs/doorway.md): the zone, two tiles a frame in turns. */
export const doorwayDetection = { ...zoneDetection, tiles: { ...zoneDetection.tiles, perFrame: 2 } } as const satisfies DetectionInput;
export const tilesDetection = { strategy: 'tiles', tiles: { scale: 2, minScore: 0.35, refine: true } } as const satisfies DetectionInput;

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
      scores.push(
        scoreScene(
          scene,
          result.hands.map((h) => h.landmarks),
        ),
      );
    }
  } finally {
    await landmarker.close();
  }
  return { scores, detectMs: { small: mean(small), wide: mean(wide) } };
}

interface ClipRun {
  /** Clips with a hand on the person in their last frame. */
  found: number;
  clips: number;
  /** Mean palm search ms per frame, and the share of frames palm search ran on. */
  ms: number;
  detectionShare: number;
}

/** Tracked clips: the empty doorway, then the person standing still for TRACKED_FRAMES frames. */
async function runClips(detection: DetectionInput, scenes: readonly Scene[]): Promise<ClipRun> {
  const landmarker = await HandLandmarker.createFromOptions({ modelDir, numHands: NUM_HANDS, detection });
  const costs: number[] = [];
  let ran = 0;
  let found = 0;
  try {
    for (const scene of scenes) {
      landmarker.reset();
      await landmarker.detectForVideo({ ...scene.empty!, timestampMs: 0 });
      let last: SceneScore | undefined;
      for (let i = 1; i <= TRACKED_FRAMES; i++) {
        const result = await landmarker.detectForVideo({ ...scene.frame, index: i, timestampMs: i * 33 });
        costs.push(result.timings.detect ?? 0);
        if (result.detectionRan) ran++;
        last = scoreScene(
          scene,
          result.hands.map((h) => h.landmarks),
        );
      }
      if (last?.found) found++;
    }
  } finally {
    await landmarker.close();
  }
  return { found, clips: scenes.length, ms: mean(costs), detectionShare: ran / costs.length };
}

function fraction(summary: Summary, kind: 'cell' | 'pasted'): string {
  const entry = summary.found[kind];
  return entry ? `${entry.found}/${entry.of}` : '-';
}

const ms = (v: number): string => (Number.isFinite(v) ? v.toFixed(0) : '-');

export async function run(): Promise<void> {
  if (!existsSync(sharedData('images/hagrid_grid_10x5.jpg'))) {
    process.stdout.write(`doorway: real data not found in ${sharedData('images')}; skipped\n`);
    return;
  }
  setLogSink((line) => process.stderr.write(line + '\n'));
  const scenes = buildScenes(sharedData);
  const still = scenes.filter((s) => s.kind !== 'pasted');
  const pasted = scenes.filter((s) => s.kind === 'pasted');

  const full = await runOurs({ strategy: 'full' }, scenes, false);
  const tiles = await runOurs(tilesDetection, still, false);
  const zone = await runOurs(zoneDetection, pasted, true);
  const clipScenes = pasted.slice(0, TRACKED_CLIPS);
  const clips: Array<[string, ClipRun]> = [
    ['ours: full', await runClips({ strategy: 'full' }, clipScenes)],
    ['ours: zone x2 motion, all tiles each run', await runClips(zoneDetection, clipScenes)],
    ['ours: zone x2 motion, 2 tiles a frame in turns (doorway setting)', await runClips(doorwayDetection, clipScenes)],
  ];

  const mediapipe = await runMediaPipeHands(
    scenes.map((s) => ({ name: s.name, width: s.frame.width, height: s.frame.height, format: 'bgr' as const, data: s.frame.data })),
    { modelComplexity: 1, maxNumHands: NUM_HANDS, minDetectionConfidence: 0.5, staticImageMode: true },
  );
  const mediapipeScores = scenes.map((s, i) =>
    scoreScene(
      s,
      mediapipe[i]!.hands.map((h) => h.landmarks),
    ),
  );
  const mediapipeMs = (wide: boolean) => mean(mediapipe.filter((r) => r.width > 256 === wide).map((r) => r.browserMs));

  // tiles ran on still scenes, zone on pasted ones: one row for "ours, best" joins them.
  const best = summarise([...still, ...pasted], [...tiles.scores, ...zone.scores]);
  const rows: Array<[string, Summary, string, string]> = [
    ['MediaPipe JS (reference; time: whole pipeline on software WebGL)', summarise(scenes, mediapipeScores), ms(mediapipeMs(false)), ms(mediapipeMs(true))],
    ['ours: full (= MediaPipe search)', summarise(scenes, full.scores), ms(full.detectMs.small), ms(full.detectMs.wide)],
    ['ours: tiles x2 + refinement pass (128x128 frames) / zone x2 motion (1280x720)', best, ms(tiles.detectMs.small), ms(zone.detectMs.wide)],
  ];
  const out: string[] = [
    'Still frames (each on its own):',
    '',
    '| method | cells found, 128x128 (of 50) | pasted in 1280x720, found | geaxgx hands (of 2) | false hands (no people / beside people) | palm search ms/frame, 128x128 | 1280x720 |',
    '| --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const [name, summary, small, wide] of rows) {
    out.push(
      `| ${name} | ${fraction(summary, 'cell')} | ${fraction(summary, 'pasted')} | ${summary.geaxgx.filter(Boolean).length} | ${summary.falseHands.inBackgrounds} / ${summary.falseHands.besidePeople} | ${small} | ${wide} |`,
    );
  }
  out.push(
    '',
    `Tracked clips (1280x720: the empty doorway, then the person still for ${TRACKED_FRAMES} frames; ${NUM_HANDS} hands tracked at most):`,
    '',
    '| method | clips with a hand in the last frame | palm search ms/frame | frames with palm search |',
    '| --- | --- | --- | --- |',
  );
  for (const [name, clip] of clips) {
    out.push(`| ${name} | ${clip.found}/${clip.clips} | ${ms(clip.ms)} | ${(clip.detectionShare * 100).toFixed(0)}% |`);
  }
  const reference = summarise(scenes, mediapipeScores).found.cell?.found ?? 0;
  const ours = best.found.cell?.found ?? 0;
  out.push('', `cells found, ours (best) / MediaPipe JS: ${ours}/${reference} = ${reference ? (ours / reference).toFixed(2) : '-'}`);
  out.push(
    `extra palm search ms per 1280x720 frame, zone vs full: ${ms(zone.detectMs.wide - full.detectMs.wide)} still, ${ms(clips[1]![1].ms - clips[0]![1].ms)} tracked (${ms(clips[2]![1].ms - clips[0]![1].ms)} with 2 tiles a frame)`,
  );
  process.stdout.write(out.join('\n') + '\n');
}
