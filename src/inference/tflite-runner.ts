// The palm and landmark models run by TensorFlow Lite itself instead of onnxruntime, through the
// ModelRunner seam: the starting point of a Coral backend (docs/coral.md), where the same
// interpreter gets the Edge TPU delegate. Uses the TFLite C library the converter verifies against.
import { readFileSync } from 'node:fs';
import { TfliteInterpreter } from './tflite-runtime.js';
import { UserError } from '../util/errors.js';
import type { ModelRunner } from './backend.js';

export class TfliteRunner implements ModelRunner {
  readonly inputNames: string[];
  readonly outputNames: string[];
  readonly inputMetadata: { isTensor: true; shape: number[] }[];
  readonly outputMetadata: { isTensor: true; shape: number[] }[];
  private readonly interpreter: TfliteInterpreter;

  constructor(modelPath: string, threads = 1) {
    let bytes: Uint8Array;
    try {
      bytes = readFileSync(modelPath);
    } catch (error) {
      throw new UserError(`cannot read TFLite model ${modelPath}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
    }
    this.interpreter = new TfliteInterpreter(bytes, threads);
    const inputs = this.interpreter.inputs;
    this.inputNames = inputs.map((t) => t.name);
    this.inputMetadata = inputs.map((t) => ({ isTensor: true, shape: t.shape }));
    const outputs = this.interpreter.outputs;
    this.outputNames = outputs.map((t) => t.name);
    this.outputMetadata = outputs.map((t) => ({ isTensor: true, shape: t.shape }));
  }

  async run(feeds: Readonly<Record<string, { readonly data: unknown; readonly dims: readonly number[] }>>): Promise<Record<string, { data: Float32Array }>> {
    const inputs = this.inputNames.map((name) => {
      const feed = feeds[name];
      if (!(feed?.data instanceof Float32Array)) throw new Error(`TFLite runner: float32 input ${name} missing`);
      return feed.data;
    });
    const outputs = this.interpreter.run(inputs);
    return Object.fromEntries(outputs.map((o) => [o.name, { data: o.data }]));
  }

  async release(): Promise<void> {
    this.interpreter.close();
  }
}
