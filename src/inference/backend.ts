// The seam between the pipeline's models and a model runtime. PalmDetector and LandmarkModel (and
// every model after them) use only this: the input's and outputs' names and shapes, and run() on one
// float32 NHWC image giving float32 outputs in the original TFLite order. The onnxruntime adapter
// (onnx-runner.ts) and TensorFlow Lite (tflite-runner.ts; on a Coral, with the Edge TPU delegate, see
// docs/coral.md) are two such runners; another runtime (TensorRT, OpenCV DNN) plugs in the same way
// without changes to the models.
import type { ExecutionProviderName } from './options.js';

/** A tensor's name and shape; a symbolic dimension (a batch of any size) is a string. */
export interface TensorInfo {
  readonly name: string;
  readonly shape: readonly (number | string)[];
}

export interface ModelRunner {
  readonly inputs: readonly TensorInfo[];
  readonly outputs: readonly TensorInfo[];
  /** Runs the model on its one float32 input (a batch of one), giving float32 outputs in `outputs` order. */
  run(input: Float32Array): Promise<Float32Array[]>;
  release(): Promise<void>;
}

/** A loaded model: its runner, what it runs on (for logs and the status page), and its file. */
export interface ModelSession {
  runner: ModelRunner;
  provider: ExecutionProviderName;
  modelPath: string;
}

/** The input's shape for one example: symbolic dimensions (the batch) become 1. */
export function singleInputShape(input: TensorInfo): number[] {
  return input.shape.map((size) => (typeof size === 'number' ? size : 1));
}
