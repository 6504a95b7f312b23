// The one place media files are recognised and decoded: which files are images or videos, an image
// as a Frame, a video's frames in order. detect, dataset build, converter verification and the
// benches all read files through here, so they accept the same files and number frames alike.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import type { Frame } from '../types.js';
import { UserError } from '../util/errors.js';
import { loadOpenCV } from '../util/opencv.js';
import { matToRawFrame } from './opencv-source.js';

export const IMAGE_EXTENSIONS: readonly string[] = ['.jpg', '.jpeg', '.png', '.bmp', '.webp', '.tif', '.tiff'];
export const VIDEO_EXTENSIONS: readonly string[] = ['.mp4', '.avi', '.mkv', '.mov', '.webm', '.m4v', '.mpg', '.mpeg'];

export type MediaKind = 'image' | 'video';

export interface MediaFile {
  path: string;
  kind: MediaKind;
}

/** Image, video or neither, by the file's extension (any case). */
export function mediaKind(path: string): MediaKind | undefined {
  const ext = extname(path).toLowerCase();
  if (IMAGE_EXTENSIONS.includes(ext)) return 'image';
  if (VIDEO_EXTENSIONS.includes(ext)) return 'video';
  return undefined;
}

/** The images and videos an input path names: the file itself, or a folder's media files sorted by name. */
export function listMedia(input: string): MediaFile[] {
  if (!existsSync(input)) throw new UserError(`input not found: ${input}`);
  if (statSync(input).isDirectory()) {
    // Files and links to files (a folder of links to clips kept elsewhere); not links to nothing.
    const files = readdirSync(input)
      .filter((name) => statSync(join(input, name), { throwIfNoEntry: false })?.isFile())
      .sort()
      .flatMap((name) => {
        const kind = mediaKind(name);
        return kind ? [{ path: join(input, name), kind }] : [];
      });
    if (files.length === 0) throw new UserError(`no images or videos in folder ${input}`);
    return files;
  }
  const kind = mediaKind(input);
  if (!kind) throw new UserError(`not an image or video file (by extension): ${input}`);
  return [{ path: input, kind }];
}

type Capture = InstanceType<ReturnType<typeof loadOpenCV>['VideoCapture']>;

/** An image file as a Frame (index 0, timestamp 0); a missing or undecodable file is a one-line UserError. */
export function readImageFrame(path: string): Frame {
  // Said here, not by OpenCV: it would print a warning and the error would say "cannot decode".
  if (!existsSync(path)) throw new UserError(`image not found: ${path}`);
  let mat: ReturnType<ReturnType<typeof loadOpenCV>['imread']>;
  try {
    mat = loadOpenCV().imread(path);
  } catch {
    throw new UserError(`cannot decode image ${path}`);
  }
  if (mat.empty) throw new UserError(`cannot decode image ${path}`);
  return { index: 0, source: path, ...matToRawFrame(mat, 0) };
}

/** The file's frame rate, or 30 when it gives none (as MediaPipe's video mode assumes a steady clock). */
function frameRate(capture: Capture): number {
  const fps = capture.get(loadOpenCV().CAP_PROP_FPS);
  return fps > 0 && fps < 1000 ? fps : 30;
}

function openVideo(path: string): Capture {
  if (!existsSync(path)) throw new UserError(`video not found: ${path}`);
  const cv = loadOpenCV();
  try {
    // FFmpeg alone, as the daemon opens files: on a file it cannot read, OpenCV's default would try
    // GStreamer next and print its warnings before our one line.
    return new cv.VideoCapture(path, cv.CAP_FFMPEG);
  } catch {
    throw new UserError(`cannot decode video ${path}`);
  }
}

export interface VideoReadOptions {
  /** Keep about this many frames a second (the rest are skipped undecoded into frames); default: every frame. */
  sampleFps?: number;
}

/**
 * A video's frames in order: index is the frame's position in the file, timestampMs index / fps.
 * A file that yields no frame at all is a one-line UserError. Stopping early (break) closes the file.
 */
export async function* readVideoFrames(path: string, options: VideoReadOptions = {}): AsyncGenerator<Frame> {
  const capture = openVideo(path);
  try {
    const fps = frameRate(capture);
    let nextSampleMs = 0;
    for (let index = 0; ; index++) {
      const mat = await capture.readAsync();
      if (mat.empty) {
        if (index === 0) throw new UserError(`cannot decode video ${path}`);
        return;
      }
      const timestampMs = (index * 1000) / fps;
      if (options.sampleFps) {
        // Half a source frame of slack, so a 15 fps clip sampled at 15 fps keeps every frame.
        if (timestampMs + 500 / fps < nextSampleMs) {
          mat.release();
          continue;
        }
        nextSampleMs += 1000 / options.sampleFps;
      }
      yield { index, source: path, ...matToRawFrame(mat, timestampMs) };
    }
  } finally {
    capture.release();
  }
}

/** How many frames readVideoFrames will give (from the file's header; 1 when it says nothing). */
export function estimateVideoFrames(path: string, options: VideoReadOptions = {}): number {
  const capture = openVideo(path);
  const count = capture.get(loadOpenCV().CAP_PROP_FRAME_COUNT);
  const fps = frameRate(capture);
  capture.release();
  const kept = options.sampleFps ? Math.min(options.sampleFps, fps) / fps : 1;
  return Math.max(1, Math.ceil(count * kept));
}
