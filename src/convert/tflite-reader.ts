// Reads a TFLite model file into plain objects: operator codes, tensors (with views of their
// constant data), operators with decoded options. Everything is validated on the way in
// (offsets, lengths, indices, data sizes) so that callers can trust what they get and a corrupt
// file ends in one UserError instead of a crash, a hang or a silent misreading.
import { UserError } from '../util/errors.js';
import { FlatBuffer, FlatBufferError, type Table } from './flatbuffer.js';
import { densify, SparsityError, type DimensionMetadata, type SparsityParameters } from './sparsity.js';
import {
  Fields,
  activations,
  builtinOperatorName,
  dimensionTypes,
  optionTables,
  paddings,
  sparseIndexVectors,
  tensorTypeSize,
  tensorTypes,
  type OptionValue,
  type TensorTypeName,
} from './tflite-schema.js';

export interface TfliteTensor {
  index: number;
  name: string;
  shape: number[];
  type: TensorTypeName;
  /**
   * The constant contents, dense row-major (a view into the file, or a new array for a sparse
   * constant), or undefined for activations and inputs.
   */
  data: Uint8Array | undefined;
  /** Whether the file stores the constant sparse (`data` holds it densified). */
  sparse: boolean;
  /** Whether the tensor carries quantization scales (int8/uint8 arithmetic). */
  quantized: boolean;
  isVariable: boolean;
}

export interface TfliteOperator {
  index: number;
  /** The builtin operator's name, e.g. CONV_2D, or CUSTOM:name for custom operators. */
  opcode: string;
  builtinCode: number;
  version: number;
  /** Tensor indices; -1 marks an omitted optional input. */
  inputs: number[];
  outputs: number[];
  /** Name of the options table (e.g. Conv2DOptions), 'NONE', or its union type number when unknown. */
  optionsType: string;
  options: Record<string, OptionValue>;
}

export interface TfliteSubgraph {
  name: string;
  tensors: TfliteTensor[];
  inputs: number[];
  outputs: number[];
  operators: TfliteOperator[];
}

export interface TfliteModel {
  version: number;
  description: string;
  subgraphs: TfliteSubgraph[];
}

/**
 * Parses a .tflite file. Throws UserError naming `source` and the problem when the bytes are not
 * a well-formed TFLite model.
 */
export function readTfliteModel(bytes: Uint8Array, source = 'input'): TfliteModel {
  try {
    return parseModel(new FlatBuffer(bytes));
  } catch (error) {
    if (error instanceof FlatBufferError || error instanceof FormatError || error instanceof SparsityError) {
      throw new UserError(`${source} is not a valid TFLite model: ${error.message}`);
    }
    throw error;
  }
}

class FormatError extends Error {}

function parseModel(fb: FlatBuffer): TfliteModel {
  const model = fb.root('TFL3');
  const F = Fields.Model;
  const version = model.u32(F.version, 0);
  if (version !== 3) throw new FormatError(`schema version ${version}, expected 3`);
  const operatorCodes = model.tables(F.operatorCodes, 'operator code').map(parseOperatorCode);
  const buffers = model.tables(F.buffers, 'buffer').map((b) => parseBuffer(fb, b));
  const subgraphTables = model.tables(F.subgraphs, 'subgraph');
  if (subgraphTables.length === 0) throw new FormatError('no subgraphs');
  return {
    version,
    description: model.string(F.description) ?? '',
    subgraphs: subgraphTables.map((t) => parseSubgraph(t, operatorCodes, buffers)),
  };
}

interface OperatorCode {
  builtinCode: number;
  customCode: string | undefined;
  version: number;
}

function parseOperatorCode(t: Table): OperatorCode {
  const F = Fields.OperatorCode;
  // The int8 deprecated field holds codes below 127; newer files also set the int32 field.
  const builtinCode = Math.max(t.i8(F.deprecatedBuiltinCode, 0), t.i32(F.builtinCode, 0));
  return { builtinCode, customCode: t.string(F.customCode), version: t.i32(F.version, 1) };
}

function parseBuffer(fb: FlatBuffer, t: Table): Uint8Array | undefined {
  const F = Fields.Buffer;
  const offset = t.u64(F.offset, 0);
  // Files over 2 GB keep buffers after the FlatBuffer: offset > 1 points there.
  if (offset > 1) {
    const size = t.u64(F.size, 0);
    fb.check(offset, size, 'external buffer');
    return fb.bytes.subarray(offset, offset + size);
  }
  const data = t.bytes(F.data);
  return data && data.length > 0 ? data : undefined;
}

function parseSubgraph(t: Table, codes: OperatorCode[], buffers: (Uint8Array | undefined)[]): TfliteSubgraph {
  const F = Fields.SubGraph;
  const tensors = t.tables(F.tensors, 'tensor').map((tt, i) => parseTensor(tt, i, buffers));
  const tensorIndex = (what: string) => (i: number) => {
    if (!Number.isInteger(i) || i < -1 || i >= tensors.length) {
      throw new FormatError(`${what} refers to tensor ${i}, but there are ${tensors.length}`);
    }
    return i;
  };
  const inputs = (t.i32s(F.inputs) ?? []).map(tensorIndex('subgraph input'));
  const outputs = (t.i32s(F.outputs) ?? []).map(tensorIndex('subgraph output'));
  if (inputs.includes(-1) || outputs.includes(-1)) throw new FormatError('subgraph input or output is tensor -1');
  const operators = t.tables(F.operators, 'operator').map((ot, index) => {
    const op = parseOperator(ot, index, codes);
    op.inputs.forEach(tensorIndex(`operator ${index} (${op.opcode}) input`));
    op.outputs.forEach(tensorIndex(`operator ${index} (${op.opcode}) output`));
    if (op.outputs.includes(-1)) throw new FormatError(`operator ${index} (${op.opcode}) has output -1`);
    return op;
  });
  return { name: t.string(F.name) ?? '', tensors, inputs, outputs, operators };
}

function parseTensor(t: Table, index: number, buffers: (Uint8Array | undefined)[]): TfliteTensor {
  const F = Fields.Tensor;
  const typeValue = t.i8(F.type, 0);
  const type = tensorTypes[typeValue];
  if (type === undefined) throw new FormatError(`tensor ${index} has unknown type ${typeValue}`);
  const shape = t.i32s(F.shape) ?? [];
  if (shape.some((d) => d < 0)) throw new FormatError(`tensor ${index} has a negative dimension [${shape}]`);
  const bufferIndex = t.u32(F.buffer, 0);
  if (bufferIndex >= buffers.length && !(bufferIndex === 0 && buffers.length === 0)) {
    throw new FormatError(`tensor ${index} refers to buffer ${bufferIndex}, but there are ${buffers.length}`);
  }
  let data = buffers[bufferIndex];
  const elementSize = tensorTypeSize[type];
  const sparsity = t.table(F.sparsity, `tensor ${index} sparsity`);
  if (sparsity && data) {
    if (elementSize === undefined) throw new FormatError(`tensor ${index} is a sparse ${type} constant`);
    try {
      data = densify(data, elementSize, shape, parseSparsity(sparsity, index));
    } catch (error) {
      if (error instanceof SparsityError) throw new FormatError(`tensor ${index} [${shape}]: ${error.message}`);
      throw error;
    }
  }
  if (data && elementSize !== undefined) {
    const expected = shape.reduce((a, b) => a * b, 1) * elementSize;
    if (data.length !== expected) {
      throw new FormatError(`tensor ${index} [${shape}] ${type} needs ${expected} bytes of data, its buffer has ${data.length}`);
    }
  }
  const quantization = t.table(F.quantization, `tensor ${index} quantization`);
  const quantized = quantization !== undefined && quantization.count(Fields.Quantization.scale, 4) > 0;
  return {
    index,
    name: t.string(F.name) ?? `tensor_${index}`,
    shape,
    type,
    data,
    sparse: sparsity !== undefined && data !== undefined,
    quantized,
    isVariable: t.bool(F.isVariable, false),
  };
}

function parseSparsity(t: Table, tensor: number): SparsityParameters {
  const F = Fields.SparsityParameters;
  const what = `tensor ${tensor} sparsity`;
  return {
    traversalOrder: t.i32s(F.traversalOrder) ?? [],
    blockMap: t.i32s(F.blockMap) ?? [],
    dimMetadata: t.tables(F.dimMetadata, `${what} dimension`).map((m, level): DimensionMetadata => {
      const D = Fields.DimensionMetadata;
      const formatValue = m.i8(D.format, 0);
      const format = dimensionTypes[formatValue];
      if (format === undefined) throw new FormatError(`${what} dimension ${level} has unknown format ${formatValue}`);
      if (format === 'DENSE') return { format, denseSize: m.i32(D.denseSize, 0) };
      const indexVector = (typeField: number, valueField: number, name: string): number[] => {
        const kind = sparseIndexVectors[m.u8(typeField, 0)];
        const table = m.table(valueField, `${what} dimension ${level} ${name}`);
        if (kind === undefined || table === undefined) throw new FormatError(`${what} dimension ${level} has no valid ${name}`);
        const values =
          kind === 'int32'
            ? table.i32s(Fields.IndexVector.values)
            : kind === 'uint16'
              ? table.u16s(Fields.IndexVector.values)
              : table.bytes(Fields.IndexVector.values);
        return Array.from(values ?? []);
      };
      return {
        format,
        denseSize: m.i32(D.denseSize, 0),
        segments: indexVector(D.arraySegmentsType, D.arraySegments, 'segments'),
        indices: indexVector(D.arrayIndicesType, D.arrayIndices, 'indices'),
      };
    }),
  };
}

function parseOperator(t: Table, index: number, codes: OperatorCode[]): TfliteOperator {
  const F = Fields.Operator;
  const codeIndex = t.u32(F.opcodeIndex, 0);
  const code = codes[codeIndex];
  if (code === undefined) throw new FormatError(`operator ${index} uses operator code ${codeIndex}, but there are ${codes.length}`);
  const name = builtinOperatorName(code.builtinCode);
  const opcode = name === 'CUSTOM' ? `CUSTOM:${code.customCode ?? '?'}` : name;
  const optionsTypeValue = t.u8(F.builtinOptionsType, 0);
  const layout = optionTables[optionsTypeValue];
  const optionsTable = t.table(F.builtinOptions, `operator ${index} options`);
  let options: Record<string, OptionValue> = {};
  let optionsType = optionsTypeValue === 0 ? 'NONE' : String(optionsTypeValue);
  if (layout) {
    optionsType = layout.name;
    options = optionsTable ? parseOptions(optionsTable, layout.fields, `operator ${index} (${opcode})`) : {};
  }
  return {
    index,
    opcode,
    builtinCode: code.builtinCode,
    version: code.version,
    inputs: t.i32s(F.inputs) ?? [],
    outputs: t.i32s(F.outputs) ?? [],
    optionsType,
    options,
  };
}

function parseOptions(t: Table, fields: (typeof optionTables)[number]['fields'], what: string): Record<string, OptionValue> {
  const out: Record<string, OptionValue> = {};
  fields.forEach((field, i) => {
    switch (field.kind) {
      case 'int8':
        out[field.name] = t.i8(i, field.fallback as number);
        break;
      case 'int32':
        out[field.name] = t.i32(i, field.fallback as number);
        break;
      case 'bool':
        out[field.name] = t.bool(i, field.fallback as boolean);
        break;
      case 'int32s':
        out[field.name] = t.i32s(i) ?? [];
        break;
      case 'padding':
      case 'activation': {
        const names: readonly string[] = field.kind === 'padding' ? paddings : activations;
        const value = t.i8(i, 0);
        const name = names[value];
        if (name === undefined) throw new FormatError(`${what} has unknown ${field.kind} ${value}`);
        out[field.name] = name;
        break;
      }
    }
  });
  return out;
}
