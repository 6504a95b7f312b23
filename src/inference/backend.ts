// The seam between the hand pipeline and a model runtime. PalmDetector and LandmarkModel use only
// this much of an onnxruntime session: input/output names, the input's shape, and run() on one
// float32 NHWC tensor giving float32 outputs in the original TFLite order. Another runtime that
// offers the same (TFLite here; on a Coral, TFLite with the Edge TPU delegate for the palm
// detector, see docs/coral.md) plugs in as a ModelSession without changes to the pipeline.
import type { ExecutionProviderName } from './options.js';
import type { ModelSession, OrtSession } from './session.js';

type TensorMetadata = { readonly isTensor: true; readonly shape: readonly (number | string)[] } | { readonly isTensor: false };

export interface ModelRunner {
  readonly inputNames: readonly string[];
  readonly outputNames: readonly string[];
  readonly inputMetadata: readonly TensorMetadata[];
  readonly outputMetadata: readonly TensorMetadata[];
  run(feeds: Readonly<Record<string, { readonly data: unknown; readonly dims: readonly number[] }>>): Promise<Record<string, { readonly data: unknown }>>;
  release(): Promise<void>;
}

/** onnxruntime's sessions are ModelRunners: the interface is exactly what the pipeline uses of them. */
export function onnxRunner(session: OrtSession): ModelRunner {
  return session;
}

/**
 * A runner from another runtime, as the ModelSession the pipeline's models take. `provider` is what
 * logs and the status page report for it.
 */
export function runnerSession(runner: ModelRunner, provider: ExecutionProviderName, modelPath: string): ModelSession {
  // The pipeline only calls ModelRunner's members on `session` (checked by onnxRunner above).
  return { session: runner as OrtSession, provider, modelPath };
}
