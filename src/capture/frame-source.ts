// A source of frames. Implementations open a device, file or stream and hand out decoded BGR frames.
import type { SourceConfig } from '../config/schema.js';
import { UserError } from '../util/errors.js';
import { OpenCvSource } from './opencv-source.js';
import { parseSourceSpec } from './source-spec.js';
import { WebcamSource } from './webcam-source.js';

/** A decoded image before it gets its sequence number: the grabber numbers what it hands out. */
export interface RawFrame {
  timestampMs: number;
  width: number;
  height: number;
  data: Uint8Array;
  /** Frames the source itself skipped just before this one (a file played in real time that fell behind). */
  skipped?: number;
}

export interface FrameSource {
  /** For logs and the status page. */
  readonly description: string;
  /** Whether the source ends by itself (a file without loop); otherwise an end is a failure to recover from. */
  readonly finite: boolean;
  /** Frames a second the source says it delivers (a file's rate, a camera's mode), once open; null if unknown. */
  readonly nominalFps: number | null;
  open(): Promise<void>;
  /** The next frame, or null at the end of the stream. Throws on read errors. */
  read(): Promise<RawFrame | null>;
  close(): void;
}

export function createFrameSource(config: SourceConfig): FrameSource {
  const spec = parseSourceSpec(config.uri);
  if (spec.kind === 'webcam') {
    if (!config.width || !config.height) throw new UserError('source.width and source.height are required for webcam: sources');
    return new WebcamSource(spec.device, config.width, config.height);
  }
  return new OpenCvSource(spec, config);
}
