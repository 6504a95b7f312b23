// Builds a dataset file: runs the hand pipeline on every image and on clip frames at a chosen rate,
// appending each frame's observations as it goes, and lists the files where no hand was found.
import { matToRawFrame } from '../../capture/opencv-source.js';
import type { Frame, HandsResult } from '../../types.js';
import { UserError, oneLine } from '../../util/errors.js';
import { createLogger } from '../../util/log.js';
import { loadOpenCV } from '../../util/opencv.js';
import { createProgress } from '../progress.js';
import { CropWriter } from './crops.js';
import { labelAt, listSources, type SourceFile } from './sources.js';
import { DatasetWriter, type FileRecord } from './store.js';

const log = createLogger('dataset');

/** The part of HandLandmarker the builder uses. */
export interface DatasetDetector {
  detect(frame: Frame): Promise<HandsResult>;
  detectForVideo(frame: Frame): Promise<HandsResult>;
  reset(): void;
}

export interface BuildOptions {
  root: string;
  out: string;
  /** Clip frames sampled per second. */
  fps: number;
  detector: DatasetDetector;
  cropDir?: string;
  progress?: boolean;
}

export interface BuildSummary {
  files: number;
  skipped: number;
  frames: number;
  framesWithHands: number;
  /** Sources where no hand was found in any frame, or that could not be decoded. */
  withoutHands: string[];
  failed: string[];
}

type Cv = ReturnType<typeof loadOpenCV>;
type Mat = InstanceType<Cv['Mat']>;

function videoFrameEstimate(cv: Cv, file: SourceFile, fps: number): number {
  const capture = new cv.VideoCapture(file.path);
  const count = capture.get(cv.CAP_PROP_FRAME_COUNT);
  const rate = capture.get(cv.CAP_PROP_FPS) || fps;
  capture.release();
  return Math.max(1, Math.ceil((count * Math.min(fps, rate)) / rate));
}

export async function buildDataset(options: BuildOptions): Promise<BuildSummary> {
  if (!(options.fps > 0)) throw new UserError(`--fps must be positive, got ${options.fps}`);
  const cv = loadOpenCV();
  const sources = listSources(options.root);
  const writer = new DatasetWriter(options.out, { root: options.root, fps: options.fps });
  const todo = sources.filter((s) => !writer.done.has(s.name));
  if (todo.length < sources.length) log.info('resuming', { done: sources.length - todo.length, left: todo.length });
  const crops = options.cropDir ? new CropWriter(options.cropDir) : undefined;
  const total = todo.reduce((n, s) => n + (s.type === 'image' ? 1 : videoFrameEstimate(cv, s, options.fps)), 0);
  const progress = createProgress(total, 'frames', options.progress);
  const summary: BuildSummary = { files: todo.length, skipped: sources.length - todo.length, frames: 0, framesWithHands: 0, withoutHands: [], failed: [] };

  for (const file of todo) {
    writer.start(file.name);
    const record: Omit<FileRecord, 'type'> = { source: file.name, kind: file.type, label: file.label, frames: 0, framesWithHands: 0 };
    const take = async (mat: Mat, frameIndex: number, timeMs: number, video: boolean): Promise<void> => {
      // matToRawFrame releases the Mat: only the frame's bytes are used after this.
      const frame: Frame = { ...matToRawFrame(mat, timeMs), index: frameIndex, source: file.name };
      const result = video ? await options.detector.detectForVideo(frame) : await options.detector.detect(frame);
      const label = labelAt(file, timeMs / 1000);
      writer.frame({ source: file.name, frame: frameIndex, timeMs, label, width: frame.width, height: frame.height, hands: result.hands });
      crops?.add(frame, label, file.name, result.hands);
      record.frames++;
      if (result.hands.length) record.framesWithHands++;
      progress.tick();
    };
    try {
      if (file.type === 'image') {
        const mat = cv.imread(file.path);
        if (mat.empty) throw new Error('not a readable image');
        await take(mat, 0, 0, false);
      } else {
        await readClip(cv, file, options.fps, (mat, index, timeMs) => take(mat, index, timeMs, true), options.detector);
      }
    } catch (error) {
      record.error = oneLine(error);
      summary.failed.push(file.name);
      log.warn('file skipped', { source: file.name, error: record.error });
    }
    writer.file(record);
    summary.frames += record.frames;
    summary.framesWithHands += record.framesWithHands;
    if (!record.error && record.framesWithHands === 0) summary.withoutHands.push(file.name);
  }
  progress.done();
  crops?.writeContactSheet();
  return summary;
}

/** Decodes a clip, handing on frames at about `fps` per second with their index and time. */
async function readClip(
  cv: Cv,
  file: SourceFile,
  fps: number,
  onFrame: (mat: Mat, index: number, timeMs: number) => Promise<void>,
  detector: DatasetDetector,
): Promise<void> {
  const capture = new cv.VideoCapture(file.path);
  const rate = capture.get(cv.CAP_PROP_FPS);
  if (!(rate > 0)) {
    capture.release();
    throw new Error('not a readable video');
  }
  detector.reset(); // tracks do not carry over between clips
  let nextSampleS = 0;
  try {
    for (let index = 0; ; index++) {
      const mat = capture.read();
      if (mat.empty) break;
      const timeS = index / rate;
      // Half a source frame of slack so 15 fps sampled at 15 fps keeps every frame.
      if (timeS + 0.5 / rate < nextSampleS) continue;
      nextSampleS += 1 / fps;
      await onFrame(mat, index, timeS * 1000);
    }
  } finally {
    capture.release();
  }
}
