// Builds a dataset file: runs the hand pipeline on every image and on clip frames at a chosen rate,
// appending each frame's observations as it goes, and lists the files where no hand was found.
import { estimateVideoFrames, readImageFrame, readVideoFrames } from '../../capture/media.js';
import type { Frame, HandsResult } from '../../types.js';
import { UserError, oneLine } from '../../util/errors.js';
import { createLogger } from '../../util/log.js';
import { createProgress } from '../progress.js';
import { CropWriter } from './crops.js';
import { labelAt, listSources } from './sources.js';
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

export async function buildDataset(options: BuildOptions): Promise<BuildSummary> {
  if (!(options.fps > 0)) throw new UserError(`--fps must be positive, got ${options.fps}`);
  const sources = listSources(options.root);
  const writer = new DatasetWriter(options.out, { root: options.root, fps: options.fps });
  const todo = sources.filter((s) => !writer.done.has(s.name));
  if (todo.length < sources.length) log.info('resuming', { done: sources.length - todo.length, left: todo.length });
  const crops = options.cropDir ? new CropWriter(options.cropDir) : undefined;
  const total = todo.reduce((n, s) => n + (s.type === 'image' ? 1 : estimateVideoFrames(s.path, { sampleFps: options.fps })), 0);
  const progress = createProgress(total, 'frames', options.progress);
  const summary: BuildSummary = { files: todo.length, skipped: sources.length - todo.length, frames: 0, framesWithHands: 0, withoutHands: [], failed: [] };

  for (const file of todo) {
    writer.start(file.name);
    const record: Omit<FileRecord, 'type'> = { source: file.name, kind: file.type, label: file.label, frames: 0, framesWithHands: 0 };
    const take = async (decoded: Frame, video: boolean): Promise<void> => {
      const frame: Frame = { ...decoded, source: file.name };
      const timeMs = frame.timestampMs;
      const result = video ? await options.detector.detectForVideo(frame) : await options.detector.detect(frame);
      const label = labelAt(file, timeMs / 1000);
      writer.frame({ source: file.name, frame: frame.index, timeMs, label, width: frame.width, height: frame.height, hands: result.hands });
      crops?.add(frame, label, file.name, result.hands);
      record.frames++;
      if (result.hands.length) record.framesWithHands++;
      progress.tick();
    };
    try {
      if (file.type === 'image') {
        await take(readImageFrame(file.path), false);
      } else {
        options.detector.reset(); // tracks do not carry over between clips
        for await (const frame of readVideoFrames(file.path, { sampleFps: options.fps })) await take(frame, true);
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
