// Writes labelled clips for the training workbench: DIR/<label>/<label>_<time>.mp4 (one folder per label).
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Frame } from '../types.js';
import { UserError } from '../util/errors.js';
import { loadOpenCV } from '../util/opencv.js';

/** A label as a regular-expression source, shared with the status page's form (its `pattern`
 * attribute is compiled with the v flag, where a bare `-` in a class is an error: hence `\-`). */
export const LABEL_PATTERN = '[A-Za-z0-9][A-Za-z0-9_\\-]{0,63}';
const LABEL = new RegExp(`^${LABEL_PATTERN}$`);

/** Checks a label is a plain folder name (no path separators, no dots: nothing escapes DIR). */
export function checkLabel(label: string): string {
  if (!LABEL.test(label)) throw new UserError(`label "${label}": use 1 to 64 letters, digits, _ or - (it becomes a folder name)`);
  return label;
}

/** Where the next clip of `label` goes; creates the label's folder. */
export function clipPath(dir: string, label: string, at = new Date()): string {
  const folder = join(dir, checkLabel(label));
  mkdirSync(folder, { recursive: true });
  return join(folder, `${label}_${at.toISOString().replace(/[:.]/g, '-')}.mp4`);
}

export class ClipWriter {
  private writer: InstanceType<ReturnType<typeof loadOpenCV>['VideoWriter']> | null = null;
  private pending: Promise<void> = Promise.resolve();
  /** The first failed write (a full or vanished disk): close() throws it. */
  private failure: unknown = null;
  frames = 0;

  constructor(
    readonly path: string,
    private readonly fps: number,
  ) {}

  /** Queues a frame; frames of another size than the first are refused. */
  write(frame: Frame): void {
    const cv = loadOpenCV();
    if (!this.writer) {
      // mp4v: in every OpenCV/FFmpeg build; the workbench decodes it with OpenCV too.
      this.writer = new cv.VideoWriter(this.path, cv.VideoWriter.fourcc('mp4v'), this.fps, new cv.Size(frame.width, frame.height));
      this.size = [frame.width, frame.height];
    }
    if (frame.width !== this.size[0] || frame.height !== this.size[1]) return;
    const mat = new cv.Mat(Buffer.from(frame.data.buffer, frame.data.byteOffset, frame.data.byteLength), frame.height, frame.width, cv.CV_8UC3);
    const writer = this.writer;
    // Caught here: a rejection left waiting for close() would be an unhandled rejection, which ends Node.
    this.pending = this.pending.then(() => writer.writeAsync(mat)).catch((error: unknown) => void (this.failure ??= error));
    this.frames++;
  }

  private size: [number, number] = [0, 0];

  /** Waits for queued frames and closes the file; throws the first write that failed. */
  async close(): Promise<{ path: string; frames: number }> {
    await this.pending;
    this.writer?.release();
    this.writer = null;
    if (this.failure) throw this.failure;
    return { path: this.path, frames: this.frames };
  }
}
