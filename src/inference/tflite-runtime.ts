// TensorFlow Lite itself (the 2.9 C library shipped in the npm package tfjs-tflite-node), called through
// koffi with the TFLite C API: the reference side of converter verification and the interpreter behind
// TfliteRunner. Independent of our reader and converter: TFLite parses the file on its own.
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import koffi from 'koffi';
import { UserError } from '../util/errors.js';

interface TfliteApi {
  version(): string;
  modelCreate(data: unknown, size: number): unknown;
  modelDelete(model: unknown): void;
  optionsCreate(): unknown;
  optionsSetNumThreads(options: unknown, threads: number): void;
  optionsDelete(options: unknown): void;
  interpreterCreate(model: unknown, options: unknown): unknown;
  interpreterDelete(interpreter: unknown): void;
  allocateTensors(interpreter: unknown): number;
  invoke(interpreter: unknown): number;
  inputCount(interpreter: unknown): number;
  inputTensor(interpreter: unknown, index: number): unknown;
  outputCount(interpreter: unknown): number;
  outputTensor(interpreter: unknown, index: number): unknown;
  tensorType(tensor: unknown): number;
  tensorNumDims(tensor: unknown): number;
  tensorDim(tensor: unknown, index: number): number;
  tensorByteSize(tensor: unknown): number;
  tensorName(tensor: unknown): string;
  copyFromBuffer(tensor: unknown, data: Float32Array, size: number): number;
  copyToBuffer(tensor: unknown, data: Float32Array, size: number): number;
}

let api: TfliteApi | undefined;

/** Path of libtensorflowlite_c.so inside tfjs-tflite-node, for this platform. */
function tfliteLibraryPath(): string {
  const require = createRequire(import.meta.url);
  let root: string;
  try {
    root = dirname(require.resolve('tfjs-tflite-node/package.json'));
  } catch {
    throw new UserError('tfjs-tflite-node is not installed; it ships the TFLite library used as the reference');
  }
  const arch = process.arch === 'x64' ? 'amd64' : process.arch;
  const path = join(root, 'cc_deps', `${process.platform}_${arch}`, 'libtensorflowlite_c.so');
  if (!existsSync(path)) throw new UserError(`no TFLite C library for ${process.platform}/${process.arch} at ${path}`);
  return path;
}

function loadApi(): TfliteApi {
  if (api) return api;
  const lib = koffi.load(tfliteLibraryPath());
  // Opaque handles: only the library looks inside them.
  for (const name of ['TfLiteModel', 'TfLiteInterpreterOptions', 'TfLiteInterpreter', 'TfLiteTensor']) {
    koffi.pointer(`${name}Ptr`, koffi.opaque(name));
  }
  api = {
    version: lib.func('const char *TfLiteVersion()'),
    modelCreate: lib.func('TfLiteModelPtr TfLiteModelCreate(void *data, size_t size)'),
    modelDelete: lib.func('void TfLiteModelDelete(TfLiteModelPtr model)'),
    optionsCreate: lib.func('TfLiteInterpreterOptionsPtr TfLiteInterpreterOptionsCreate()'),
    optionsSetNumThreads: lib.func('void TfLiteInterpreterOptionsSetNumThreads(TfLiteInterpreterOptionsPtr o, int32_t n)'),
    optionsDelete: lib.func('void TfLiteInterpreterOptionsDelete(TfLiteInterpreterOptionsPtr o)'),
    interpreterCreate: lib.func('TfLiteInterpreterPtr TfLiteInterpreterCreate(TfLiteModelPtr m, TfLiteInterpreterOptionsPtr o)'),
    interpreterDelete: lib.func('void TfLiteInterpreterDelete(TfLiteInterpreterPtr i)'),
    allocateTensors: lib.func('int TfLiteInterpreterAllocateTensors(TfLiteInterpreterPtr i)'),
    invoke: lib.func('int TfLiteInterpreterInvoke(TfLiteInterpreterPtr i)'),
    inputCount: lib.func('int32_t TfLiteInterpreterGetInputTensorCount(TfLiteInterpreterPtr i)'),
    inputTensor: lib.func('TfLiteTensorPtr TfLiteInterpreterGetInputTensor(TfLiteInterpreterPtr i, int32_t k)'),
    outputCount: lib.func('int32_t TfLiteInterpreterGetOutputTensorCount(TfLiteInterpreterPtr i)'),
    outputTensor: lib.func('TfLiteTensorPtr TfLiteInterpreterGetOutputTensor(TfLiteInterpreterPtr i, int32_t k)'),
    tensorType: lib.func('int TfLiteTensorType(TfLiteTensorPtr t)'),
    tensorNumDims: lib.func('int32_t TfLiteTensorNumDims(TfLiteTensorPtr t)'),
    tensorDim: lib.func('int32_t TfLiteTensorDim(TfLiteTensorPtr t, int32_t k)'),
    tensorByteSize: lib.func('size_t TfLiteTensorByteSize(TfLiteTensorPtr t)'),
    tensorName: lib.func('const char *TfLiteTensorName(TfLiteTensorPtr t)'),
    copyFromBuffer: lib.func('int TfLiteTensorCopyFromBuffer(TfLiteTensorPtr t, const void *data, size_t size)'),
    copyToBuffer: lib.func('int TfLiteTensorCopyToBuffer(TfLiteTensorPtr t, void *data, size_t size)'),
  } as TfliteApi;
  return api;
}

export interface ReferenceTensor {
  name: string;
  shape: number[];
  data: Float32Array;
}

const TFLITE_FLOAT32 = 1; // TfLiteType kTfLiteFloat32

/** One TFLite interpreter over a model held in memory. Call close() when done. */
export class TfliteInterpreter {
  private readonly api: TfliteApi;
  private modelMemory: unknown;
  private model: unknown;
  private interpreter: unknown;

  constructor(bytes: Uint8Array, threads = 1) {
    this.api = loadApi();
    // TfLiteModelCreate keeps using the bytes, so they live in memory that does not move.
    this.modelMemory = koffi.alloc('uint8_t', bytes.length);
    new Uint8Array(koffi.view(this.modelMemory, bytes.length)).set(bytes);
    this.model = this.api.modelCreate(this.modelMemory, bytes.length);
    if (!this.model) {
      this.close();
      throw new UserError('TFLite could not load the model');
    }
    const options = this.api.optionsCreate();
    this.api.optionsSetNumThreads(options, threads);
    this.interpreter = this.api.interpreterCreate(this.model, options);
    this.api.optionsDelete(options);
    if (!this.interpreter || this.api.allocateTensors(this.interpreter) !== 0) {
      this.close();
      throw new UserError('TFLite could not create an interpreter for the model');
    }
  }

  static version(): string {
    return loadApi().version();
  }

  private describe(tensor: unknown): { name: string; shape: number[]; bytes: number } {
    if (this.api.tensorType(tensor) !== TFLITE_FLOAT32) throw new UserError('the reference runner handles float32 tensors only');
    const shape = Array.from({ length: this.api.tensorNumDims(tensor) }, (_, k) => this.api.tensorDim(tensor, k));
    return { name: this.api.tensorName(tensor), shape, bytes: Number(this.api.tensorByteSize(tensor)) };
  }

  get inputs(): { name: string; shape: number[] }[] {
    return Array.from({ length: this.api.inputCount(this.interpreter) }, (_, k) => this.describe(this.api.inputTensor(this.interpreter, k)));
  }

  get outputs(): { name: string; shape: number[] }[] {
    return Array.from({ length: this.api.outputCount(this.interpreter) }, (_, k) => this.describe(this.api.outputTensor(this.interpreter, k)));
  }

  /** Runs the model on float32 inputs (in input order); returns every output. */
  run(inputs: Float32Array[]): ReferenceTensor[] {
    const count = this.api.inputCount(this.interpreter);
    if (inputs.length !== count) throw new UserError(`model has ${count} inputs, ${inputs.length} given`);
    inputs.forEach((data, k) => {
      const tensor = this.api.inputTensor(this.interpreter, k);
      const { name, bytes } = this.describe(tensor);
      if (data.byteLength !== bytes) throw new UserError(`input ${name} needs ${bytes} bytes, got ${data.byteLength}`);
      if (this.api.copyFromBuffer(tensor, data, bytes) !== 0) throw new UserError(`TFLite refused input ${name}`);
    });
    if (this.api.invoke(this.interpreter) !== 0) throw new UserError('TFLite failed to run the model');
    return Array.from({ length: this.api.outputCount(this.interpreter) }, (_, k) => {
      const tensor = this.api.outputTensor(this.interpreter, k);
      const { name, shape, bytes } = this.describe(tensor);
      const data = new Float32Array(bytes / 4);
      if (this.api.copyToBuffer(tensor, data, bytes) !== 0) throw new UserError(`TFLite refused to copy output ${name}`);
      return { name, shape, data };
    });
  }

  close(): void {
    if (this.interpreter) this.api.interpreterDelete(this.interpreter);
    if (this.model) this.api.modelDelete(this.model);
    if (this.modelMemory) koffi.free(this.modelMemory);
    this.interpreter = this.model = this.modelMemory = undefined;
  }
}
