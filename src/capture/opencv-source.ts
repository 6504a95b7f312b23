// Frames through OpenCV's VideoCapture: V4L2 cameras, files, network streams and GStreamer pipelines.
// readAsync decodes on libuv's thread pool, so the event loop stays free while a frame is read.
import { existsSync } from 'node:fs';
import type { SourceConfig } from '../config/schema.js';
import { UserError, oneLine } from '../util/errors.js';
import { loadOpenCV } from '../util/opencv.js';
import type { FrameSource, RawFrame } from './frame-source.js';
import { describeSource, type SourceSpec } from './source-spec.js';
import { probeStream } from './stream-probe.js';

type Capture = InstanceType<ReturnType<typeof loadOpenCV>['VideoCapture']>;
type Mat = Awaited<ReturnType<Capture['readAsync']>>;

/** BGR bytes of a decoded image (gray or BGRA converted), as a frame body. */
export function matToRawFrame(mat: Mat, timestampMs: number): RawFrame {
  const cv = loadOpenCV();
  let bgr = mat;
  if (mat.channels === 1) bgr = mat.cvtColor(cv.COLOR_GRAY2BGR);
  else if (mat.channels === 4) bgr = mat.cvtColor(cv.COLOR_BGRA2BGR);
  const frame = { timestampMs, width: bgr.cols, height: bgr.rows, data: bgr.getData() };
  // Freed now rather than whenever the garbage collector gets to it (V8 does not see Mat memory).
  bgr.release();
  mat.release();
  return frame;
}

export class OpenCvSource implements FrameSource {
  readonly description: string;
  readonly finite: boolean;
  private capture: Capture | null = null;
  /** Cancels the stream check in progress (close() during open(): the daemon stopping). */
  private probing: AbortController | null = null;
  /** A file's first image, decoded by open() to prove the file is a video; read() returns it first. */
  private first: Mat | null = null;
  /** Files played in real time: when frame 0 was due, and how many frames since. */
  private paceStartMs = 0;
  private pacedFrames = 0;
  private frameIntervalMs = 0;
  nominalFps: number | null = null;

  constructor(
    private readonly spec: SourceSpec,
    private readonly config: SourceConfig,
  ) {
    this.description = describeSource(spec);
    this.finite = spec.kind === 'file' && !config.loop;
  }

  async open(): Promise<void> {
    const cv = loadOpenCV();
    const spec = this.spec;
    if (spec.kind === 'file' && !existsSync(spec.path)) throw new UserError(`source.uri: video file not found: ${spec.path}`);
    if (spec.kind === 'url' && this.config.openTimeoutMs > 0) {
      this.probing = new AbortController();
      try {
        await probeStream(spec, this.config, this.config.openTimeoutMs, this.probing.signal);
      } finally {
        this.probing = null;
      }
    }
    let capture: Capture;
    try {
      if (spec.kind === 'device') {
        capture = new cv.VideoCapture(spec.device as number, cv.CAP_V4L2);
      } else if (spec.kind === 'gstreamer') {
        capture = new cv.VideoCapture(spec.pipeline, cv.CAP_GSTREAMER);
      } else if (spec.kind === 'url') {
        capture = new cv.VideoCapture(spec.url, cv.CAP_FFMPEG);
      } else if (spec.kind === 'file') {
        // FFmpeg only: on a file it cannot read, the other backends add nothing but noise.
        capture = new cv.VideoCapture(spec.path, cv.CAP_FFMPEG);
      } else {
        throw new Error(`OpenCV cannot open ${spec.kind} sources`);
      }
    } catch (error) {
      // A file does not come back by retrying, unlike a camera: refused at once.
      if (spec.kind === 'file') throw new UserError(`source.uri: cannot decode video file ${spec.path} (not a video OpenCV/FFmpeg can read)`);
      // opencv4nodejs throws plain strings here, not Errors.
      throw new Error(`cannot open ${this.description}: ${oneLine(error)}`);
    }
    if (spec.kind === 'device') this.configureCamera(capture);
    this.capture = capture;
    if (spec.kind === 'file') {
      this.first?.release();
      this.first = null;
      this.first = await this.readMat();
      if (!this.first) {
        this.close();
        throw new UserError(`source.uri: video file ${spec.path} has no frame that can be decoded`);
      }
    }
    const fileFps = capture.get(cv.CAP_PROP_FPS);
    this.nominalFps = this.config.fps ?? (fileFps > 0 && fileFps < 1000 ? fileFps : null);
    const fps = this.nominalFps ?? 30;
    this.frameIntervalMs = spec.kind === 'file' && this.config.realtime ? 1000 / fps : 0;
    this.paceStartMs = performance.now();
    this.pacedFrames = 0;
  }

  private configureCamera(capture: Capture): void {
    const cv = loadOpenCV();
    const { width, height, fps, fourcc } = this.config;
    // FOURCC first: the driver picks the sizes and rates it offers per pixel format.
    if (fourcc) capture.set(cv.CAP_PROP_FOURCC, cv.VideoWriter.fourcc(fourcc));
    if (width) capture.set(cv.CAP_PROP_FRAME_WIDTH, width);
    if (height) capture.set(cv.CAP_PROP_FRAME_HEIGHT, height);
    if (fps) capture.set(cv.CAP_PROP_FPS, fps);
    // One buffered frame: the newest image, not one from a queue of stale ones.
    capture.set(cv.CAP_PROP_BUFFERSIZE, 1);
  }

  async read(): Promise<RawFrame | null> {
    const capture = this.capture;
    if (!capture) throw new Error(`${this.description} is not open`);
    // Files in real time behave like a camera: the position follows the clock, and frames whose
    // time has passed while the pipeline was busy are skipped rather than delivered late.
    let skipped = 0;
    // The newest frame skipped so far: at the end of the file it is handed out instead of nothing, so
    // the file's last frame is delivered and no skipped frame goes uncounted.
    let newestSkipped: Mat | null = null;
    if (this.frameIntervalMs > 0) {
      const elapsed = performance.now() - this.paceStartMs;
      const dueFrame = Math.floor(elapsed / this.frameIntervalMs);
      if (dueFrame < this.pacedFrames) {
        await new Promise((r) => setTimeout(r, this.pacedFrames * this.frameIntervalMs - elapsed));
      }
      for (; this.pacedFrames < dueFrame; this.pacedFrames++) {
        const stale = await this.readMat();
        if (!stale) break;
        newestSkipped?.release();
        newestSkipped = stale;
        skipped++;
      }
      this.pacedFrames++;
    }
    let mat = await this.readMat();
    if (!mat && newestSkipped) {
      [mat, newestSkipped] = [newestSkipped, null];
      skipped--;
    }
    newestSkipped?.release();
    if (!mat) return null;
    return { ...matToRawFrame(mat, performance.now()), skipped };
  }

  /** The next decoded image, starting over at the end of a looping file; null at the end. */
  private async readMat(): Promise<Mat | null> {
    if (this.first) {
      const first = this.first;
      this.first = null;
      return first;
    }
    const capture = this.capture!;
    let mat = await capture.readAsync();
    if (mat.empty && this.spec.kind === 'file' && this.config.loop) {
      capture.set(loadOpenCV().CAP_PROP_POS_FRAMES, 0);
      mat = await capture.readAsync();
    }
    return mat.empty ? null : mat;
  }

  close(): void {
    this.probing?.abort();
    this.first?.release();
    this.first = null;
    this.capture?.release();
    this.capture = null;
  }
}
