// The pipeline's parts as the controller sees them, and the real ones built from the config.
import { createFrameSource, type FrameSource } from '../capture/frame-source.js';
import type { DaemonConfig } from '../config/schema.js';
import type { GestureEngine } from '../gestures/engine.js';
import type { HandTracker } from '../types.js';

export interface PipelineParts {
  source: FrameSource;
  tracker: HandTracker;
  engine: GestureEngine;
  /** Every label the engine can report (Home Assistant needs them up front). */
  gestureLabels: string[];
  /** Models, providers and detection strategy in use, for the status page. */
  models: Record<string, unknown>;
}

export async function createPipelineParts(config: DaemonConfig): Promise<PipelineParts> {
  const { HandLandmarker } = await import('../inference/hand-landmarker.js');
  const { createGestureEngine } = await import('../gestures/engine.js');
  const source = createFrameSource(config.source);
  const engine = await createGestureEngine(config.gestures);
  const tracker = await HandLandmarker.createFromOptions(config.inference);
  return {
    source,
    tracker,
    engine,
    gestureLabels: engine.labels,
    models: {
      variant: tracker.options.variant,
      detectionStrategy: tracker.options.detection.strategy,
      numHands: tracker.options.numHands,
      providers: tracker.providers,
      gestures: engine.labels,
    },
  };
}
