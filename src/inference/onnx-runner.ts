// onnxruntime as a ModelRunner: the only place the pipeline's models meet onnxruntime's tensor types.
import { singleInputShape, type ModelRunner, type TensorInfo } from './backend.js';
import type { OnnxRuntime, OrtSession } from './session.js';

export class OnnxRunner implements ModelRunner {
  readonly inputs: readonly TensorInfo[];
  readonly outputs: readonly TensorInfo[];
  private readonly inputShape: number[];

  constructor(
    private readonly runtime: OnnxRuntime,
    private readonly session: OrtSession,
  ) {
    this.inputs = session.inputMetadata.map(tensorInfo);
    this.outputs = session.outputMetadata.map(tensorInfo);
    this.inputShape = this.inputs[0] ? singleInputShape(this.inputs[0]) : [];
  }

  async run(input: Float32Array): Promise<Float32Array[]> {
    const results = await this.session.run({ [this.inputs[0]!.name]: new this.runtime.Tensor('float32', input, this.inputShape) });
    return this.outputs.map(({ name: output }) => {
      const data = results[output]?.data;
      if (!(data instanceof Float32Array)) throw new Error(`onnxruntime: output ${output} is not float32`);
      return data;
    });
  }

  release(): Promise<void> {
    return this.session.release();
  }
}

function tensorInfo(meta: OrtSession['inputMetadata'][number]): TensorInfo {
  return { name: meta.name, shape: meta.isTensor ? meta.shape : [] };
}
