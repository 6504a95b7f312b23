// Fallback source through node-webcam (fswebcam on Linux): one JPEG a shot, slow but needs no V4L2 in OpenCV.
import { createRequire } from 'node:module';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadOpenCV } from '../util/opencv.js';
import type { FrameSource, RawFrame } from './frame-source.js';
import { matToRawFrame } from './opencv-source.js';
import { describeSource } from './source-spec.js';

interface NodeWebcam {
  capture(location: string, callback: (error: Error | null, data: string) => void): void;
}

export class WebcamSource implements FrameSource {
  readonly description: string;
  readonly finite = false;
  readonly nominalFps = null;
  private camera: NodeWebcam | null = null;
  private dir: string | null = null;

  constructor(
    private readonly device: string | false,
    private readonly width: number,
    private readonly height: number,
  ) {
    this.description = describeSource({ kind: 'webcam', device });
  }

  async open(): Promise<void> {
    const require = createRequire(import.meta.url);
    const webcam = require('node-webcam') as { create(options: Record<string, unknown>): NodeWebcam };
    this.dir = mkdtempSync(join(tmpdir(), 'gesturegate-webcam-'));
    this.camera = webcam.create({
      width: this.width,
      height: this.height,
      device: this.device,
      output: 'jpeg',
      callbackReturn: 'location',
      frames: 1,
      verbose: false,
    });
  }

  async read(): Promise<RawFrame | null> {
    const camera = this.camera;
    if (!camera || !this.dir) throw new Error('webcam is not open');
    const location = await new Promise<string>((resolve, reject) =>
      camera.capture(join(this.dir!, 'shot'), (error, data) => (error ? reject(error) : resolve(data))),
    );
    const mat = loadOpenCV().imdecode(readFileSync(location));
    return matToRawFrame(mat, performance.now());
  }

  close(): void {
    if (this.dir) rmSync(this.dir, { recursive: true, force: true });
    this.dir = null;
    this.camera = null;
  }
}
