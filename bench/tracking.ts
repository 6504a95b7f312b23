// Detect less, track better (issue 14): our hand tracking against MediaPipe's production runtime,
// `@mediapipe/tasks-vision` HandLandmarker (VIDEO mode, CPU delegate, in headless Chromium), on the
// same decoded frames in the same run, frame by frame in lockstep so both see the same machine load.
// Per real clip: p50/p95 a frame, the share of frames with palm detection, landmark agreement, track
// IDs; then ID switches on the two-hand photo moved around as a video, and how long a hand that
// enters takes to get landmarks with the schedule on. Beside each of ours, "MediaPipe-like": our
// pipeline with the palm search every frame, no track buffer and no holds (the behaviour before).
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { readImageFrame, readVideoFrames } from '../src/capture/media.js';
import { HandLandmarker } from '../src/inference/hand-landmarker.js';
import { FrameImage } from '../src/inference/frame-image.js';
import type { InferenceOptionsInput } from '../src/inference/options.js';
import { loadOnnxRuntime, SessionFactory } from '../src/inference/session.js';
import type { Frame, HandsResult } from '../src/types.js';
import { createLogger, setLogSink } from '../src/util/log.js';
import { matchHands, summarise, type ImageMatch } from './pipeline/match.js';
import { sharedData, sharedDataDir } from '../tests/support/shared-data.js';
import { ms, percentiles } from './pipeline/stats.js';
import { bgrToRgba } from './reference/mediapipe.js';
import { TasksVisionPage } from './reference/tasks-vision.js';

const tasksModelDir = resolve(sharedDataDir, '../models/tasks-vision');
const modelDir = 'models/onnx';
const VARIANTS = ['full', 'lite'] as const;
type Variant = (typeof VARIANTS)[number];

/** The pipeline before this work: palm search on every frame while slots are free, a lost hand is gone at once, no holds. */
const MEDIAPIPE_LIKE: InferenceOptionsInput = {
  detection: { intervalFrames: 1, onTrackLost: false },
  tracking: { bufferMs: 0, gateGrowth: 0, confirmFrames: 1, dropHoldMs: 0 },
};

/** A clip's frames, decoded once so both runtimes get the same ones. */
async function clipFrames(path: string): Promise<Frame[]> {
  const frames: Frame[] = [];
  for await (const frame of readVideoFrames(path)) frames.push(frame);
  return frames;
}

interface Run {
  name: string;
  landmarker: HandLandmarker;
  results: HandsResult[];
}

async function openRuns(numHands: number): Promise<Run[]> {
  const runs: Run[] = [];
  for (const variant of VARIANTS) {
    runs.push({ name: variant, landmarker: await HandLandmarker.createFromOptions({ modelDir, variant, numHands }), results: [] });
  }
  runs.push({
    name: 'full, MediaPipe-like',
    landmarker: await HandLandmarker.createFromOptions({ modelDir, variant: 'full', numHands, ...MEDIAPIPE_LIKE }),
    results: [],
  });
  return runs;
}

interface ClipRow {
  clip: string;
  numHands: number;
  frames: number;
  tasksMs: number[];
  tasksHands: number;
  runs: { name: string; totals: number[]; detectionShare: number; ids: number; countChanges: number; agreement: ImageMatch[] }[];
}

/** Times the hand count shown to users changes (confirmed tracks; every hand for the MediaPipe-like run). */
function countChanges(results: readonly HandsResult[]): number {
  const counts = results.map((r) => (r.confirmedTrackIds ?? r.hands).length);
  return counts.slice(1).filter((n, i) => n !== counts[i]).length;
}

async function clipRow(clip: string, frames: readonly Frame[], numHands: number): Promise<ClipRow> {
  const page = await TasksVisionPage.open({
    modelDir: tasksModelDir,
    numHands,
    minHandDetectionConfidence: 0.5,
    minHandPresenceConfidence: 0.5,
    minTrackingConfidence: 0.5,
  });
  const runs = await openRuns(numHands);
  const tasks: Awaited<ReturnType<TasksVisionPage['process']>>[] = [];
  try {
    // Lockstep: each frame through tasks-vision, then each of ours, so load swings hit all alike.
    for (const frame of frames) {
      tasks.push(await page.process(bgrToRgba(frame.data, frame.width, frame.height), frame.width, frame.height, frame.timestampMs));
      for (const run of runs) run.results.push(await run.landmarker.detectForVideo(frame));
    }
  } finally {
    await page.close();
    for (const run of runs) await run.landmarker.close();
  }
  // The first frames load and warm both runtimes: left out of the times.
  const warm = Math.min(3, frames.length - 1);
  return {
    clip,
    numHands,
    frames: frames.length,
    tasksMs: tasks.slice(warm).map((t) => t.ms),
    tasksHands: tasks.reduce((n, t) => n + t.hands.length, 0),
    runs: runs.map((run) => ({
      name: run.name,
      totals: run.results.slice(warm).map((r) => r.timings.total ?? Number.NaN),
      detectionShare: run.results.filter((r) => r.detectionRan).length / run.results.length,
      ids: new Set(run.results.flatMap((r) => r.hands.map((h) => h.trackId))).size,
      countChanges: countChanges(run.results),
      agreement: run.results.map((r, i) => matchHands(r.hands, tasks[i]!.hands)),
    })),
  };
}

/**
 * One tracked hand without palm search (numHands 1) against the landmark model alone (one session
 * run on the same frame's 224×224 crop, prepared outside the timing), frame by frame in lockstep:
 * p50 ms of each.
 */
async function oneHandFrames(variant: Variant, frames: readonly Frame[]): Promise<{ frameMs: number; modelMs: number }> {
  const runtime = await loadOnnxRuntime();
  const sessions = new SessionFactory(runtime, { providers: ['cpu'], intraOpThreads: 0, interOpThreads: 0 }, createLogger('bench'));
  const { runner } = await sessions.create(resolve(modelDir, `hand_landmark_${variant}.onnx`));
  const landmarker = await HandLandmarker.createFromOptions({ modelDir, variant, numHands: 1 });
  const frameMs: number[] = [];
  const modelMs: number[] = [];
  for (const frame of frames) {
    const result = await landmarker.detectForVideo(frame);
    const hand = result.hands[0];
    if (result.detectionRan || result.hands.length !== 1 || !hand) continue;
    frameMs.push(result.timings.total ?? Number.NaN);
    const image = new FrameImage(frame);
    const input = image.crop(hand.region, 224, 'replicate');
    image.release();
    const start = performance.now();
    await runner.run(input);
    modelMs.push(performance.now() - start);
  }
  await landmarker.close();
  await runner.release();
  return { frameMs: percentiles(frameMs.slice(3)).p50, modelMs: percentiles(modelMs.slice(3)).p50 };
}

/** The two-hands photo on a wider canvas, moving at up to a hand width a frame, with a 200 ms gap (blank frames). */
function movingPhoto(photo: Frame, frameCount: number, fps: number, gap: [number, number]): { frames: Frame[]; offsets: { x: number; y: number }[] } {
  const width = photo.width * 2;
  const height = photo.height + Math.round(photo.height / 2);
  const frames: Frame[] = [];
  const offsets: { x: number; y: number }[] = [];
  for (let i = 0; i < frameCount; i++) {
    const t = i / fps;
    const x = Math.round((photo.width / 2) * (1 + Math.sin(2 * Math.PI * 0.8 * t)));
    const y = Math.round((photo.height / 4) * (1 + Math.sin(2 * Math.PI * 1.3 * t)));
    const data = new Uint8Array(width * height * 3);
    if (i < gap[0] || i >= gap[1]) {
      for (let row = 0; row < photo.height; row++) {
        data.set(photo.data.subarray(row * photo.width * 3, (row + 1) * photo.width * 3), ((row + y) * width + x) * 3);
      }
    }
    frames.push({ index: i, timestampMs: (i * 1000) / fps, width, height, data, source: 'tfjs_two_hands.jpg moving' });
    offsets.push({ x, y });
  }
  return { frames, offsets };
}

interface SwitchRow {
  name: string;
  switches: number;
  idsPerHand: number[];
  found: number;
  truth: number;
}

/** MOT-style ID switches: per true hand, how often the track ID matched to it changes (a gap does not reset it). */
async function idSwitches(photo: Frame): Promise<SwitchRow[]> {
  const probe = await HandLandmarker.createFromOptions({ modelDir, variant: 'full', numHands: 2 });
  const truth = (await probe.detect(photo)).hands.map((h) => h.landmarks);
  await probe.close();
  const fps = 15;
  const { frames, offsets } = movingPhoto(photo, 120, fps, [60, 63]);
  const rows: SwitchRow[] = [];
  for (const [name, extra] of [
    ['ours (full)', {}],
    ['full, MediaPipe-like', MEDIAPIPE_LIKE],
  ] as const) {
    const landmarker = await HandLandmarker.createFromOptions({ modelDir, variant: 'full', numHands: 4, ...extra });
    const last: (number | undefined)[] = truth.map(() => undefined);
    const ids = truth.map(() => new Set<number>());
    let switches = 0;
    let found = 0;
    let expected = 0;
    for (const [i, frame] of frames.entries()) {
      const result = await landmarker.detectForVideo(frame);
      if (frame.index >= 60 && frame.index < 63) continue;
      const here = truth.map((points) => ({ landmarks: points.map((p) => ({ x: p.x + offsets[i]!.x, y: p.y + offsets[i]!.y, z: p.z })) }));
      expected += here.length;
      matchHands(result.hands, here).matched.forEach((o, k) => {
        if (o === undefined) return;
        found++;
        const id = result.hands[o]!.trackId;
        if (last[k] !== undefined && last[k] !== id) switches++;
        last[k] = id;
        ids[k]!.add(id);
      });
    }
    await landmarker.close();
    rows.push({ name, switches, idsPerHand: ids.map((s) => s.size), found, truth: expected });
  }
  return rows;
}

/** Frames until a second hand that appears at frame `enter` has landmarks (one hand tracked all along). */
async function entryDelays(photo: Frame): Promise<{ name: string; delaysMs: number[] }[]> {
  const fps = 15;
  // The photo with its right half blank: only the left hand is in view.
  const half: Frame = { ...photo, data: new Uint8Array(photo.data) };
  for (let row = 0; row < photo.height; row++) half.data.fill(0, (row * photo.width + photo.width / 2) * 3, (row + 1) * photo.width * 3);
  const out: { name: string; delaysMs: number[] }[] = [];
  for (const [name, extra] of [
    ['ours (full)', {}],
    ['full, MediaPipe-like', MEDIAPIPE_LIKE],
  ] as const) {
    const delaysMs: number[] = [];
    const landmarker = await HandLandmarker.createFromOptions({ modelDir, variant: 'full', numHands: 4, ...extra });
    // The hand enters at each phase of the 200 ms cadence (frames 10..15 after tracking starts).
    for (let enter = 10; enter < 16; enter++) {
      landmarker.reset();
      for (let i = 0; i < enter + 30; i++) {
        const frame = { ...(i < enter ? half : photo), index: i, timestampMs: (i * 1000) / fps };
        const result = await landmarker.detectForVideo(frame);
        if (i >= enter && result.hands.length >= 2) {
          delaysMs.push(frame.timestampMs - (enter * 1000) / fps);
          break;
        }
      }
    }
    await landmarker.close();
    out.push({ name, delaysMs });
  }
  return out;
}

const pct = (v: number): string => (Number.isFinite(v) ? `${(100 * v).toFixed(1)}%` : '-');

export async function run(): Promise<void> {
  setLogSink(() => {});
  const videoDir = sharedData('video');
  const clips = readdirSync(videoDir)
    .filter((f) => f.endsWith('.mp4'))
    .sort();
  const out: string[] = [];
  const rows: ClipRow[] = [];
  for (const clip of clips) {
    process.stderr.write(`bench tracking: ${clip}\n`);
    const frames = await clipFrames(join(videoDir, clip));
    rows.push(await clipRow(clip, frames, 4));
    if (clip === 'asl_hand_25fps.mp4') rows.push(await clipRow(clip, frames, 1));
  }

  out.push(
    'Per frame, tracking on (ms; first 3 frames left out; same frames, in lockstep). tasks-vision: HandLandmarker 0.10.35, VIDEO mode, CPU delegate, headless Chromium, its published bundle (full landmark model) for both of our variants.',
    '',
    '| clip | numHands | frames | tasks-vision p50 | p95 | ours | p50 | p95 | palm detection ran | tasks-vision p50 / ours p50 | tasks-vision hands found by ours | mean distance (of hand size) | our extra hands | track IDs | hand-count changes |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
  );
  for (const row of rows) {
    const tasks = percentiles(row.tasksMs);
    for (const r of row.runs) {
      const ours = percentiles(r.totals);
      const s = summarise(r.agreement);
      out.push(
        `| ${row.clip} | ${row.numHands} | ${row.frames} | ${ms(tasks.p50)} | ${ms(tasks.p95)} | ${r.name} | ${ms(ours.p50)} | ${ms(ours.p95)} | ${pct(r.detectionShare)} | ${(tasks.p50 / ours.p50).toFixed(1)}x | ${s.found}/${s.referenceHands} (${pct(s.found / s.referenceHands)}) | ${pct(s.meanError)} | ${s.extra} | ${r.ids} | ${r.countChanges} |`,
      );
    }
  }

  // A frame with one tracked hand and no palm search against the landmark model alone.
  const aslFrames = (await clipFrames(join(videoDir, 'asl_hand_25fps.mp4'))).slice(0, 120);
  out.push(
    '',
    'One tracked hand, no palm search (asl_hand_25fps.mp4, first 120 frames, numHands 1) against the landmark model alone on the same crops, in lockstep:',
    '',
  );
  out.push('| variant | frame p50 (ms) | landmark model alone p50 (ms) | ratio (goal ≤ 1.3) |', '| --- | --- | --- | --- |');
  for (const variant of VARIANTS) {
    const { frameMs, modelMs } = await oneHandFrames(variant, aslFrames);
    out.push(`| ${variant} | ${ms(frameMs)} | ${ms(modelMs)} | ${(frameMs / modelMs).toFixed(2)} |`);
  }

  const photo = readImageFrame(sharedData('images/tfjs_two_hands.jpg'));
  out.push(
    '',
    'ID switches: tfjs_two_hands.jpg moved on a 1440×573 canvas at up to about a hand width a frame (15 fps, 120 frames, blank for frames 60-62):',
    '',
  );
  out.push('| run | ID switches | IDs per hand | hands found / in view |', '| --- | --- | --- | --- |');
  for (const r of await idSwitches(photo)) out.push(`| ${r.name} | ${r.switches} | ${r.idsPerHand.join(', ')} | ${r.found}/${r.truth} |`);

  out.push(
    '',
    'A second hand entering while one is tracked (tfjs_two_hands.jpg, right half blank until it enters; 15 fps; entering at 6 phases of the cadence):',
    '',
  );
  out.push('| run | delays to first landmarks (ms) | worst |', '| --- | --- | --- |');
  for (const r of await entryDelays(photo)) out.push(`| ${r.name} | ${r.delaysMs.map((d) => d.toFixed(0)).join(', ')} | ${ms(Math.max(...r.delaysMs))} |`);

  const load = (await import('node:os')).loadavg()[0]!;
  out.push('', `Machine load average during the run: ${load.toFixed(1)} (2 cores).`);
  process.stdout.write(out.join('\n') + '\n');
}
