// `gesturegate detect <image|video|folder>`: runs the hand pipeline (people and hands) on files and
// writes one JSON line per image or video frame to stdout; --annotate draws people and hands into
// image files.
// handsStream() is the per-frame HandsResult stream other consumers (e.g. gestures) can follow.
import { mkdirSync } from 'node:fs';
import { basename, extname, join, resolve } from 'node:path';
import type { Command } from 'commander';
import { listMedia, readImageFrame, readVideoFrames, type MediaFile } from '../capture/media.js';
import { parseGesturesConfig } from '../gestures/config.js';
import { createGestureEngine } from '../gestures/engine.js';
import { gestureEvents } from '../gestures/stream.js';
import { HolisticLandmarker } from '../inference/holistic-landmarker.js';
import { FrameImage } from '../inference/frame-image.js';
import { EXECUTION_PROVIDERS, POSE_VARIANTS, type InferenceOptionsInput } from '../inference/options.js';
import { drawHands } from '../render/draw-hands.js';
import { drawPeople } from '../render/draw-people.js';
import type { Box, Frame, HandObservation, HandsResult, HandTracker, PersonObservation } from '../types.js';
import { UserError } from '../util/errors.js';
import { logToStderr } from '../util/log.js';
import { numberFlag } from './flags.js';
import { loadOpenCV } from '../util/opencv.js';

export interface DetectedFrame {
  file: MediaFile;
  frame: Frame;
  result: HandsResult;
}

/** A tracker that also takes single images (HandLandmarker, HolisticLandmarker). */
export type MediaLandmarker = HandTracker & { detect(frame: Frame): Promise<HandsResult> };

/**
 * Runs the landmarker over media files: images one by one without tracking, video frames with
 * tracking (timestamps from the file's frame rate; tracks reset between files).
 */
export async function* handsStream(files: readonly MediaFile[], landmarker: MediaLandmarker, tracking = true): AsyncGenerator<DetectedFrame> {
  for (const file of files) {
    landmarker.reset();
    if (file.kind === 'image') {
      const frame = readImageFrame(file.path);
      yield { file, frame, result: await landmarker.detect(frame) };
      continue;
    }
    for await (const frame of readVideoFrames(file.path)) {
      const result = tracking ? await landmarker.detectForVideo(frame) : await landmarker.detect(frame);
      yield { file, frame, result };
    }
  }
}

const round = (v: number, digits: number): number => Number(v.toFixed(digits));
const boxToJson = (box: Box) => ({ xMin: round(box.xMin, 1), yMin: round(box.yMin, 1), width: round(box.width, 1), height: round(box.height, 1) });

/** One hand as detect prints it: pixel values to 0.1 px, scores to 3 decimals. */
export function handToJson(hand: HandObservation, withWorld: boolean): Record<string, unknown> {
  return {
    trackId: hand.trackId,
    handedness: hand.handedness,
    handednessScore: round(hand.handednessScore, 3),
    presence: round(hand.presence, 3),
    detectionScore: round(hand.detectionScore, 3),
    box: boxToJson(hand.box),
    landmarks: hand.landmarks.map((p) => [round(p.x, 1), round(p.y, 1), round(p.z, 1)]),
    ...(withWorld ? { worldLandmarks: hand.worldLandmarks.map((p) => [round(p.x, 4), round(p.y, 4), round(p.z, 4)]) } : {}),
    ...(hand.personId !== undefined ? { personId: hand.personId } : {}),
  };
}

/** One person as detect prints it: landmarks [x, y, z, visibility], each arm's end with the hand found there. */
function personToJson(person: PersonObservation, withWorld: boolean): Record<string, unknown> {
  return {
    trackId: person.trackId,
    score: round(person.score, 3),
    box: boxToJson(person.box),
    landmarks: person.landmarks.map((p) => [round(p.x, 1), round(p.y, 1), round(p.z, 1), round(p.visibility, 3)]),
    ...(withWorld ? { worldLandmarks: person.worldLandmarks.map((p) => [round(p.x, 4), round(p.y, 4), round(p.z, 4)]) } : {}),
    hands: person.hands.map((h) => ({
      side: h.side,
      wrist: [round(h.wrist.x, 1), round(h.wrist.y, 1), round(h.wrist.visibility, 3)],
      forearm: [round(h.forearm.x, 3), round(h.forearm.y, 3)],
      ...(h.handTrackId !== undefined ? { handTrackId: h.handTrackId } : {}),
    })),
  };
}

export function frameToJson(d: DetectedFrame, withWorld: boolean): Record<string, unknown> {
  const timings = Object.fromEntries(Object.entries(d.result.timings).map(([k, v]) => [k, round(v, 2)]));
  return {
    source: d.file.path,
    frame: d.frame.index,
    timestampMs: round(d.frame.timestampMs, 1),
    width: d.frame.width,
    height: d.frame.height,
    detectionRan: d.result.detectionRan,
    hands: d.result.hands.map((h) => handToJson(h, withWorld)),
    people: d.result.people.map((p) => personToJson(p, withWorld)),
    timings,
  };
}

function annotatedPath(dir: string, file: MediaFile, frameIndex: number, format: string): string {
  const stem = basename(file.path, extname(file.path));
  return join(dir, file.kind === 'image' ? `${stem}.${format}` : `${stem}_${String(frameIndex).padStart(5, '0')}.${format}`);
}

/** Refuses an --annotate folder where a drawn image would replace an input photo, or two photos one drawing. */
function checkAnnotateTargets(files: readonly MediaFile[], dir: string, format: string): void {
  const inputs = new Set(files.map((f) => resolve(f.path)));
  const drawnFrom = new Map<string, string>();
  for (const file of files.filter((f) => f.kind === 'image')) {
    const target = annotatedPath(dir, file, 0, format);
    if (inputs.has(resolve(target))) throw new UserError(`--annotate would overwrite the input ${target}; choose another folder`);
    const first = drawnFrom.get(target);
    if (first) throw new UserError(`--annotate would write ${target} for both ${first} and ${file.path}`);
    drawnFrom.set(target, file.path);
  }
}

interface DetectFlags {
  annotate?: string;
  format: string;
  variant: string;
  numHands?: string;
  modelDir?: string;
  strategy: string;
  providers?: string;
  threads?: string;
  minDetectionConfidence?: string;
  tracking: boolean;
  smoothing?: boolean;
  world?: boolean;
  regions?: boolean;
  gestures?: boolean;
  people: boolean;
  peopleVariant?: string;
}

/** Still images only: room for every hand in a group photo. */
const STILL_IMAGE_DEFAULTS = { numHands: 64 } as const;
const VIDEO_DEFAULTS = { numHands: 4 } as const;

/** Landmarker options from the command-line flags (validated by the options schema). */
export function optionsFromFlags(flags: DetectFlags, stillImagesOnly: boolean): InferenceOptionsInput {
  const defaults = stillImagesOnly ? STILL_IMAGE_DEFAULTS : VIDEO_DEFAULTS;
  return {
    variant: flags.variant as 'full' | 'lite',
    numHands: flags.numHands ? numberFlag('--num-hands', flags.numHands) : defaults.numHands,
    ...(flags.modelDir ? { modelDir: flags.modelDir } : {}),
    ...(flags.providers ? { providers: flags.providers.split(',').map((p) => p.trim()) as (typeof EXECUTION_PROVIDERS)[number][] } : {}),
    ...(flags.threads ? { threads: { intraOp: numberFlag('--threads', flags.threads) } } : {}),
    ...(flags.minDetectionConfidence ? { minHandDetectionConfidence: numberFlag('--min-detection-confidence', flags.minDetectionConfidence) } : {}),
    detection: { strategy: flags.strategy as 'full' },
    ...(flags.smoothing ? { smoothing: { enabled: true } } : {}),
    people: { enabled: flags.people, ...(flags.peopleVariant ? { variant: flags.peopleVariant as (typeof POSE_VARIANTS)[number] } : {}) },
  };
}

export function register(program: Command): void {
  program
    .command('detect')
    .description('Find hands in images, videos or a folder of them; one JSON line per image or frame on stdout')
    .argument('<input>', 'image, video, or folder of images/videos')
    .option('--annotate <dir>', 'write images with landmarks, skeleton, track ID and handedness drawn into this folder')
    .option('--format <png|jpg>', 'image format of --annotate output', 'png')
    .option('--variant <full|lite>', 'model variant', 'full')
    .option('--num-hands <n>', `most hands at once (default ${VIDEO_DEFAULTS.numHands}, still images only: ${STILL_IMAGE_DEFAULTS.numHands})`)
    .option('--model-dir <dir>', 'folder with the converted ONNX models (default: models/onnx of the gesturegate installation)')
    // Also for still images: zoomed tiles added false hands (faces, feet, shelves, pieces of found hands) to
    // 17 of 43 ordinary photos and found no hand there that the whole frame, with people's hands, missed.
    .option('--strategy <name>', "palm search: full (MediaPipe's), tiles (zoomed tiles too: hands too small for full, e.g. a grid of photos), zone", 'full')
    .option('--providers <list>', `execution providers in order of preference (${EXECUTION_PROVIDERS.join(',')})`)
    .option('--threads <n>', 'onnxruntime intra-op threads (0: default)')
    .option('--min-detection-confidence <p>', 'palm detection score threshold (default 0.5)')
    .option('--no-tracking', 'videos: detect every frame afresh instead of tracking')
    .option('--smoothing', 'One Euro smoothing of landmarks (videos)')
    .option('--world', 'include world landmarks (metres) in the output')
    .option('--regions', 'with --annotate: also draw the region each hand was cropped from')
    .option('--gestures', 'videos: print gesture start/end events (one JSON line each, shipped defaults) instead of hands')
    .option('--no-people', 'hands only: no person detection, pose landmarks or hands found from bodies')
    .option('--people-variant <lite|full|heavy>', `pose landmark model (default lite; ${POSE_VARIANTS.join(', ')})`)
    .action(async (input: string, flags: DetectFlags) => {
      logToStderr();
      const files = listMedia(input);
      if (flags.format !== 'png' && flags.format !== 'jpg') throw new UserError(`--format must be png or jpg, got ${flags.format}`);
      const stillImagesOnly = files.every((f) => f.kind === 'image');
      if (flags.gestures && stillImagesOnly) throw new UserError('--gestures needs a video: gesture events start and end over time, a still image has none');
      if (flags.annotate) {
        checkAnnotateTargets(files, flags.annotate, flags.format);
        mkdirSync(flags.annotate, { recursive: true });
      }
      const landmarker = await HolisticLandmarker.createFromOptions(optionsFromFlags(flags, stillImagesOnly));
      const cv = loadOpenCV();
      try {
        if (flags.gestures) {
          const engine = await createGestureEngine(parseGesturesConfig({}));
          const frames = async function* () {
            for await (const d of handsStream(files, landmarker, flags.tracking)) yield { source: d.file.path, result: d.result };
          };
          for await (const { source, event } of gestureEvents(frames(), engine)) process.stdout.write(JSON.stringify({ source, ...event }) + '\n');
          await engine.close();
          return;
        }
        for await (const detected of handsStream(files, landmarker, flags.tracking)) {
          process.stdout.write(JSON.stringify(frameToJson(detected, flags.world ?? false)) + '\n');
          if (flags.annotate) {
            // The decoded Mat is freed once copied into the frame: draw on a fresh copy of the frame.
            const picture = new FrameImage(detected.frame);
            try {
              drawPeople(picture.image(), detected.result.people);
              drawHands(picture.image(), detected.result.hands, { regions: flags.regions ?? false });
              cv.imwrite(annotatedPath(flags.annotate, detected.file, detected.frame.index, flags.format), picture.image());
            } finally {
              picture.release();
            }
          }
        }
      } finally {
        await landmarker.close();
      }
    });
}
