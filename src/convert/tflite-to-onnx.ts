// Maps a TFLite graph onto an ONNX graph, operator by operator.
//
// The ONNX model keeps TFLite's interface exactly (NHWC float input, same output names and
// shapes). Inside, 4-D activations run in ONNX's NCHW layout: each TFLite tensor may have an NHWC
// ("native") and an NCHW ONNX value, made on demand with a Transpose, so layout changes only
// happen where an operator needs them (graph input, RESHAPE, graph outputs).
// Constant weights are written once in the layout their consumer needs; float16 weights stay
// float16 initializers followed by a Cast, which keeps files as small as the originals.
import { UserError } from '../util/errors.js';
import { GraphBuilder, encodeModel, onnxDataTypeCode, type OnnxAttributeValue, type OnnxGraph } from '../onnx/index.js';
import { float16ToNumber } from './float16.js';
import { TO_NCHW, TO_NHWC, nchwAxis, paddingFor, permuteBytes, windowOutputSize, type PaddingMode } from './layout.js';
import type { TfliteModel, TfliteOperator, TfliteSubgraph, TfliteTensor } from './tflite-reader.js';
import { tensorTypeSize, type Activation } from './tflite-schema.js';

/** The opset written: loaded by onnxruntime 1.x, and by OpenCV 4.6's importer with the 'opencv' target. */
export const ONNX_OPSET = 13;

export interface OnnxConversionOptions {
  /** Names the source in error messages and in the model. */
  source: string;
  producerVersion: string;
  graphName?: string;
  /** The runtime the model is written for (default onnxruntime). */
  target?: ConversionTarget;
  docString?: string;
  metadata?: Record<string, string>;
}

/** Every TFLite operator this converter maps (anything else is refused by name). */
const supportedOperators = [
  'ADD',
  'AVERAGE_POOL_2D',
  'CONCATENATION',
  'CONV_2D',
  'DENSIFY',
  'DEPTH_TO_SPACE',
  'DEPTHWISE_CONV_2D',
  'DEQUANTIZE',
  'FULLY_CONNECTED',
  'LOGISTIC',
  'MAX_POOL_2D',
  'MEAN',
  'PAD',
  'PRELU',
  'RELU',
  'RELU6',
  'RESHAPE',
  'RESIZE_BILINEAR',
  'STRIDED_SLICE',
  'TANH',
] as const;

export function tfliteToOnnx(model: TfliteModel, options: OnnxConversionOptions): Uint8Array {
  if (model.subgraphs.length !== 1) {
    throw new UserError(`${options.source}: ${model.subgraphs.length} subgraphs; only single-subgraph models are supported`);
  }
  const converter = new Converter(model.subgraphs[0]!, options);
  let graph: OnnxGraph;
  try {
    graph = converter.convert().build(options.docString);
  } catch (error) {
    // The builder's structural checks (undefined values, cycles, clashing names) fail here only
    // for malformed TFLite graphs: report them as problems of the input file.
    if (error instanceof Error && error.message.startsWith('ONNX graph:')) {
      throw new UserError(`${options.source}: cannot be converted (${error.message.replace('ONNX graph: ', '')})`);
    }
    throw error;
  }
  return encodeModel({
    graph,
    opset: ONNX_OPSET,
    producerName: 'gesturegate-convert',
    producerVersion: options.producerVersion,
    docString: options.docString,
    metadata: options.metadata,
  });
}

/**
 * 'onnxruntime': float16 weights stay float16 (+ Cast; half the size), RELU6 is one Clip (which
 * onnxruntime fuses into the convolution). 'opencv': what OpenCV 4.6's ONNX importer can read:
 * no float16 tensors (weights widened to float32) and Clip only with attribute bounds, which
 * opset 13 no longer has, so clipping is written as Relu arithmetic.
 */
export type ConversionTarget = 'onnxruntime' | 'opencv';

type Layout = 'native' | 'nchw';
/** TensorProto.DataType FLOAT, the target of Cast. */
const ONNX_FLOAT = onnxDataTypeCode.float32;

class Converter {
  private readonly g: GraphBuilder;
  /** ONNX values holding each TFLite tensor, per layout. */
  private readonly values = new Map<number, Partial<Record<Layout, string>>>();
  /** Outputs of DEQUANTIZE and DENSIFY on constants → the constant tensor they stand for. */
  private readonly folded = new Map<number, TfliteTensor>();
  private readonly constantCache = new Map<string, string>();
  private readonly outputs: Set<number>;

  constructor(
    private readonly sub: TfliteSubgraph,
    private readonly options: OnnxConversionOptions,
  ) {
    this.g = new GraphBuilder(options.graphName ?? (sub.name || 'main'));
    this.outputs = new Set(sub.outputs);
  }

  convert(): GraphBuilder {
    // Reserve the interface names first so no internal value can take them.
    for (const i of this.sub.outputs) this.g.uniqueName(this.tensor(i).name);
    for (const i of this.sub.inputs) {
      const t = this.tensor(i);
      this.requireFloat(t, 'graph input');
      this.values.set(i, { native: this.g.input(t.name, 'float32', t.shape) });
    }
    for (const op of this.sub.operators) this.convertOperator(op);
    for (const i of this.sub.outputs) {
      const t = this.tensor(i);
      const name = this.value(i, 'native');
      if (name !== t.name) this.g.node('Identity', [name], {}, { outputs: [t.name] });
      this.g.output(t.name, 'float32', t.shape);
    }
    return this.g;
  }

  // ---- tensors and values ----

  private tensor(i: number): TfliteTensor {
    const t = this.sub.tensors[i];
    if (!t) throw new UserError(`${this.options.source}: tensor ${i} does not exist`);
    return t;
  }

  private fail(op: TfliteOperator, problem: string): never {
    throw new UserError(`${this.options.source}: operator ${op.index} (${op.opcode}): ${problem}`);
  }

  private requireFloat(t: TfliteTensor, what: string): void {
    if (t.type !== 'float32' || t.quantized) {
      throw new UserError(`${this.options.source}: ${what} ${t.name} is ${t.quantized ? 'quantized ' : ''}${t.type}; only float32 activations are supported`);
    }
  }

  /** The constant data behind a tensor (its own buffer, or the constant its DEQUANTIZE or DENSIFY reads). */
  private constant(i: number): TfliteTensor | undefined {
    const t = this.tensor(i);
    return t.data ? t : this.folded.get(i);
  }

  private int32s(op: TfliteOperator, i: number): number[] {
    const c = this.constant(i);
    if (!c || c.type !== 'int32') this.fail(op, `input ${this.tensor(i).name} must be a constant int32 tensor`);
    const view = new DataView(c.data!.buffer, c.data!.byteOffset, c.data!.byteLength);
    return Array.from({ length: c.data!.byteLength / 4 }, (_, k) => view.getInt32(4 * k, true));
  }

  private hasLayout(i: number, layout: Layout): boolean {
    return this.values.get(i)?.[layout] !== undefined;
  }

  /** A name for tensor i's ONNX value in `layout` (the graph output's own name where it fits). */
  private defineName(i: number, layout: Layout): string {
    const t = this.tensor(i);
    if (layout === 'native' && this.outputs.has(i)) return t.name;
    return this.g.uniqueName(layout === 'nchw' ? `${t.name}_nchw` : t.name);
  }

  private setValue(i: number, layout: Layout, name: string): void {
    this.values.set(i, { ...this.values.get(i), [layout]: name });
  }

  /** Tensor i as an ONNX value in `layout`, transposing or materialising a constant as needed. */
  private value(i: number, layout: Layout): string {
    const existing = this.values.get(i)?.[layout];
    if (existing) return existing;
    const t = this.tensor(i);
    if (this.constant(i)) {
      return this.weight(i, layout === 'nchw' && t.shape.length === 4 ? { perm: TO_NCHW } : {});
    }
    const other: Layout = layout === 'native' ? 'nchw' : 'native';
    const source = this.values.get(i)?.[other];
    if (!source) throw new UserError(`${this.options.source}: tensor ${t.name} is read before any operator writes it`);
    if (t.shape.length !== 4) throw new UserError(`${this.options.source}: tensor ${t.name} has no ${layout} form`);
    const name = this.defineName(i, layout);
    this.g.node('Transpose', [source], { perm: [...(layout === 'nchw' ? TO_NCHW : TO_NHWC)] }, { outputs: [name] });
    this.setValue(i, layout, name);
    return name;
  }

  /**
   * A constant as a float32 (or int32) ONNX value: its data viewed with shape `view` (same
   * element count), permuted by `perm`, then given `dims`. Float16 data stays float16 in the
   * file and is widened by a Cast node.
   */
  private weight(i: number, layout: { view?: number[]; perm?: readonly number[]; dims?: number[] } = {}): string {
    const c = this.constant(i)!;
    const key = `${i}|${layout.view ?? ''}|${layout.perm ?? ''}|${layout.dims ?? ''}`;
    const cached = this.constantCache.get(key);
    if (cached) return cached;
    const elementSize = tensorTypeSize[c.type];
    if (c.quantized || !['float32', 'float16', 'int32'].includes(c.type) || elementSize === undefined) {
      throw new UserError(`${this.options.source}: constant ${c.name} is ${c.quantized ? 'quantized ' : ''}${c.type}, which is not supported`);
    }
    let data = c.data!;
    let shape = layout.view ?? c.shape;
    if (layout.perm) {
      data = permuteBytes(data, shape, elementSize, layout.perm);
      shape = layout.perm.map((p) => shape[p]!);
    }
    const dims = layout.dims ?? shape;
    // A copy: typed arrays need aligned storage, and the file's bytes are not ours to alias.
    const aligned = new Uint8Array(data).buffer;
    const hint = this.tensor(i).name;
    let name: string;
    if (c.type === 'float16' && this.options.target === 'opencv') {
      name = this.g.initializer(hint, 'float32', dims, Float32Array.from(new Uint16Array(aligned), float16ToNumber));
    } else if (c.type === 'float16') {
      const half = this.g.initializer(`${hint}_f16`, 'float16', dims, new Uint16Array(aligned));
      name = this.g.op('Cast', [half], { to: ONNX_FLOAT });
    } else if (c.type === 'float32') {
      name = this.g.initializer(hint, 'float32', dims, new Float32Array(aligned));
    } else {
      name = this.g.initializer(hint, 'int32', dims, new Int32Array(aligned));
    }
    this.constantCache.set(key, name);
    return name;
  }

  /** Emits `opType` producing tensor `out` in `layout`, followed by the fused activation if any. */
  private emit(
    op: TfliteOperator,
    opType: string,
    inputs: string[],
    attributes: Record<string, OnnxAttributeValue>,
    layout: Layout,
    activation: Activation = 'NONE',
  ): void {
    const out = op.outputs[0]!;
    const t = this.tensor(out);
    this.requireFloat(t, 'output');
    const final = this.defineName(out, layout);
    if (activation === 'NONE') {
      this.g.node(opType, inputs, attributes, { outputs: [final] });
    } else {
      const raw = this.g.op(opType, inputs, attributes);
      this.activation(op, activation, raw, final);
    }
    this.setValue(out, layout, final);
  }

  private activation(op: TfliteOperator, activation: Activation, input: string, output: string): void {
    const clip = (lo: number, hi: number) => this.clip(input, lo, hi, output);
    switch (activation) {
      case 'RELU':
        this.g.node('Relu', [input], {}, { outputs: [output] });
        return;
      case 'RELU6':
        clip(0, 6);
        return;
      case 'RELU_N1_TO_1':
        clip(-1, 1);
        return;
      case 'TANH':
        this.g.node('Tanh', [input], {}, { outputs: [output] });
        return;
      default:
        this.fail(op, `fused activation ${activation} is not supported`);
    }
  }

  /** min(max(x, lo), hi) into `output`. */
  private clip(x: string, lo: number, hi: number, output: string): void {
    if (this.options.target !== 'opencv') {
      // Clip takes its bounds as inputs from opset 11 on.
      this.g.node('Clip', [x, this.scalar(lo), this.scalar(hi)], {}, { outputs: [output] });
      return;
    }
    // lo + relu(x - lo) - relu(x - hi): exact for lo < hi, from operators OpenCV 4.6 reads.
    const shifted = lo === 0 ? x : this.g.op('Sub', [x, this.scalar(lo)]);
    const above = this.g.op('Relu', [this.g.op('Sub', [x, this.scalar(hi)])]);
    if (lo === 0) {
      this.g.node('Sub', [this.g.op('Relu', [shifted]), above], {}, { outputs: [output] });
    } else {
      this.g.node('Add', [this.g.op('Sub', [this.g.op('Relu', [shifted]), above]), this.scalar(lo)], {}, { outputs: [output] });
    }
  }

  private scalar(value: number): string {
    const key = `scalar|${value}`;
    let name = this.constantCache.get(key);
    if (!name) {
      name = this.g.float32s(`const_${value}`.replace('-', 'm'), [value], []);
      this.constantCache.set(key, name);
    }
    return name;
  }

  // ---- operators ----

  private convertOperator(op: TfliteOperator): void {
    if (op.outputs.length === 0) this.fail(op, 'has no outputs');
    switch (op.opcode) {
      case 'DEQUANTIZE':
        return this.dequantize(op);
      case 'DENSIFY':
        return this.densify(op);
      case 'CONV_2D':
        return this.conv(op, false);
      case 'DEPTHWISE_CONV_2D':
        return this.conv(op, true);
      case 'MAX_POOL_2D':
        return this.pool(op, 'MaxPool');
      case 'AVERAGE_POOL_2D':
        return this.pool(op, 'AveragePool');
      case 'ADD':
        return this.add(op);
      case 'PRELU':
        return this.prelu(op);
      case 'PAD':
        return this.pad(op);
      case 'RESIZE_BILINEAR':
        return this.resize(op);
      case 'RESHAPE':
        return this.reshape(op);
      case 'DEPTH_TO_SPACE':
        return this.depthToSpace(op);
      case 'STRIDED_SLICE':
        return this.stridedSlice(op);
      case 'CONCATENATION':
        return this.concat(op);
      case 'MEAN':
        return this.mean(op);
      case 'FULLY_CONNECTED':
        return this.fullyConnected(op);
      case 'LOGISTIC':
        return this.unary(op, 'Sigmoid');
      case 'TANH':
        return this.standaloneActivation(op, 'TANH');
      case 'RELU':
        return this.standaloneActivation(op, 'RELU');
      case 'RELU6':
        return this.standaloneActivation(op, 'RELU6');
      default:
        throw new UserError(
          `${this.options.source}: unsupported TFLite operator ${op.opcode} (operator ${op.index}); supported: ${supportedOperators.join(', ')}`,
        );
    }
  }

  private input(op: TfliteOperator, k: number): number {
    const i = op.inputs[k];
    if (i === undefined || i < 0) this.fail(op, `input ${k} is missing`);
    return i;
  }

  private dequantize(op: TfliteOperator): void {
    const input = this.input(op, 0);
    const source = this.constant(input) ?? this.tensor(input);
    if (!source.data || source.type !== 'float16' || source.quantized) {
      this.fail(
        op,
        `only float16 constant inputs are supported (got ${source.quantized ? 'quantized ' : ''}${source.type}${source.data ? '' : ' activation'})`,
      );
    }
    // No node: consumers read the float16 constant directly, in the layout they need.
    this.folded.set(op.outputs[0]!, source);
  }

  private densify(op: TfliteOperator): void {
    // The reader has already densified the sparse constant: DENSIFY's output is that constant.
    const source = this.tensor(this.input(op, 0));
    const out = this.tensor(op.outputs[0]!);
    if (!source.data) this.fail(op, 'the input must be a constant');
    if (source.type !== out.type || source.shape.join() !== out.shape.join()) {
      this.fail(op, `output ${out.type} [${out.shape}] differs from the input ${source.type} [${source.shape}]`);
    }
    this.folded.set(op.outputs[0]!, source);
  }

  private conv(op: TfliteOperator, depthwise: boolean): void {
    const x = this.tensor(this.input(op, 0));
    const w = this.input(op, 1);
    const weights = this.constant(w);
    if (!weights) this.fail(op, 'weights must be constant');
    if (x.shape.length !== 4 || weights.shape.length !== 4) this.fail(op, 'input and weights must be 4-D');
    const o = op.options;
    const [, inH, inW, inC] = x.shape as [number, number, number, number];
    const [, kH, kW] = weights.shape as [number, number, number, number];
    const strides = [o.strideH as number, o.strideW as number];
    const dilations = [o.dilationH as number, o.dilationW as number];
    const mode = o.padding as PaddingMode;
    const [top, bottom] = paddingFor(mode, inH, kH, strides[0]!, dilations[0]);
    const [left, right] = paddingFor(mode, inW, kW, strides[1]!, dilations[1]);
    this.checkSpatial(op, [inH, inW], [kH, kW], strides, dilations, mode);

    let group = 1;
    let wName: string;
    if (depthwise) {
      // [1, kH, kW, C*M] → [C*M, 1, kH, kW], one group per input channel.
      const multiplier = o.depthMultiplier as number;
      if (weights.shape[3] !== inC * multiplier && !(multiplier === 0 && weights.shape[3] === inC)) {
        this.fail(op, `weights [${weights.shape}] do not match ${inC} channels × depth multiplier ${multiplier}`);
      }
      group = inC;
      wName = this.weight(w, { perm: [3, 0, 1, 2] });
    } else {
      // [O, kH, kW, I] → [O, I, kH, kW]; I < C means grouped convolution.
      const perGroup = weights.shape[3]!;
      if (perGroup === 0 || inC % perGroup !== 0) this.fail(op, `weights [${weights.shape}] do not match ${inC} input channels`);
      group = inC / perGroup;
      wName = this.weight(w, { perm: [0, 3, 1, 2] });
    }
    const inputs = [this.value(x.index, 'nchw'), wName];
    const b = op.inputs[2];
    if (b !== undefined && b >= 0) {
      if (!this.constant(b)) this.fail(op, 'bias must be constant');
      inputs.push(this.weight(b));
    }
    const attributes: Record<string, OnnxAttributeValue> = {
      kernel_shape: [kH, kW],
      strides,
      dilations,
      pads: [top, left, bottom, right],
    };
    if (group !== 1) attributes.group = group;
    this.emit(op, 'Conv', inputs, attributes, 'nchw', o.activation as Activation);
  }

  /** Checks our padding arithmetic against the output shape the TFLite file states. */
  private checkSpatial(op: TfliteOperator, size: number[], kernel: number[], strides: number[], dilations: number[], mode: PaddingMode): void {
    if (strides.some((s) => s < 1) || dilations.some((d) => d < 1)) this.fail(op, `invalid strides [${strides}] or dilations [${dilations}]`);
    const out = this.tensor(op.outputs[0]!).shape;
    const expected = size.map((s, k) => windowOutputSize(mode, s, kernel[k]!, strides[k]!, dilations[k]));
    if (out[1] !== expected[0] || out[2] !== expected[1]) {
      this.fail(op, `output shape [${out}] does not match ${mode} padding (expected ${expected.join('x')})`);
    }
  }

  private pool(op: TfliteOperator, opType: 'MaxPool' | 'AveragePool'): void {
    const x = this.tensor(this.input(op, 0));
    if (x.shape.length !== 4) this.fail(op, 'input must be 4-D');
    const o = op.options;
    const kernel = [o.filterH as number, o.filterW as number];
    const strides = [o.strideH as number, o.strideW as number];
    const mode = o.padding as PaddingMode;
    this.checkSpatial(op, [x.shape[1]!, x.shape[2]!], kernel, strides, [1, 1], mode);
    const [top, bottom] = paddingFor(mode, x.shape[1]!, kernel[0]!, strides[0]!);
    const [left, right] = paddingFor(mode, x.shape[2]!, kernel[1]!, strides[1]!);
    // TFLite averages over the valid pixels only: ONNX's count_include_pad = 0 (the default).
    this.emit(
      op,
      opType,
      [this.value(x.index, 'nchw')],
      { kernel_shape: kernel, strides, pads: [top, left, bottom, right] },
      'nchw',
      o.activation as Activation,
    );
  }

  private add(op: TfliteOperator): void {
    const a = this.input(op, 0);
    const b = this.input(op, 1);
    const out = this.tensor(op.outputs[0]!);
    const rank4 = (i: number) => this.tensor(i).shape.length === 4;
    // Run in NCHW when the result is 4-D and the operands are 4-D (activations or constants).
    const nchw = out.shape.length === 4 && rank4(a) && rank4(b) && (this.hasLayout(a, 'nchw') || this.hasLayout(b, 'nchw'));
    const layout: Layout = nchw ? 'nchw' : 'native';
    this.emit(op, 'Add', [this.value(a, layout), this.value(b, layout)], {}, layout, (op.options.activation as Activation) ?? 'NONE');
  }

  private prelu(op: TfliteOperator): void {
    const x = this.tensor(this.input(op, 0));
    const alpha = this.input(op, 1);
    const slope = this.constant(alpha);
    if (x.shape.length === 4 && slope && slope.shape.length <= 4) {
      // The slope broadcasts against NHWC from the right: view it as [1, H, W, C] (leading ones
      // keep the element order), move channels first and drop the batch axis: [C, H, W].
      const padded = [...new Array<number>(4 - slope.shape.length).fill(1), ...slope.shape];
      if (padded[0] !== 1) this.fail(op, `slope shape [${slope.shape}] has a batch dimension`);
      const name = this.weight(alpha, { view: padded, perm: TO_NCHW, dims: [padded[3]!, padded[1]!, padded[2]!] });
      this.emit(op, 'PRelu', [this.value(x.index, 'nchw'), name], {}, 'nchw');
      return;
    }
    this.emit(op, 'PRelu', [this.value(x.index, 'native'), this.value(alpha, 'native')], {}, 'native');
  }

  private pad(op: TfliteOperator): void {
    const x = this.tensor(this.input(op, 0));
    const pads = this.int32s(op, this.input(op, 1));
    const rank = x.shape.length;
    if (pads.length !== rank * 2) this.fail(op, `paddings hold ${pads.length} values for a rank-${rank} input`);
    if (op.inputs.length > 2 && op.inputs[2]! >= 0) this.fail(op, 'a constant value input is not supported');
    const before = (axis: number) => pads[2 * axis]!;
    const after = (axis: number) => pads[2 * axis + 1]!;
    const layout: Layout = rank === 4 ? 'nchw' : 'native';
    const axes = layout === 'nchw' ? [...TO_NCHW] : [...Array(rank).keys()];
    const onnxPads = [...axes.map(before), ...axes.map(after)];
    this.emit(op, 'Pad', [this.value(x.index, layout), this.g.int64s('pads', onnxPads)], { mode: 'constant' }, layout);
  }

  private resize(op: TfliteOperator): void {
    const x = this.tensor(this.input(op, 0));
    if (x.shape.length !== 4) this.fail(op, 'input must be 4-D');
    const size = this.int32s(op, this.input(op, 1));
    if (size.length !== 2) this.fail(op, `size holds ${size.length} values, expected 2`);
    const { alignCorners, halfPixelCenters } = op.options;
    const mode = alignCorners ? 'align_corners' : halfPixelCenters ? 'half_pixel' : 'asymmetric';
    const sizes = this.g.int64s('sizes', [x.shape[0]!, x.shape[3]!, size[0]!, size[1]!]);
    this.emit(op, 'Resize', [this.value(x.index, 'nchw'), '', '', sizes], { mode: 'linear', coordinate_transformation_mode: mode }, 'nchw');
  }

  private reshape(op: TfliteOperator): void {
    // Reshape follows NHWC element order, so it reads the native value. The output shape in the
    // file is authoritative (the shape input may hold -1).
    const x = this.input(op, 0);
    const shape = this.tensor(op.outputs[0]!).shape;
    this.emit(op, 'Reshape', [this.value(x, 'native'), this.g.int64s('shape', shape)], {}, 'native');
  }

  private depthToSpace(op: TfliteOperator): void {
    const x = this.tensor(this.input(op, 0));
    const block = op.options.blockSize as number;
    const out = this.tensor(op.outputs[0]!).shape;
    const [n, h, w, c] = x.shape as [number, number, number, number];
    if (x.shape.length !== 4 || !(block >= 1) || c % (block * block) !== 0 || out.join() !== [n, h * block, w * block, c / (block * block)].join()) {
      this.fail(op, `block size ${block} does not turn [${x.shape}] into [${out}]`);
    }
    // TFLite's channel order (row in block, column in block, channel) is ONNX's DCR mode.
    this.emit(op, 'DepthToSpace', [this.value(x.index, 'nchw')], { blocksize: block, mode: 'DCR' }, 'nchw');
  }

  private stridedSlice(op: TfliteOperator): void {
    const x = this.tensor(this.input(op, 0));
    const begin = this.int32s(op, this.input(op, 1));
    const end = this.int32s(op, this.input(op, 2));
    const strides = this.int32s(op, this.input(op, 3));
    const o = op.options;
    const rank = x.shape.length;
    // Plain slices only (hand_recrop's channel cuts): masks change what the bounds mean and no
    // model here uses them, so they are refused rather than mapped untested.
    const masks = ['beginMask', 'endMask', 'ellipsisMask', 'newAxisMask', 'shrinkAxisMask'].filter((m) => o[m]);
    if (masks.length > 0 || o.offset) this.fail(op, `${[...masks, ...(o.offset ? ['offset'] : [])].join(', ')} not supported`);
    if (begin.length !== rank || end.length !== rank || strides.length !== rank || strides.includes(0)) {
      this.fail(op, `begin [${begin}], end [${end}] and strides [${strides}] do not fit a rank-${rank} input`);
    }
    // ONNX Slice reads negative and out-of-range bounds as TFLite does (from the end, clamped).
    const layout: Layout = rank === 4 && this.hasLayout(x.index, 'nchw') ? 'nchw' : 'native';
    const axes = layout === 'nchw' ? [...TO_NCHW] : [...Array(rank).keys()];
    const inputs = [
      this.value(x.index, layout),
      this.g.int64s(
        'starts',
        axes.map((a) => begin[a]!),
      ),
      this.g.int64s(
        'ends',
        axes.map((a) => end[a]!),
      ),
      this.g.int64s(
        'axes',
        axes.map((_, k) => k),
      ),
      this.g.int64s(
        'steps',
        axes.map((a) => strides[a]!),
      ),
    ];
    this.emit(op, 'Slice', inputs, {}, layout);
  }

  private concat(op: TfliteOperator): void {
    const inputs = op.inputs.filter((i) => i >= 0);
    if (inputs.length === 0) this.fail(op, 'has no inputs');
    const rank = this.tensor(inputs[0]!).shape.length;
    let axis = op.options.axis as number;
    if (axis < 0) axis += rank;
    if (axis < 0 || axis >= rank) this.fail(op, `axis ${op.options.axis} is out of range for rank ${rank}`);
    const nchw = rank === 4 && inputs.every((i) => this.hasLayout(i, 'nchw') || this.constant(i));
    const layout: Layout = nchw ? 'nchw' : 'native';
    this.emit(
      op,
      'Concat',
      inputs.map((i) => this.value(i, layout)),
      { axis: nchw ? nchwAxis(axis) : axis },
      layout,
      op.options.activation as Activation,
    );
  }

  private mean(op: TfliteOperator): void {
    const x = this.tensor(this.input(op, 0));
    const rank = x.shape.length;
    const axes = [...new Set(this.int32s(op, this.input(op, 1)).map((a) => (a < 0 ? a + rank : a)))].sort();
    if (axes.some((a) => a < 0 || a >= rank)) this.fail(op, `axes out of range for rank ${rank}`);
    const keepDims = op.options.keepDims === true;
    let layout: Layout = 'native';
    if (rank === 4 && this.hasLayout(x.index, 'nchw')) {
      // Without keep_dims, NCHW works only if the axes that remain keep their NHWC order.
      const remaining = TO_NCHW.filter((a) => !axes.includes(a));
      const ordered = remaining.every((a, k) => k === 0 || a > remaining[k - 1]!);
      if (keepDims || ordered) layout = 'nchw';
    }
    const onnxAxes = layout === 'nchw' ? axes.map(nchwAxis) : axes;
    const outLayout: Layout = layout === 'nchw' && keepDims ? 'nchw' : 'native';
    this.emit(op, 'ReduceMean', [this.value(x.index, layout)], { axes: onnxAxes, keepdims: keepDims ? 1 : 0 }, outLayout);
  }

  private fullyConnected(op: TfliteOperator): void {
    const x = this.tensor(this.input(op, 0));
    const w = this.input(op, 1);
    const weights = this.constant(w);
    if (!weights || weights.shape.length !== 2) this.fail(op, 'weights must be a constant 2-D tensor');
    if (op.options.weightsFormat !== 0) this.fail(op, 'shuffled weights are not supported');
    const [units, depth] = weights.shape as [number, number];
    let input = this.value(x.index, 'native');
    // TFLite flattens the input to [-1, depth].
    if (x.shape.length !== 2 || x.shape[1] !== depth) input = this.g.op('Reshape', [input, this.g.int64s('fc_shape', [-1, depth])]);
    const inputs = [input, this.weight(w)];
    const b = op.inputs[2];
    if (b !== undefined && b >= 0) {
      if (!this.constant(b)) this.fail(op, 'bias must be constant');
      inputs.push(this.weight(b));
    }
    const out = this.tensor(op.outputs[0]!);
    const flat = out.shape.length === 2 && out.shape[1] === units;
    if (flat) {
      this.emit(op, 'Gemm', inputs, { transB: 1 }, 'native', op.options.activation as Activation);
      return;
    }
    const gemm = this.g.op('Gemm', inputs, { transB: 1 });
    this.emit(op, 'Reshape', [gemm, this.g.int64s('fc_out_shape', out.shape)], {}, 'native');
    if (op.options.activation !== 'NONE') this.fail(op, 'a fused activation with a reshaped output is not supported');
  }

  /** An element-wise operator, in whichever layout the input has. */
  private unary(op: TfliteOperator, opType: string): void {
    const x = this.input(op, 0);
    const layout = this.hasLayout(x, 'nchw') ? 'nchw' : 'native';
    this.emit(op, opType, [this.value(x, layout)], {}, layout);
  }

  /** An activation operator of its own (as opposed to one fused into the previous operator). */
  private standaloneActivation(op: TfliteOperator, activation: Activation): void {
    const x = this.input(op, 0);
    const out = op.outputs[0]!;
    this.requireFloat(this.tensor(out), 'output');
    const layout = this.hasLayout(x, 'nchw') ? 'nchw' : 'native';
    const name = this.defineName(out, layout);
    this.activation(op, activation, this.value(x, layout), name);
    this.setValue(out, layout, name);
  }
}
