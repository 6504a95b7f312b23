// People in view (docs/people.md): pose landmarks against MediaPipe's own Pose solution on one-person
// frames, recall of hands at doorway distance with hands found from bodies beside the hands-only
// pipeline, people tracked through the real handshake clips, and the cost per stage and per frame with
// two people, hands-only pipeline as the reference in the same run. GESTUREGATE_BENCH_PARTS (comma
// list of parity, doorway, clips, cost; default all) runs only some.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { readImageFrame, readVideoFrames } from '../src/capture/media.js';
import { handsStream } from '../src/commands/detect.js';
import { MIN_WRIST_VISIBILITY } from '../src/inference/body-hands.js';
import { HolisticLandmarker } from '../src/inference/holistic-landmarker.js';
import { withFrameImage } from '../src/inference/frame-image.js';
import { type InferenceOptionsInput, parseInferenceOptions } from '../src/inference/options.js';
import { PoseLandmarkModel } from '../src/inference/pose-landmark-model.js';
import { PoseLandmarker, poseModelPaths } from '../src/inference/pose-landmarker.js';
import { createSessionFactory } from '../src/inference/session.js';
import type { Frame, HandsResult, Landmark, PersonObservation, StageTimings } from '../src/types.js';
import { createLogger, setLogSink } from '../src/util/log.js';
import { sharedData } from '../tests/support/shared-data.js';
import { doorwayDetection, tilesDetection } from './doorway.js';
import { buildScenes, type Scene } from './doorway/scenes.js';
import { scoreScene, summarise, type Summary } from './doorway/score.js';
import { WristProber } from './doorway/wrist-probe.js';
import { matchPose } from './pipeline/match.js';
import { percentiles, quantile } from './pipeline/stats.js';
import { chromiumPath } from './reference/browser.js';
import { runMediaPipePose, type ReferencePoseResult } from './reference/mediapipe.js';

const sharedDir = process.env.GESTUREGATE_SHARED_DATA ?? resolve('../shared/data');
const modelDir = 'models/onnx';

/** The handshake clips and their contact windows (s), from ../shared/data/handshake/README.md. */
const HANDSHAKES: ReadonlyArray<[file: string, from: number, to: number]> = [
  ['ut_shake_hands_set1_4_1_0.mp4', 1.75, 4.5],
  ['ut_shake_hands_set1_8_2_0.mp4', 1.0, 2.5],
  ['ut_shake_hands_set1_17_3_0.mp4', 1.5, 2.75],
  ['ut_shake_hands_set1_21_4_0.mp4', 1.5, 3.0],
  ['ut_shake_hands_set1_24_5_0.mp4', 1.75, 3.5],
  ['ut_shake_hands_set1_34_6_0.mp4', 1.25, 3.5],
  ['ut_shake_hands_set1_35_7_0.mp4', 1.25, 3.25],
  ['ut_shake_hands_set1_41_8_0.mp4', 2.0, 4.0],
  ['ut_shake_hands_set1_52_9_0.mp4', 1.25, 3.0],
  ['ut_shake_hands_set1_54_10_0.mp4', 1.5, 2.75],
];
/** Clips looked at while building the people layer (tests too); the others are held out. */
const DEVELOPMENT_CLIPS = new Set(['ut_shake_hands_set1_4_1_0.mp4', 'ut_shake_hands_set1_8_2_0.mp4']);
/** Right wrists of two people clasping hands lie within this many pixels (hands 15-20 px wide). */
const WRISTS_TOGETHER_PX = 40;
/** Contact frames are taken this far inside the read-by-eye window (±0.25 s). */
const CONTACT_MARGIN_S = 0.25;

/** The fixture clips of one person (tests/fixtures/README.md), sampled evenly for pose parity. */
export const POSE_PARITY_CLIPS = ['swipe_left_right.mp4', 'swipe_up_down.mp4', 'zoom_in_out.mp4', 'clicks.mp4', 'dndv1.mp4'];
const POSE_PARITY_FRAMES_PER_CLIP = 8;
/** Stills where MediaPipe Pose reports one person (of three): ours is matched to it by position. */
export const POSE_PARITY_STILLS = ['three_people.jpg'];
/** MediaPipe Pose's 33 points, for naming the worst ones. */
const POSE_POINTS = [
  'nose',
  'left eye inner',
  'left eye',
  'left eye outer',
  'right eye inner',
  'right eye',
  'right eye outer',
  'left ear',
  'right ear',
  'mouth left',
  'mouth right',
  'left shoulder',
  'right shoulder',
  'left elbow',
  'right elbow',
  'left wrist',
  'right wrist',
  'left pinky',
  'right pinky',
  'left index',
  'right index',
  'left thumb',
  'right thumb',
  'left hip',
  'right hip',
  'left knee',
  'right knee',
  'left ankle',
  'right ankle',
  'left heel',
  'right heel',
  'left foot index',
  'right foot index',
];
const BENCH_PARTS = ['parity', 'doorway', 'clips', 'cost'] as const;
/** Prints a table's lines as soon as they are measured (the whole bench takes minutes). */
type Print = (...lines: string[]) => void;

type DetectionInput = NonNullable<NonNullable<InferenceOptionsInput>['detection']>;

const handsOnly = (detection: DetectionInput): InferenceOptionsInput => ({ modelDir, numHands: 4, detection, people: { enabled: false } });
/** The people layer as before the person search's closer looks: the whole frame only (MediaPipe's search). */
const WHOLE_FRAME_ONLY = { closerLook: { minScore: 1 } } as const;
const withPeople = (detection: DetectionInput, people: NonNullable<InferenceOptionsInput>['people'] = {}): InferenceOptionsInput => ({
  modelDir,
  numHands: 4,
  detection,
  people: { enabled: true, variant: 'lite', ...people },
});

/** Why a person's cell got no hand: where the people path stopped. */
type Miss = 'person not found' | 'no wrist seen' | 'hand model refused the wrists';

function missReason(result: HandsResult): Miss {
  if (!result.people.length) return 'person not found';
  const wrists = result.people.flatMap((p) => p.hands.filter((h) => h.wrist.visibility >= MIN_WRIST_VISIBILITY));
  return wrists.length ? 'hand model refused the wrists' : 'no wrist seen';
}

/** A scene (a cell, or the geaxgx frame) where a person and a wrist were found and the hand landmark model confirmed no hand there. */
interface Refused {
  scene: Scene;
  people: PersonObservation[];
}

/** Doorway scenes: stills with detect(); pasted 1280x720 frames as video (empty doorway first) for the motion zone. */
async function doorway(
  scenes: readonly Scene[],
  still: InferenceOptionsInput,
  pasted: InferenceOptionsInput,
): Promise<Summary & { cellMisses: Map<string, Miss>; refused: Refused[] }> {
  const scores = [];
  const cellMisses = new Map<string, Miss>();
  const refused: Refused[] = [];
  for (const [options, kinds] of [
    [still, ['cell', 'geaxgx', 'background']],
    [pasted, ['pasted']],
  ] as const) {
    const landmarker = await HolisticLandmarker.createFromOptions(options);
    try {
      for (const scene of scenes) {
        if (!(kinds as readonly string[]).includes(scene.kind)) continue;
        landmarker.reset();
        let result: HandsResult;
        if (scene.empty) {
          await landmarker.detectForVideo({ ...scene.empty, timestampMs: 0 });
          result = await landmarker.detectForVideo({ ...scene.frame, timestampMs: 33 });
        } else {
          result = await landmarker.detect(scene.frame);
        }
        const score = scoreScene(
          scene,
          result.hands.map((h) => h.landmarks),
        );
        if (scene.kind === 'cell' && !score.found) {
          const why = missReason(result);
          cellMisses.set(scene.name, why);
          if (why === 'hand model refused the wrists') refused.push({ scene, people: result.people });
        }
        if (scene.kind === 'geaxgx' && score.geaxgxFound?.includes(false)) refused.push({ scene, people: result.people });
        scores.push({ scene, score });
      }
    } finally {
      await landmarker.close();
    }
  }
  const summary = summarise(
    scores.map((s) => s.scene),
    scores.map((s) => s.score),
  );
  return { ...summary, cellMisses, refused };
}

interface ClipRun {
  file: string;
  frames: number;
  /** Distinct person IDs over the clip (2 for two people tracked throughout). */
  personIds: number;
  /** Share of frames with both people. */
  both: number;
  contactFrames: number;
  /** Contact frames with both right wrists visible and together. */
  wristsTogether: number;
  /** Contact frames with two hands found (the hands-only pipeline's best chance at a handshake). */
  twoHands: number;
  /** Per frame: whole-frame ms and each stage's. */
  timings: StageTimings[];
}

async function clip(file: string, from: number, to: number, options: InferenceOptionsInput): Promise<ClipRun> {
  const landmarker = await HolisticLandmarker.createFromOptions(options);
  const run: ClipRun = { file, frames: 0, personIds: 0, both: 0, contactFrames: 0, wristsTogether: 0, twoHands: 0, timings: [] };
  const ids = new Set<number>();
  try {
    for await (const { frame, result } of handsStream([{ path: resolve(sharedDir, 'handshake', file), kind: 'video' }], landmarker)) {
      run.frames++;
      run.timings.push(result.timings);
      for (const person of result.people) ids.add(person.trackId);
      if (result.people.length === 2) run.both++;
      const t = frame.timestampMs / 1000;
      if (t < from + CONTACT_MARGIN_S || t > to - CONTACT_MARGIN_S) continue;
      run.contactFrames++;
      if (result.hands.length >= 2) run.twoHands++;
      if (result.people.length === 2) {
        const [a, b] = result.people.map((p) => p.landmarks[16]!);
        if (a!.visibility > 0.5 && b!.visibility > 0.5 && Math.hypot(a!.x - b!.x, a!.y - b!.y) < WRISTS_TOGETHER_PX) run.wristsTogether++;
      }
    }
  } finally {
    await landmarker.close();
  }
  run.personIds = ids.size;
  run.both /= Math.max(1, run.frames);
  return run;
}

/** perClip frames of each named fixture clip, evenly spaced from first to last, then the named fixture stills. */
export async function poseParityFrames(clips: readonly string[], perClip: number, stills: readonly string[]): Promise<Frame[]> {
  const frames: Frame[] = [];
  for (const clip of clips) {
    const all: Frame[] = [];
    for await (const frame of readVideoFrames(sharedData(`video/${clip}`))) all.push({ ...frame, source: `${clip}#${frame.index}` });
    for (let k = 0; k < perClip; k++) frames.push(all[Math.round((k * (all.length - 1)) / Math.max(1, perClip - 1))]!);
  }
  for (const still of stills) frames.push({ ...readImageFrame(sharedData(`images/${still}`)), source: still });
  return frames;
}

/** One frame where MediaPipe found a person: whether we did too, and per point our distance in torso sizes (visible points). */
export interface PoseParityFrame {
  source: string;
  found: boolean;
  distances: (number | undefined)[];
}

/**
 * MediaPipe Pose (model complexity 0 for lite, 1 for full) on each frame on its own, its models on
 * WebGL (its default) or, with cpuInference, on TFLite's CPU path; nudged: first byte of each frame flipped.
 */
function mediaPipePoses(frames: readonly Frame[], variant: 'lite' | 'full', { nudged = false, cpuInference = false } = {}): Promise<ReferencePoseResult[]> {
  const images = frames.map((f) => {
    const data = nudged ? Uint8Array.from(f.data) : f.data;
    if (nudged) data[0]! ^= 1;
    return { name: f.source, width: f.width, height: f.height, format: 'bgr' as const, data };
  });
  return runMediaPipePose(images, {
    modelComplexity: variant === 'full' ? 1 : 0,
    minDetectionConfidence: 0.5,
    staticImageMode: true,
    useCpuInference: cpuInference,
  });
}

/** Candidate poses (landmarks per person) matched against the reference's one person; frames where it finds nobody are left out. */
async function comparePoses(
  frames: readonly Frame[],
  reference: readonly ReferencePoseResult[],
  candidates: (frame: Frame, i: number) => Promise<ReadonlyArray<readonly Landmark[]>>,
): Promise<PoseParityFrame[]> {
  const out: PoseParityFrame[] = [];
  for (const [i, frame] of frames.entries()) {
    const pose = reference[i]!.poses[0];
    if (!pose) continue;
    const match = matchPose(await candidates(frame, i), pose.landmarks);
    out.push({ source: frame.source, found: match !== undefined, distances: match?.distances ?? [] });
  }
  return out;
}

/**
 * MediaPipe Pose against our PoseLandmarker.detect (same variant) on the same frames, each on its own;
 * `reference` defaults to MediaPipe's own (WebGL) run.
 */
export async function poseParity(frames: readonly Frame[], variant: 'lite' | 'full', reference?: readonly ReferencePoseResult[]): Promise<PoseParityFrame[]> {
  const poses = reference ?? (await mediaPipePoses(frames, variant));
  const landmarker = await PoseLandmarker.createFromOptions({ modelDir, people: { enabled: true, variant } });
  try {
    return await comparePoses(frames, poses, async (frame) => (await landmarker.detect(frame)).people.map((p) => p.landmarks));
  } finally {
    await landmarker.close();
  }
}

/** Our pose landmark model alone on the region MediaPipe cut from its own detection, against MediaPipe's landmarks. */
async function poseParityOnReferenceRegions(
  frames: readonly Frame[],
  variant: 'lite' | 'full',
  reference: readonly ReferencePoseResult[],
): Promise<PoseParityFrame[]> {
  const options = parseInferenceOptions({ modelDir, people: { enabled: true, variant } });
  const model = new PoseLandmarkModel(await (await createSessionFactory(options, createLogger('bench'))).create(poseModelPaths(options).landmarks));
  try {
    return await comparePoses(frames, reference, async (frame, i) => {
      const region = reference[i]!.region;
      return region ? [await withFrameImage(frame, async (image) => (await model.run(image, region)).landmarks)] : [];
    });
  } finally {
    await model.model.runner.release();
  }
}

const compared = (frames: readonly PoseParityFrame[]): number[] => frames.flatMap((f) => f.distances.filter((d): d is number => d !== undefined));
const mean = (values: readonly number[]): number => values.reduce((a, b) => a + b, 0) / values.length;
const sourceOf = (frame: PoseParityFrame): string => frame.source.split('#')[0]!;

async function printPoseParity(print: Print): Promise<void> {
  const frames = await poseParityFrames(POSE_PARITY_CLIPS, POSE_PARITY_FRAMES_PER_CLIP, POSE_PARITY_STILLS);
  print(
    `Pose parity against MediaPipe Pose (@mediapipe/pose in headless Chromium, each frame on its own, its models on WebGL unless "CPU inference"; ${POSE_PARITY_FRAMES_PER_CLIP} frames each of ${POSE_PARITY_CLIPS.join(', ')}, and ${POSE_PARITY_STILLS.join(', ')}; distance over the points MediaPipe sees (visibility >= 0.5), as a share of its torso, shoulder-mid to hip-mid; goal <= 2%; baselines: MediaPipe against itself with one byte changed and with its models on the CPU, and its lite model against its full):`,
    '',
    '| reference | compared | reference people found | points compared | mean distance | p90 distance | worst points (mean) | worst clips (mean) |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
  );
  // Two decimals under 1%, where the baselines and the exact matches are.
  const pct = (v: number): string => `${num(100 * v, v < 0.01 ? 2 : 1)}%`;
  const row = (reference: string, name: string, results: readonly PoseParityFrame[]): void => {
    const matched = results.filter((r) => r.found);
    const all = compared(matched);
    const worstPoints = POSE_POINTS.map((point, i) => ({ point, values: matched.flatMap((f) => (f.distances[i] === undefined ? [] : [f.distances[i]!])) }))
      .filter((p) => p.values.length > 0)
      .map((p) => ({ name: p.point, mean: mean(p.values) }))
      .sort((a, b) => b.mean - a.mean)
      .slice(0, 3);
    const worstClips = [...new Set(matched.map(sourceOf))]
      .map((source) => ({ name: source, mean: mean(compared(matched.filter((f) => sourceOf(f) === source))) }))
      .sort((a, b) => b.mean - a.mean)
      .slice(0, 3);
    const worst = (list: Array<{ name: string; mean: number }>): string => list.map((w) => `${w.name} ${pct(w.mean)}`).join(', ');
    print(
      `| ${reference} | ${name} | ${matched.length}/${results.length} | ${all.length} | ${pct(mean(all))} | ${pct(quantile(all, 0.9))} | ${worst(worstPoints)} | ${worst(worstClips)} |`,
    );
  };
  const poses = (result: ReferencePoseResult): Array<readonly Landmark[]> => result.poses.map((p) => p.landmarks);
  for (const variant of ['lite', 'full'] as const) {
    const reference = `MediaPipe ${variant}`;
    const webgl = await mediaPipePoses(frames, variant);
    const cpu = await mediaPipePoses(frames, variant, { cpuInference: true });
    row(reference, `ours ${variant}`, await poseParity(frames, variant, webgl));
    row(reference, `ours ${variant}, pose model alone on MediaPipe's region`, await poseParityOnReferenceRegions(frames, variant, webgl));
    const nudged = await mediaPipePoses(frames, variant, { nudged: true });
    row(reference, `MediaPipe ${variant}, one byte changed`, await comparePoses(frames, webgl, async (_, i) => poses(nudged[i]!)));
    row(reference, `MediaPipe ${variant}, CPU inference`, await comparePoses(frames, webgl, async (_, i) => poses(cpu[i]!)));
    row(`MediaPipe ${variant}, CPU inference`, `ours ${variant}`, await poseParity(frames, variant, cpu));
  }
  const lite = await mediaPipePoses(frames, 'lite');
  row('MediaPipe full', 'MediaPipe lite', await comparePoses(frames, await mediaPipePoses(frames, 'full'), async (_, i) => poses(lite[i]!)));
}

const fraction = (summary: Summary, kind: 'cell' | 'pasted'): string => {
  const entry = summary.found[kind];
  return entry ? `${entry.found}/${entry.of}` : '-';
};
const num = (v: number, digits = 1): string => (Number.isFinite(v) ? v.toFixed(digits) : '-');

export async function run(): Promise<void> {
  const parts = process.env.GESTUREGATE_BENCH_PARTS?.split(',') ?? [...BENCH_PARTS];
  const unknown = parts.filter((p) => !(BENCH_PARTS as readonly string[]).includes(p));
  if (unknown.length) {
    process.stderr.write(`people: unknown part ${unknown.join(', ')} in GESTUREGATE_BENCH_PARTS (have: ${BENCH_PARTS.join(', ')})\n`);
    process.exit(2);
  }
  setLogSink(() => {});
  // Each table is printed as soon as it is measured (the whole bench takes minutes).
  const print = (...lines: string[]): void => void process.stdout.write(lines.join('\n') + '\n');
  if (parts.includes('parity')) {
    if (existsSync(chromiumPath)) await printPoseParity(print);
    else print(`pose parity: Chromium not found at ${chromiumPath}; skipped`);
    print('');
  }
  const haveImages = existsSync(resolve(sharedDir, 'images/hagrid_grid_10x5.jpg'));
  const haveClips = existsSync(resolve(sharedDir, 'handshake', HANDSHAKES[0]![0]));
  if (!haveImages) {
    print(`people: real data not found in ${sharedDir}; skipped`);
    return;
  }
  if (parts.includes('doorway')) await printDoorway(print);
  if (!haveClips) {
    print('', `handshake clips not found in ${sharedDir}/handshake; clip rows skipped`);
    return;
  }
  if (parts.includes('clips')) await printClips(print);
  if (parts.includes('cost')) await printCost(print);
}

async function printDoorway(print: Print): Promise<void> {
  // Doorway recall: hands-only (MediaPipe's search, and our best doorway search) against the same with people.
  const scenes = buildScenes((relative) => resolve(sharedDir, relative));
  print(
    'Doorway scenes (bench/doorway/scenes.ts; stills each on their own, pasted frames after the empty doorway):',
    '',
    '| pipeline | cells found, 128x128 (of 50) | pasted in 1280x720 | geaxgx hands (of 2) | false hands (no people / beside people) |',
    '| --- | --- | --- | --- | --- |',
  );
  const pipelines: Array<[string, InferenceOptionsInput, InferenceOptionsInput]> = [
    ['hands only, full search (MediaPipe)', handsOnly({ strategy: 'full' }), handsOnly({ strategy: 'full' })],
    [
      'people (lite) + hands, full search, people on the whole frame only (before)',
      withPeople({ strategy: 'full' }, WHOLE_FRAME_ONLY),
      withPeople({ strategy: 'full' }, WHOLE_FRAME_ONLY),
    ],
    ['people (lite) + hands, full search', withPeople({ strategy: 'full' }), withPeople({ strategy: 'full' })],
    ['hands only, tiles (128x128) / doorway zone (1280x720) (docs/doorway.md)', handsOnly(tilesDetection), handsOnly(doorwayDetection)],
    [
      'people (lite) + hands, tiles / doorway zone, people on the whole frame only (before)',
      withPeople(tilesDetection, WHOLE_FRAME_ONLY),
      withPeople(doorwayDetection, WHOLE_FRAME_ONLY),
    ],
    ['people (lite) + hands, tiles / doorway zone', withPeople(tilesDetection), withPeople(doorwayDetection)],
  ];
  const misses: string[] = [];
  let refused: Refused[] = [];
  for (const [name, still, pasted] of pipelines) {
    const s = await doorway(scenes, still, pasted);
    refused = s.refused;
    print(
      `| ${name} | ${fraction(s, 'cell')} | ${fraction(s, 'pasted')} | ${s.geaxgx.filter(Boolean).length} | ${s.falseHands.inBackgrounds} / ${s.falseHands.besidePeople} |`,
    );
    if (still?.people?.enabled) {
      const counts = new Map<Miss, string[]>();
      for (const [cell, why] of s.cellMisses) counts.set(why, [...(counts.get(why) ?? []), cell]);
      misses.push(`| ${name} | ${[...counts].map(([why, cells]) => `${why}: ${cells.length} (${cells.join(', ')})`).join('; ') || 'none'} |`);
    }
  }
  print('', 'Cells without a hand, by where the people path stopped (stills):', '', '| pipeline | missed cells |', '| --- | --- |', ...misses);
  await printWristProbes(print, refused);
}

/**
 * For the last row's refused cells (and the geaxgx frame where a hand is missed): per visible wrist,
 * the hand model's presence on the pipeline's region and the best of 15 others (bench/doorway/wrist-probe.ts).
 */
async function printWristProbes(print: Print, refused: readonly Refused[]): Promise<void> {
  // The pipeline's own threshold for a hand (inference.minHandPresenceConfidence's default).
  const threshold = parseInferenceOptions({}).minHandPresenceConfidence;
  print(
    '',
    `Refused cells of the last row: hand landmark presence per visible wrist, on the region the pipeline cuts → best of 15 other regions around the wrist (threshold ${threshold}):`,
    '',
    '| scene | wrists: pipeline → best of 15 (which) |',
    '| --- | --- |',
  );
  const prober = await WristProber.load(modelDir);
  let cells = 0;
  let lifted = 0;
  try {
    for (const { scene, people } of refused) {
      const probes = await prober.probe(scene.frame, people);
      if (scene.kind === 'cell') {
        cells++;
        if (probes.some((p) => p.best >= threshold)) lifted++;
      }
      print(`| ${scene.name} | ${probes.map((p) => `${num(p.pipeline, 2)} → ${num(p.best, 2)} (${p.bestRegion})`).join('; ')} |`);
    }
  } finally {
    await prober.close();
  }
  print(`| cells | a wrist over ${threshold} in ${lifted} of ${cells} |`);
}

async function printClips(print: Print): Promise<void> {
  // Handshake clips: people tracked with lite pose; the hands-only pipeline's two-hands count beside it.
  print(
    '',
    'Handshake clips (UT-Interaction; people lite + hands full, full search; * = clip used while building, the rest held out):',
    '',
    '| clip | frames | person IDs | frames with both people | contact frames | right wrists together | 2+ hands (people on) | 2+ hands (hands only) |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
  );
  const totals = { ids2: 0, together: 0, contact: 0, twoWith: 0, twoWithout: 0 };
  for (const [file, from, to] of HANDSHAKES) {
    const people = await clip(file, from, to, withPeople({ strategy: 'full' }));
    const hands = await clip(file, from, to, handsOnly({ strategy: 'full' }));
    if (people.personIds === 2) totals.ids2++;
    totals.together += people.wristsTogether;
    totals.contact += people.contactFrames;
    totals.twoWith += people.twoHands;
    totals.twoWithout += hands.twoHands;
    print(
      `| ${file}${DEVELOPMENT_CLIPS.has(file) ? ' *' : ''} | ${people.frames} | ${people.personIds} | ${num(people.both * 100, 0)}% | ${people.contactFrames} | ${people.wristsTogether} | ${people.twoHands} | ${hands.twoHands} |`,
    );
  }
  print(
    `| all | | clips with 2 IDs: ${totals.ids2}/${HANDSHAKES.length} | | ${totals.contact} | ${totals.together} (${num((100 * totals.together) / totals.contact, 0)}%) | ${totals.twoWith} | ${totals.twoWithout} |`,
  );
}

async function printCost(print: Print): Promise<void> {
  // Cost with two people: the first clip, whole frame and per stage, p50 ms.
  const [costFile, from, to] = HANDSHAKES[0]!;
  const costs: Array<[string, ClipRun]> = [
    ['hands only (full hands; reference)', await clip(costFile, from, to, handsOnly({ strategy: 'full' }))],
    ['people lite + hands full, people on the whole frame only (before)', await clip(costFile, from, to, withPeople({ strategy: 'full' }, WHOLE_FRAME_ONLY))],
    ['people lite + hands full', await clip(costFile, from, to, withPeople({ strategy: 'full' }))],
    ['people lite + hands full, posesPerFrame 0', await clip(costFile, from, to, withPeople({ strategy: 'full' }, { posesPerFrame: 0 }))],
    ['people full + hands full', await clip(costFile, from, to, withPeople({ strategy: 'full' }, { variant: 'full' }))],
  ];
  const stages = ['personDetect', 'pose', 'detect', 'landmarks', 'track'] as const;
  print(
    '',
    `Cost per frame with two people (${costFile}, tracking on, p50 ms over frames where the stage ran; total over all frames):`,
    '',
    `| pipeline | total p50 | total p95 | ${stages.join(' | ')} |`,
    `| --- | --- | --- | ${stages.map(() => '---').join(' | ')} |`,
  );
  const reference = percentiles(costs[0]![1].timings.map((t) => t.total ?? 0)).p50;
  for (const [name, run] of costs) {
    const total = percentiles(run.timings.map((t) => t.total ?? 0));
    const perStage = stages.map((s) => {
      const samples = run.timings.flatMap((t) => (t[s] === undefined ? [] : [t[s]!]));
      return samples.length ? `${num(percentiles(samples).p50)} (${Math.round((100 * samples.length) / run.timings.length)}%)` : '-';
    });
    print(`| ${name} | ${num(total.p50)} (${num(total.p50 / reference, 2)}x) | ${num(total.p95)} | ${perStage.join(' | ')} |`);
  }
}
