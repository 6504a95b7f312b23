// How palms are searched for in a frame. The `full` strategy is MediaPipe's: the whole frame
// letterboxed into the palm model's input. Other strategies (src/inference/strategies/NAME.ts)
// compose PalmDetector.detectRaw on sub-rectangles with suppressOverlappingPalms.
import type { HandRegion } from '../types.js';
import { UserError, oneLine } from '../util/errors.js';
import type { FrameImage } from './frame-image.js';
import type { InferenceOptions } from './options.js';
import type { PalmDetection } from './palm-decode.js';
import { fullFrameRect, type PalmDetector } from './palm-detector.js';

export interface DetectionCost {
  /** Palm model runs this frame. */
  modelRuns: number;
  /** Wall time of the whole search, milliseconds. */
  ms: number;
}

export interface StrategyResult {
  /** Palms in frame pixels after suppression, best first. */
  detections: PalmDetection[];
  cost: DetectionCost;
}

export interface DetectionStrategy {
  readonly name: string;
  /**
   * Palms in the frame. `tracked` are the regions of hands already tracked this frame (a strategy
   * may skip searching there); the pipeline drops detections that overlap them in any case.
   */
  detect(image: FrameImage, tracked: readonly HandRegion[]): Promise<StrategyResult>;
  /** Forget what was learnt from earlier frames (e.g. a motion background), with the tracker's reset. */
  reset?(): void;
}

/** What a strategy module (src/inference/strategies/NAME.ts) exports as `create`. */
export type DetectionStrategyFactory = (palm: PalmDetector, options: InferenceOptions['detection']) => DetectionStrategy;

export class FullFrameStrategy implements DetectionStrategy {
  readonly name = 'full';

  constructor(private readonly palm: PalmDetector) {}

  async detect(image: FrameImage): Promise<StrategyResult> {
    const start = performance.now();
    const detections = await this.palm.detect(image, fullFrameRect(image));
    return { detections, cost: { modelRuns: 1, ms: performance.now() - start } };
  }
}

// Literal import paths (not a template) so that bundlers and vitest resolve them too.
const strategyModules: Record<Exclude<InferenceOptions['detection']['strategy'], 'full'>, () => Promise<unknown>> = {
  tiles: () => import('./strategies/tiles.js'),
  zone: () => import('./strategies/zone.js'),
};

/** The strategy named by options.strategy: `full` built in, others loaded from ./strategies/NAME.js. */
export async function createDetectionStrategy(palm: PalmDetector, options: InferenceOptions['detection']): Promise<DetectionStrategy> {
  if (options.strategy === 'full') return new FullFrameStrategy(palm);
  let module: { create?: DetectionStrategyFactory };
  try {
    module = (await strategyModules[options.strategy]()) as { create?: DetectionStrategyFactory };
  } catch (error) {
    throw new UserError(`detection strategy ${options.strategy} is not available: ${oneLine(error)}`);
  }
  if (typeof module.create !== 'function') throw new Error(`strategies/${options.strategy}.js exports no create()`);
  return module.create(palm, options);
}
