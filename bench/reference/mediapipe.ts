// MediaPipe's own legacy JS solutions as references for benches and tests: Hands (npm
// @mediapipe/hands) gives hands with 21 landmarks, Pose (npm @mediapipe/pose) one person's 33
// pose landmarks, both in image pixels, for still images or video frames (both Apache-2.0). They
// run in headless Chromium on software WebGL, about a second a frame, so results are cached on
// disk under .cache/mediapipe/, keyed by the pixels and the options.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readImageFrame } from '../../src/capture/media.js';
import type { Handedness, HandRegion, Landmark } from '../../src/types.js';
import { UserError } from '../../src/util/errors.js';
import { createLogger } from '../../src/util/log.js';
import { loadOpenCV } from '../../src/util/opencv.js';
import { MediaPipePage } from './browser.js';
import type { HandsPageOptions, PageFrameResult, PageOptions, PosePageOptions, Solution } from './page.js';

const log = createLogger('reference.mediapipe');

/** An image given by file (decoded with OpenCV, as our pipeline does) or by its pixels. */
export type ReferenceImage =
  | { name: string; path: string }
  | {
      name: string;
      width: number;
      height: number;
      /** 'bgr': 3 bytes a pixel, as in Frame.data; 'rgba': 4 bytes a pixel. Row-major, no padding. */
      format: 'bgr' | 'rgba';
      data: Uint8Array;
    };

/** MediaPipe Hands options, named as in its Python solution. */
export interface MediaPipeHandsOptions {
  /** 0: lite landmark model, 1: full. */
  modelComplexity: 0 | 1;
  maxNumHands: number;
  /** Palm detection score threshold. */
  minDetectionConfidence: number;
  /** Landmark presence threshold for keeping a tracked hand; default 0.5. */
  minTrackingConfidence?: number;
  /**
   * true: every image is handled on its own (palm detection on each, tracking state reset).
   * false: images are consecutive video frames in order, hands tracked from one to the next.
   */
  staticImageMode: boolean;
}

export interface ReferenceHand {
  /** 21 landmarks in image pixels; z is MediaPipe's normalised z times the image width (same scale as x). */
  landmarks: Landmark[];
  /** 21 landmarks in metres, hand-centred. */
  worldLandmarks: Landmark[];
  /**
   * The label exactly as the JS solution reports it (selfieMode off). MediaPipe's handedness
   * assumes a mirrored (selfie) image: for a non-mirrored camera image swap it to get the
   * person's own hand.
   */
  handedness: Handedness;
  handednessScore: number;
}

export interface ReferenceResult {
  /** The input's name (for videos: `file#frameIndex`). */
  name: string;
  width: number;
  height: number;
  /** In MediaPipe's order. */
  hands: ReferenceHand[];
  /** Milliseconds `hands.send` took in Chromium when this result was computed (software WebGL). */
  browserMs: number;
  /** Whether this result came from .cache/mediapipe instead of a browser run now. */
  cached: boolean;
}

/** MediaPipe Pose options, named as in its Python solution. */
export interface MediaPipePoseOptions {
  /** 0: lite landmark model, 1: full, 2: heavy. */
  modelComplexity: 0 | 1 | 2;
  /** Pose detection score threshold. */
  minDetectionConfidence: number;
  /** Pose presence threshold for keeping a tracked person; default 0.5. */
  minTrackingConfidence?: number;
  /** MediaPipe's landmark smoothing across frames; default false (raw per-frame landmarks, as our models give). */
  smoothLandmarks?: boolean;
  /** As for Hands: true, every image on its own; false, the frames of one clip in order, tracked. */
  staticImageMode: boolean;
  /** The solution's models on TFLite's CPU path (XNNPACK in WASM) instead of WebGL (its default); default false. */
  useCpuInference?: boolean;
}

/** One person as MediaPipe Pose sees them (it finds at most one person an image). */
export interface ReferencePose {
  /** 33 landmarks in image pixels (z times the image width, the scale of x), with visibility 0 to 1. */
  landmarks: Array<Landmark & { visibility: number }>;
  /** 33 landmarks in metres, origin between the hips. */
  worldLandmarks: Landmark[];
}

export interface ReferencePoseResult {
  /** The input's name (for videos: `file#frameIndex`). */
  name: string;
  width: number;
  height: number;
  /** Empty, or the one person found. */
  poses: ReferencePose[];
  /** The person region MediaPipe cut from its detection on this frame, in image pixels; absent when it tracked or found nobody. */
  region?: HandRegion;
  /** Milliseconds `pose.send` took in Chromium when this result was computed (software WebGL). */
  browserMs: number;
  cached: boolean;
}

/** Bumped when the cached format or the way results are computed changes. */
const cacheVersion = 1;

function repoRoot(): string {
  // bench/reference (sources) or dist/bench/reference (built): the first folder up with package.json.
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('repository root not found above ' + fileURLToPath(import.meta.url));
    dir = parent;
  }
  return dir;
}

/** Where results are cached (gitignored); GESTUREGATE_MEDIAPIPE_CACHE overrides it. */
export function referenceCacheDir(): string {
  return process.env.GESTUREGATE_MEDIAPIPE_CACHE ?? join(repoRoot(), '.cache', 'mediapipe');
}

function checkConfidences(values: Record<string, number>): void {
  for (const [name, value] of Object.entries(values)) {
    if (!(value >= 0 && value <= 1)) throw new UserError(`${name} must be between 0 and 1, got ${value}`);
  }
}

function pageOptions(options: MediaPipeHandsOptions): HandsPageOptions {
  const { modelComplexity, maxNumHands, minDetectionConfidence, minTrackingConfidence = 0.5 } = options;
  if (modelComplexity !== 0 && modelComplexity !== 1) throw new UserError(`modelComplexity must be 0 or 1, got ${String(modelComplexity)}`);
  if (!Number.isInteger(maxNumHands) || maxNumHands < 1) throw new UserError(`maxNumHands must be a positive integer, got ${maxNumHands}`);
  checkConfidences({ minDetectionConfidence, minTrackingConfidence });
  return { modelComplexity, maxNumHands, minDetectionConfidence, minTrackingConfidence };
}

function posePageOptions(options: MediaPipePoseOptions): PosePageOptions {
  const { modelComplexity, minDetectionConfidence, minTrackingConfidence = 0.5, smoothLandmarks = false, useCpuInference = false } = options;
  if (modelComplexity !== 0 && modelComplexity !== 1 && modelComplexity !== 2) {
    throw new UserError(`modelComplexity must be 0, 1 or 2, got ${String(modelComplexity)}`);
  }
  checkConfidences({ minDetectionConfidence, minTrackingConfidence });
  // Named only when on, so the cache keys of the default (WebGL) runs stay as they were.
  return { modelComplexity, smoothLandmarks, minDetectionConfidence, minTrackingConfidence, ...(useCpuInference ? { useCpuInference } : {}) };
}

interface Rgba {
  name: string;
  width: number;
  height: number;
  rgba: Uint8Array;
}

export function bgrToRgba(bgr: Uint8Array, width: number, height: number): Uint8Array {
  const rgba = new Uint8Array(width * height * 4);
  for (let i = 0, j = 0; i < bgr.length; i += 3, j += 4) {
    rgba[j] = bgr[i + 2];
    rgba[j + 1] = bgr[i + 1];
    rgba[j + 2] = bgr[i];
    rgba[j + 3] = 255;
  }
  return rgba;
}

function readImage(path: string): { width: number; height: number; bgr: Uint8Array } {
  if (!existsSync(path)) throw new UserError(`image not found: ${path}`);
  const frame = readImageFrame(path);
  return { width: frame.width, height: frame.height, bgr: frame.data };
}

function toRgba(image: ReferenceImage): Rgba {
  if ('path' in image) {
    const { width, height, bgr } = readImage(image.path);
    return { name: image.name, width, height, rgba: bgrToRgba(bgr, width, height) };
  }
  const { name, width, height, format, data } = image;
  const channels = format === 'rgba' ? 4 : 3;
  if (!(width > 0 && height > 0) || data.length !== width * height * channels) {
    throw new UserError(`image ${name}: ${data.length} bytes do not make ${width}x${height} ${format}`);
  }
  return { name, width, height, rgba: format === 'rgba' ? data : bgrToRgba(data, width, height) };
}

function toPixels(points: number[][], width: number, height: number): Landmark[] {
  return points.map(([x, y, z]) => ({ x: x * width, y: y * height, z: z * width }));
}

function toResult(name: string, width: number, height: number, raw: PageFrameResult, cached: boolean): ReferenceResult {
  return {
    name,
    width,
    height,
    browserMs: raw.ms,
    cached,
    hands: raw.landmarks.map((points, i) => ({
      landmarks: toPixels(points, width, height),
      worldLandmarks: raw.worldLandmarks[i].map(([x, y, z]) => ({ x, y, z })),
      handedness: raw.handedness[i].label,
      handednessScore: raw.handedness[i].score,
    })),
  };
}

function toPoseResult(name: string, width: number, height: number, raw: PageFrameResult, cached: boolean): ReferencePoseResult {
  return {
    name,
    width,
    height,
    browserMs: raw.ms,
    cached,
    ...(raw.roi && {
      region: {
        xCenter: raw.roi.xCenter * width,
        yCenter: raw.roi.yCenter * height,
        width: raw.roi.width * width,
        height: raw.roi.height * height,
        rotation: raw.roi.rotation,
      },
    }),
    poses: raw.landmarks.map((points, i) => ({
      landmarks: points.map(([x, y, z, visibility]) => ({ x: x * width, y: y * height, z: z * width, visibility })),
      worldLandmarks: raw.worldLandmarks[i].map(([x, y, z]) => ({ x, y, z })),
    })),
  };
}

function hashOf(parts: Array<string | Uint8Array>): string {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part);
  return hash.digest('hex');
}

/** The cache stores the page's raw outputs; conversion to pixels is redone on read. */
class ResultCache {
  private readonly dir = referenceCacheDir();

  get<T>(key: string): T | undefined {
    const file = join(this.dir, key + '.json');
    if (!existsSync(file)) return undefined;
    try {
      return JSON.parse(readFileSync(file, 'utf8')) as T;
    } catch {
      return undefined; // a torn or foreign file: recompute
    }
  }

  set(key: string, value: unknown): void {
    mkdirSync(this.dir, { recursive: true });
    const file = join(this.dir, key + '.json');
    const temporary = `${file}.${process.pid}.tmp`;
    writeFileSync(temporary, JSON.stringify(value));
    renameSync(temporary, file);
  }
}

function optionsKey(solution: Solution, options: PageOptions, staticImageMode: boolean): string {
  // Hands keys are written as before the Pose reference existed, so their caches stay valid.
  // Pose results carry the detection's region since pose version 2.
  return JSON.stringify({ cacheVersion, ...(solution === 'hands' ? {} : { solution, poseVersion: 2 }), ...options, staticImageMode });
}

async function withPage<T>(solution: Solution, options: PageOptions, body: (page: MediaPipePage) => Promise<T>): Promise<T> {
  const page = await MediaPipePage.open(options, solution);
  try {
    return await body(page);
  } finally {
    await page.close();
  }
}

/** One image's raw page output and where it came from. */
interface RawFrame {
  frame: Rgba;
  raw: PageFrameResult;
  cached: boolean;
}

/**
 * Runs a solution on images. With staticImageMode each image is independent and cached on its
 * own; otherwise the images are frames of one clip, in order, and the clip is cached whole.
 * Returns one raw result per input, in input order.
 */
async function runOnImages(solution: Solution, settings: PageOptions, staticImageMode: boolean, images: readonly ReferenceImage[]): Promise<RawFrame[]> {
  const frames = images.map(toRgba);
  const cache = new ResultCache();
  const prefix = optionsKey(solution, settings, staticImageMode);
  const frameKey = (f: Rgba): string => hashOf([prefix, `${f.width}x${f.height}`, f.rgba]);

  if (!staticImageMode) {
    const clipKey = hashOf([prefix, 'clip', ...frames.map(frameKey)]);
    const hit = cache.get<PageFrameResult[]>(clipKey);
    const raw =
      hit ??
      (await withPage(solution, settings, async (page) => {
        const out: PageFrameResult[] = [];
        for (const f of frames) out.push(await page.process(f.rgba, f.width, f.height));
        return out;
      }));
    if (!hit) cache.set(clipKey, raw);
    return frames.map((frame, i) => ({ frame, raw: raw[i], cached: hit !== undefined }));
  }

  const keys = frames.map(frameKey);
  const results: Array<RawFrame | undefined> = frames.map((frame, i) => {
    const hit = cache.get<PageFrameResult>(keys[i]);
    return hit && { frame, raw: hit, cached: true };
  });
  const missing = results.flatMap((r, i) => (r ? [] : [i]));
  if (missing.length) {
    log.info('running MediaPipe in Chromium', { solution, images: missing.length, cached: frames.length - missing.length });
    await withPage(solution, settings, async (page) => {
      let tracking = false;
      for (const i of missing) {
        const frame = frames[i];
        // The JS solutions have no still-image mode. A black frame drops what is tracked, so the
        // next image gets detection from scratch: results are identical to a fresh start and it
        // costs far less than reset(), which rebuilds the graph (measured 1-2 s vs 4-7 s).
        if (tracking) await page.process(new Uint8Array(frame.rgba.length), frame.width, frame.height);
        const raw = await page.process(frame.rgba, frame.width, frame.height);
        tracking = raw.landmarks.length > 0;
        cache.set(keys[i], raw);
        results[i] = { frame, raw, cached: false };
      }
    });
  }
  return results as RawFrame[];
}

/** A video's frames through a solution in order (tracking on), decoded with OpenCV; cached per file content, options and frame count. */
async function runOnVideo(
  solution: Solution,
  settings: PageOptions,
  path: string,
  maxFrames: number,
): Promise<{ width: number; height: number; frames: PageFrameResult[]; cached: boolean }> {
  if (!existsSync(path)) throw new UserError(`video not found: ${path}`);
  const cache = new ResultCache();
  const key = hashOf([optionsKey(solution, settings, false), 'video', String(maxFrames), readFileSync(path)]);
  type Stored = { width: number; height: number; frames: PageFrameResult[] };

  const hit = cache.get<Stored>(key);
  const stored =
    hit ??
    (await withPage(solution, settings, async (page) => {
      const cv = loadOpenCV();
      const capture = new cv.VideoCapture(resolve(path));
      const out: Stored = { width: 0, height: 0, frames: [] };
      try {
        while (out.frames.length < maxFrames) {
          const mat = capture.read();
          if (mat.empty) break;
          out.width = mat.cols;
          out.height = mat.rows;
          const rgba = bgrToRgba(new Uint8Array(mat.getData()), mat.cols, mat.rows);
          out.frames.push(await page.process(rgba, mat.cols, mat.rows));
        }
      } finally {
        capture.release();
      }
      if (out.frames.length === 0) throw new UserError(`no frames could be decoded from ${path}`);
      return out;
    }));
  if (!hit) cache.set(key, stored);
  return { ...stored, cached: hit !== undefined };
}

/**
 * Runs MediaPipe Hands on images. With staticImageMode each image is independent and cached on
 * its own; otherwise the images are frames of one clip, in order, and the clip is cached whole.
 * Returns one result per input, in input order.
 */
export async function runMediaPipeHands(images: readonly ReferenceImage[], options: MediaPipeHandsOptions): Promise<ReferenceResult[]> {
  const raw = await runOnImages('hands', pageOptions(options), options.staticImageMode, images);
  return raw.map(({ frame: f, raw: r, cached }) => toResult(f.name, f.width, f.height, r, cached));
}

/**
 * Runs MediaPipe Hands over a video file's frames in order (tracking on, staticImageMode
 * ignored), decoded with OpenCV as our pipeline decodes them. Cached per file content, options
 * and frame count.
 */
export async function runMediaPipeHandsOnVideo(
  path: string,
  options: Omit<MediaPipeHandsOptions, 'staticImageMode'>,
  limits: { maxFrames?: number } = {},
): Promise<ReferenceResult[]> {
  const settings = pageOptions({ ...options, staticImageMode: false });
  const video = await runOnVideo('hands', settings, path, limits.maxFrames ?? Number.POSITIVE_INFINITY);
  return video.frames.map((raw, i) => toResult(`${basename(path)}#${i}`, video.width, video.height, raw, video.cached));
}

/**
 * Runs MediaPipe Pose (one person an image at most) on images, as runMediaPipeHands does:
 * each image on its own with staticImageMode, else the frames of one clip, tracked.
 */
export async function runMediaPipePose(images: readonly ReferenceImage[], options: MediaPipePoseOptions): Promise<ReferencePoseResult[]> {
  const raw = await runOnImages('pose', posePageOptions(options), options.staticImageMode, images);
  return raw.map(({ frame: f, raw: r, cached }) => toPoseResult(f.name, f.width, f.height, r, cached));
}

/** Runs MediaPipe Pose over a video file's frames in order (tracking on), decoded with OpenCV. */
export async function runMediaPipePoseOnVideo(
  path: string,
  options: Omit<MediaPipePoseOptions, 'staticImageMode'>,
  limits: { maxFrames?: number } = {},
): Promise<ReferencePoseResult[]> {
  const settings = posePageOptions({ ...options, staticImageMode: false });
  const video = await runOnVideo('pose', settings, path, limits.maxFrames ?? Number.POSITIVE_INFINITY);
  return video.frames.map((raw, i) => toPoseResult(`${basename(path)}#${i}`, video.width, video.height, raw, video.cached));
}
