// A Frame from pixels the caller decoded itself (the library entry's frameFromBgr): checks the
// buffer's size against the image's, so a wrong size is one clear error instead of garbage hands.
import type { Frame } from '../types.js';
import { UserError } from '../util/errors.js';

export interface BgrFrameOptions {
  /** Sequence number (default 0); results carry it as frameIndex. */
  index?: number;
  /** Where the pixels came from, for logs (default "memory"). */
  source?: string;
}

/** A Frame of BGR bytes, 3 a pixel, row-major without padding (OpenCV's layout). */
export function frameFromBgr(data: Uint8Array, width: number, height: number, timestampMs: number, options: BgrFrameOptions = {}): Frame {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width <= 0 || height <= 0) {
    throw new UserError(`frame size must be positive whole pixels, got ${width}x${height}`);
  }
  if (data.length !== width * height * 3) {
    throw new UserError(`a ${width}x${height} BGR frame has ${width * height * 3} bytes, got ${data.length}`);
  }
  if (!Number.isFinite(timestampMs)) throw new UserError(`frame timestamp must be a finite number of milliseconds, got ${timestampMs}`);
  return { index: options.index ?? 0, timestampMs, width, height, data, source: options.source ?? 'memory' };
}
