// The recognition half of the loop as one unit: hand tracker then gesture engine, frame in, hands and
// gesture events out.
import type { DaemonConfig } from '../config/schema.js';
import type { ActiveGesture, GestureEngine } from '../gestures/engine.js';
import type { Frame, GestureEvent, HandsResult, HandTracker } from '../types.js';

export interface PipelineResult {
  /** The frame processed. */
  frame: Frame;
  hands: HandsResult;
  events: GestureEvent[];
  active: ActiveGesture[];
  /** Time in the gesture engine, ms (hand stages are in hands.timings). */
  gesturesMs: number;
}

export interface HandPipeline {
  /** Every label the engine can report (Home Assistant needs them up front). */
  readonly gestureLabels: string[];
  /** Models, variant, detection strategy and execution providers, for the status page. */
  readonly models: Record<string, unknown>;
  process(frame: Frame): Promise<PipelineResult>;
  /** Ends gestures under way and returns their end events. */
  finish(timestampMs: number): Promise<GestureEvent[]>;
  /** Forgets tracks and gesture history (after the source reconnects). */
  reset(): void;
  close(): Promise<void>;
}

export class InProcessPipeline implements HandPipeline {
  readonly gestureLabels: string[];
  readonly models: Record<string, unknown>;

  constructor(
    private readonly tracker: HandTracker,
    private readonly engine: GestureEngine,
    models: Record<string, unknown>,
  ) {
    this.gestureLabels = engine.labels;
    this.models = models;
  }

  async process(frame: Frame): Promise<PipelineResult> {
    const hands = await this.tracker.detectForVideo(frame);
    const start = performance.now();
    const { events, active } = await this.engine.process(hands);
    return { frame, hands, events, active, gesturesMs: performance.now() - start };
  }

  async finish(timestampMs: number): Promise<GestureEvent[]> {
    return this.engine.finish(timestampMs);
  }

  reset(): void {
    this.tracker.reset();
    this.engine.reset();
  }

  async close(): Promise<void> {
    await Promise.all([this.tracker.close(), this.engine.close()]);
  }
}

/** The real tracker (people and hands on the converted models) and gesture engine from the config. */
export async function createInProcessPipeline(config: DaemonConfig): Promise<InProcessPipeline> {
  const { HolisticLandmarker } = await import('../inference/holistic-landmarker.js');
  const { createGestureEngine } = await import('../gestures/engine.js');
  const engine = await createGestureEngine(config.gestures);
  const tracker = await HolisticLandmarker.createFromOptions(config.inference);
  const people = tracker.options.people;
  return new InProcessPipeline(tracker, engine, {
    variant: tracker.options.variant,
    detectionStrategy: tracker.options.detection.strategy,
    numHands: tracker.options.numHands,
    people: people.enabled ? { variant: people.variant, numPeople: people.numPeople, handRecrop: people.handRecrop } : false,
    providers: tracker.providers,
    gestures: engine.labels,
  });
}
