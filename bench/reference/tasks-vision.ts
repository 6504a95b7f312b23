// MediaPipe's production runtime as a speed and quality peer: `@mediapipe/tasks-vision`
// HandLandmarker in VIDEO mode with the CPU delegate (XNNPACK in WASM with SIMD), in headless
// Chromium through HarnessBrowser, on frames we decoded. The model bundle is
// ../shared/models/tasks-vision/hand_landmarker.task (its README says how it was put together).
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Handedness, Landmark } from '../../src/types.js';
import { UserError } from '../../src/util/errors.js';
import { HarnessBrowser, packageDir } from './browser.js';

export interface TasksVisionOptions {
  /** Folder with hand_landmarker.task. */
  modelDir: string;
  numHands: number;
  minHandDetectionConfidence: number;
  minHandPresenceConfidence: number;
  minTrackingConfidence: number;
}

export interface TasksVisionHand {
  /** 21 landmarks in image pixels (z times the image width, as x). */
  landmarks: Landmark[];
  /** The person's own hand: the runtime assumes a non-mirrored image, so its label is taken as it is. */
  handedness: Handedness;
}

export interface TasksVisionFrame {
  /** Milliseconds `detectForVideo` took in the page (the frame already decoded to an ImageBitmap). */
  ms: number;
  hands: TasksVisionHand[];
}

interface RawFrame {
  ms: number;
  landmarks: number[][][];
  handedness: string[];
}

interface TasksWindow {
  harness: {
    start(options: Omit<TasksVisionOptions, 'modelDir'>): Promise<void>;
    process(id: string, width: number, height: number, timestampMs: number): Promise<RawFrame>;
  };
}

const pageHtml = `<!doctype html>
<html><head><meta charset="utf-8"><title>tasks-vision hand landmarker</title></head>
<body>
<script type="module">
import { FilesetResolver, HandLandmarker } from '/tasks-vision/vision_bundle.mjs';
let landmarker = null;
window.harness = {
  async start(options) {
    const fileset = await FilesetResolver.forVisionTasks('/tasks-vision/wasm');
    landmarker = await HandLandmarker.createFromOptions(fileset, {
      baseOptions: { modelAssetPath: '/tasks-models/hand_landmarker.task', delegate: 'CPU' },
      runningMode: 'VIDEO',
      ...options,
    });
  },
  async process(id, width, height, timestampMs) {
    const response = await fetch('/frames/' + id);
    if (!response.ok) throw new Error('frame ' + id + ': HTTP ' + response.status);
    const pixels = new ImageData(new Uint8ClampedArray(await response.arrayBuffer()), width, height);
    const bitmap = await createImageBitmap(pixels);
    const started = performance.now();
    const result = landmarker.detectForVideo(bitmap, timestampMs);
    const ms = performance.now() - started;
    bitmap.close();
    return {
      ms,
      landmarks: result.landmarks.map((hand) => hand.map((p) => [p.x, p.y, p.z])),
      handedness: result.handedness.map((c) => c[0].categoryName),
    };
  },
};
window.harnessReady = true;
</script>
</body></html>
`;

/** One Chromium page running tasks-vision's HandLandmarker; frames go through it in timestamp order. */
export class TasksVisionPage {
  private constructor(private readonly harness: HarnessBrowser) {}

  static async open(options: TasksVisionOptions): Promise<TasksVisionPage> {
    const bundle = join(options.modelDir, 'hand_landmarker.task');
    if (!existsSync(bundle)) throw new UserError(`tasks-vision model bundle not found: ${bundle}`);
    const dir = packageDir('@mediapipe/tasks-vision');
    const harness = await HarnessBrowser.open({
      html: pageHtml,
      folders: { '/tasks-vision/': dir, '/tasks-vision/wasm/': join(dir, 'wasm'), '/tasks-models/': dirname(bundle) },
    });
    try {
      await harness.page.waitForFunction(() => (window as unknown as { harnessReady?: boolean }).harnessReady === true);
      const { modelDir: _, ...taskOptions } = options;
      await harness.page.evaluate((o) => (window as unknown as TasksWindow).harness.start(o), taskOptions);
    } catch (error) {
      await harness.close();
      throw new Error(`tasks-vision HandLandmarker failed to start: ${(error as Error).message}`, { cause: error });
    }
    return new TasksVisionPage(harness);
  }

  /** One RGBA frame; timestamps must increase from frame to frame (VIDEO mode tracks between them). */
  async process(rgba: Uint8Array, width: number, height: number, timestampMs: number): Promise<TasksVisionFrame> {
    const raw = await this.harness.withFrame(rgba, (id) =>
      this.harness.page.evaluate(([i, w, h, t]) => (window as unknown as TasksWindow).harness.process(i, w, h, t), [
        id,
        width,
        height,
        Math.round(timestampMs),
      ] as const),
    );
    return {
      ms: raw.ms,
      hands: raw.landmarks.map((points, k) => ({
        landmarks: points.map(([x, y, z]) => ({ x: x! * width, y: y! * height, z: z! * width })),
        handedness: raw.handedness[k] === 'Left' ? 'Left' : 'Right',
      })),
    };
  }

  async close(): Promise<void> {
    await this.harness.close();
  }
}
