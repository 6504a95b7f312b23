// The palm and landmark models run by TensorFlow Lite itself instead of onnxruntime, through the
// ModelRunner seam: the starting point of a Coral backend (docs/coral.md), where the same
// interpreter gets the Edge TPU delegate. Uses the TFLite C library the converter verifies against.
import { readFileSync } from 'node:fs';
import { TfliteInterpreter } from './tflite-runtime.js';
import { UserError } from '../util/errors.js';
import type { ModelRunner, TensorInfo } from './backend.js';

export class TfliteRunner implements ModelRunner {
  readonly inputs: readonly TensorInfo[];
  readonly outputs: readonly TensorInfo[];
  private readonly interpreter: TfliteInterpreter;

  constructor(modelPath: string, threads = 1) {
    let bytes: Uint8Array;
    try {
      bytes = readFileSync(modelPath);
    } catch (error) {
      throw new UserError(`cannot read TFLite model ${modelPath}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
    }
    this.interpreter = new TfliteInterpreter(bytes, threads);
    this.inputs = this.interpreter.inputs.map(({ name, shape }) => ({ name, shape }));
    this.outputs = this.interpreter.outputs.map(({ name, shape }) => ({ name, shape }));
  }

  async run(input: Float32Array): Promise<Float32Array[]> {
    return this.interpreter.run([input]).map((output) => output.data);
  }

  async release(): Promise<void> {
    this.interpreter.close();
  }
}
