// ONNX model as plain data, and its encoding to the ONNX protobuf format (onnx.proto field numbers).
import { ProtoWriter } from './protobuf.js';

export type OnnxDataType = 'float32' | 'uint8' | 'int8' | 'int32' | 'int64' | 'bool' | 'float16' | 'float64';

/** TensorProto.DataType values. */
export const onnxDataTypeCode: Record<OnnxDataType, number> = {
  float32: 1,
  uint8: 2,
  int8: 3,
  int32: 6,
  int64: 7,
  bool: 9,
  float16: 10,
  float64: 11,
};

/** Element storage per type; float16 is kept as its raw IEEE half bits. */
export interface OnnxTypedArray {
  float32: Float32Array;
  uint8: Uint8Array;
  int8: Int8Array;
  int32: Int32Array;
  int64: BigInt64Array;
  bool: Uint8Array;
  float16: Uint16Array;
  float64: Float64Array;
}

export interface OnnxTensor<T extends OnnxDataType = OnnxDataType> {
  name: string;
  type: T;
  dims: number[];
  data: OnnxTypedArray[T];
}

/** A dimension is a fixed size or a symbolic name (e.g. 'batch'). */
export type OnnxDim = number | string;

export interface OnnxValueInfo {
  name: string;
  type: OnnxDataType;
  shape: OnnxDim[];
  docString?: string;
}

/** An attribute value; plain numbers are INT when integral, FLOAT otherwise (use `float()` to force FLOAT). */
export type OnnxAttributeValue = number | string | number[] | string[] | OnnxFloat | OnnxFloats | OnnxTensor;

export interface OnnxFloat {
  kind: 'float';
  value: number;
}
export interface OnnxFloats {
  kind: 'floats';
  values: number[];
}

/** Marks an attribute as FLOAT even when its value is integral (e.g. alpha = 1). */
export function float(value: number): OnnxFloat {
  return { kind: 'float', value };
}
export function floats(values: number[]): OnnxFloats {
  return { kind: 'floats', values };
}

export interface OnnxNode {
  opType: string;
  inputs: string[];
  outputs: string[];
  name?: string;
  domain?: string;
  attributes?: Record<string, OnnxAttributeValue>;
}

export interface OnnxGraph {
  name: string;
  nodes: OnnxNode[];
  inputs: OnnxValueInfo[];
  outputs: OnnxValueInfo[];
  initializers: OnnxTensor[];
  docString?: string;
}

export interface OnnxModel {
  graph: OnnxGraph;
  /** Default-domain opset version (e.g. 13). */
  opset: number;
  producerName: string;
  producerVersion: string;
  docString?: string;
  /** Free-form key/value pairs stored in the model (metadata_props). */
  metadata?: Record<string, string>;
}

/** IR version that goes with each opset range (from ONNX's versioning table). */
function irVersionFor(opset: number): number {
  if (opset <= 8) return 3;
  if (opset <= 9) return 4;
  if (opset <= 10) return 5;
  if (opset <= 11) return 6;
  if (opset <= 14) return 7;
  if (opset <= 18) return 8;
  if (opset <= 20) return 9;
  return 10;
}

const AttributeType = { FLOAT: 1, INT: 2, STRING: 3, TENSOR: 4, FLOATS: 6, INTS: 7, STRINGS: 8 } as const;

export function encodeModel(model: OnnxModel): Uint8Array {
  const w = new ProtoWriter();
  w.varint(1, irVersionFor(model.opset));
  w.string(2, model.producerName);
  w.string(3, model.producerVersion);
  if (model.docString) w.string(6, model.docString);
  w.message(7, (g) => writeGraph(g, model.graph));
  w.message(8, (o) => o.string(1, '').varint(2, model.opset));
  for (const [key, value] of Object.entries(model.metadata ?? {})) {
    w.message(14, (e) => e.string(1, key).string(2, value));
  }
  return w.finish();
}

function writeGraph(w: ProtoWriter, graph: OnnxGraph): void {
  for (const node of graph.nodes) w.message(1, (n) => writeNode(n, node));
  w.string(2, graph.name);
  for (const tensor of graph.initializers) w.message(5, (t) => writeTensor(t, tensor));
  if (graph.docString) w.string(10, graph.docString);
  for (const input of graph.inputs) w.message(11, (v) => writeValueInfo(v, input));
  for (const output of graph.outputs) w.message(12, (v) => writeValueInfo(v, output));
}

function writeNode(w: ProtoWriter, node: OnnxNode): void {
  for (const input of node.inputs) w.string(1, input);
  for (const output of node.outputs) w.string(2, output);
  if (node.name) w.string(3, node.name);
  w.string(4, node.opType);
  for (const [name, value] of Object.entries(node.attributes ?? {})) {
    w.message(5, (a) => writeAttribute(a, name, value));
  }
  if (node.domain) w.string(7, node.domain);
}

function writeAttribute(w: ProtoWriter, name: string, value: OnnxAttributeValue): void {
  w.string(1, name);
  if (typeof value === 'number') {
    if (Number.isInteger(value)) w.varint(3, value).varint(20, AttributeType.INT);
    else w.float(2, value).varint(20, AttributeType.FLOAT);
  } else if (typeof value === 'string') {
    w.string(4, value).varint(20, AttributeType.STRING);
  } else if (Array.isArray(value)) {
    if (value.every((v) => typeof v === 'string')) {
      for (const s of value as string[]) w.string(9, s);
      w.varint(20, AttributeType.STRINGS);
    } else if ((value as number[]).every(Number.isInteger)) {
      w.packedVarints(8, value as number[]).varint(20, AttributeType.INTS);
    } else {
      w.packedFloats(7, value as number[]).varint(20, AttributeType.FLOATS);
    }
  } else if ('kind' in value && value.kind === 'float') {
    w.float(2, value.value).varint(20, AttributeType.FLOAT);
  } else if ('kind' in value && value.kind === 'floats') {
    w.packedFloats(7, value.values).varint(20, AttributeType.FLOATS);
  } else {
    const tensor = value as OnnxTensor;
    w.message(5, (t) => writeTensor(t, tensor)).varint(20, AttributeType.TENSOR);
  }
}

export function elementCount(dims: readonly number[]): number {
  return dims.reduce((a, b) => a * b, 1);
}

function writeTensor(w: ProtoWriter, tensor: OnnxTensor): void {
  const count = elementCount(tensor.dims);
  if (tensor.data.length !== count) {
    throw new RangeError(`tensor ${tensor.name}: ${tensor.data.length} values for dims [${tensor.dims}]`);
  }
  w.packedVarints(1, tensor.dims);
  w.varint(2, onnxDataTypeCode[tensor.type]);
  w.string(8, tensor.name);
  // raw_data is little-endian, which is the byte order of typed arrays on every platform Node runs on.
  const data = tensor.data;
  w.bytes(9, new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
}

function writeValueInfo(w: ProtoWriter, info: OnnxValueInfo): void {
  w.string(1, info.name);
  w.message(2, (type) =>
    type.message(1, (tensorType) => {
      tensorType.varint(1, onnxDataTypeCode[info.type]);
      tensorType.message(2, (shape) => {
        for (const dim of info.shape) {
          shape.message(1, (d) => (typeof dim === 'number' ? d.varint(1, dim) : d.string(2, dim)));
        }
      });
    }),
  );
  if (info.docString) w.string(3, info.docString);
}
