// Facts about the TFLite FlatBuffer schema that the reader needs: field indices of each table,
// enum values, and the layout of the operator option tables it decodes. Written from the
// schema's documented field order (unions take two field slots: type, then value).

/** Field indices of the tables the reader walks. */
export const Fields = {
  Model: { version: 0, operatorCodes: 1, subgraphs: 2, description: 3, buffers: 4 },
  OperatorCode: { deprecatedBuiltinCode: 0, customCode: 1, version: 2, builtinCode: 3 },
  SubGraph: { tensors: 0, inputs: 1, outputs: 2, operators: 3, name: 4 },
  Tensor: { shape: 0, type: 1, buffer: 2, name: 3, quantization: 4, isVariable: 5, sparsity: 6 },
  Quantization: { min: 0, max: 1, scale: 2, zeroPoint: 3 },
  SparsityParameters: { traversalOrder: 0, blockMap: 1, dimMetadata: 2 },
  DimensionMetadata: { format: 0, denseSize: 1, arraySegmentsType: 2, arraySegments: 3, arrayIndicesType: 4, arrayIndices: 5 },
  /** Int32Vector, Uint16Vector and Uint8Vector: the members of the SparseIndexVector union. */
  IndexVector: { values: 0 },
  Buffer: { data: 0, offset: 1, size: 2 },
  Operator: { opcodeIndex: 0, inputs: 1, outputs: 2, builtinOptionsType: 3, builtinOptions: 4, customOptions: 5 },
} as const;

export type TensorTypeName = 'float32' | 'float16' | 'int32' | 'uint8' | 'int64' | 'string' | 'bool' | 'int16' | 'complex64' | 'int8' | 'float64';

/** TensorType enum, by value. */
export const tensorTypes: readonly TensorTypeName[] = [
  'float32',
  'float16',
  'int32',
  'uint8',
  'int64',
  'string',
  'bool',
  'int16',
  'complex64',
  'int8',
  'float64',
];

/** Bytes per element of the fixed-size tensor types. */
export const tensorTypeSize: Partial<Record<TensorTypeName, number>> = {
  float32: 4,
  float16: 2,
  int32: 4,
  uint8: 1,
  int64: 8,
  bool: 1,
  int16: 2,
  int8: 1,
  float64: 8,
  complex64: 8,
};

/** BuiltinOperator enum, by value (names only serve messages, so the list stops where the models' era does). */
export const builtinOperators: readonly string[] = [
  'ADD',
  'AVERAGE_POOL_2D',
  'CONCATENATION',
  'CONV_2D',
  'DEPTHWISE_CONV_2D',
  'DEPTH_TO_SPACE',
  'DEQUANTIZE',
  'EMBEDDING_LOOKUP',
  'FLOOR',
  'FULLY_CONNECTED',
  'HASHTABLE_LOOKUP',
  'L2_NORMALIZATION',
  'L2_POOL_2D',
  'LOCAL_RESPONSE_NORMALIZATION',
  'LOGISTIC',
  'LSH_PROJECTION',
  'LSTM',
  'MAX_POOL_2D',
  'MUL',
  'RELU',
  'RELU_N1_TO_1',
  'RELU6',
  'RESHAPE',
  'RESIZE_BILINEAR',
  'RNN',
  'SOFTMAX',
  'SPACE_TO_DEPTH',
  'SVDF',
  'TANH',
  'CONCAT_EMBEDDINGS',
  'SKIP_GRAM',
  'CALL',
  'CUSTOM',
  'EMBEDDING_LOOKUP_SPARSE',
  'PAD',
  'UNIDIRECTIONAL_SEQUENCE_RNN',
  'GATHER',
  'BATCH_TO_SPACE_ND',
  'SPACE_TO_BATCH_ND',
  'TRANSPOSE',
  'MEAN',
  'SUB',
  'DIV',
  'SQUEEZE',
  'UNIDIRECTIONAL_SEQUENCE_LSTM',
  'STRIDED_SLICE',
  'BIDIRECTIONAL_SEQUENCE_RNN',
  'EXP',
  'TOPK_V2',
  'SPLIT',
  'LOG_SOFTMAX',
  'DELEGATE',
  'BIDIRECTIONAL_SEQUENCE_LSTM',
  'CAST',
  'PRELU',
  'MAXIMUM',
  'ARG_MAX',
  'MINIMUM',
  'LESS',
  'NEG',
  'PADV2',
  'GREATER',
  'GREATER_EQUAL',
  'LESS_EQUAL',
  'SELECT',
  'SLICE',
  'SIN',
  'TRANSPOSE_CONV',
  'SPARSE_TO_DENSE',
  'TILE',
  'EXPAND_DIMS',
  'EQUAL',
  'NOT_EQUAL',
  'LOG',
  'SUM',
  'SQRT',
  'RSQRT',
  'SHAPE',
  'POW',
  'ARG_MIN',
  'FAKE_QUANT',
  'REDUCE_PROD',
  'REDUCE_MAX',
  'PACK',
  'LOGICAL_OR',
  'ONE_HOT',
  'LOGICAL_AND',
  'LOGICAL_NOT',
  'UNPACK',
  'REDUCE_MIN',
  'FLOOR_DIV',
  'REDUCE_ANY',
  'SQUARE',
  'ZEROS_LIKE',
  'FILL',
  'FLOOR_MOD',
  'RANGE',
  'RESIZE_NEAREST_NEIGHBOR',
  'LEAKY_RELU',
  'SQUARED_DIFFERENCE',
  'MIRROR_PAD',
  'ABS',
  'SPLIT_V',
  'UNIQUE',
  'CEIL',
  'REVERSE_V2',
  'ADD_N',
  'GATHER_ND',
  'COS',
  'WHERE',
  'RANK',
  'ELU',
  'REVERSE_SEQUENCE',
  'MATRIX_DIAG',
  'QUANTIZE',
  'MATRIX_SET_DIAG',
  'ROUND',
  'HARD_SWISH',
  'IF',
  'WHILE',
  'NON_MAX_SUPPRESSION_V4',
  'NON_MAX_SUPPRESSION_V5',
  'SCATTER_ND',
  'SELECT_V2',
  'DENSIFY',
  'SEGMENT_SUM',
  'BATCH_MATMUL',
  'PLACEHOLDER_FOR_GREATER_OP_CODES',
  'CUMSUM',
  'CALL_ONCE',
  'BROADCAST_TO',
  'RFFT2D',
  'CONV_3D',
  'IMAG',
  'REAL',
  'COMPLEX_ABS',
  'HASHTABLE',
  'HASHTABLE_FIND',
  'HASHTABLE_IMPORT',
  'HASHTABLE_SIZE',
  'REDUCE_ALL',
  'CONV_3D_TRANSPOSE',
  'VAR_HANDLE',
  'READ_VARIABLE',
  'ASSIGN_VARIABLE',
  'BROADCAST_ARGS',
];

export function builtinOperatorName(code: number): string {
  return builtinOperators[code] ?? `BUILTIN_${code}`;
}

/** DimensionType enum, by value. */
export const dimensionTypes = ['DENSE', 'SPARSE_CSR'] as const;

/** SparseIndexVector union members, by type value (0 is NONE). */
export const sparseIndexVectors = [undefined, 'int32', 'uint16', 'uint8'] as const;

export const paddings = ['SAME', 'VALID'] as const;
export type Padding = (typeof paddings)[number];

export const activations = ['NONE', 'RELU', 'RELU_N1_TO_1', 'RELU6', 'TANH', 'SIGN_BIT'] as const;
export type Activation = (typeof activations)[number];

type FieldKind = 'int8' | 'int32' | 'bool' | 'int32s' | 'padding' | 'activation';
interface OptionField {
  name: string;
  kind: FieldKind;
  fallback: number | boolean;
}

const f = (name: string, kind: FieldKind, fallback: number | boolean = 0): OptionField => ({ name, kind, fallback });

/**
 * Layout of the BuiltinOptions union members the converter understands, by union type value.
 * Fields are listed in schema order (index = position in the list).
 */
export const optionTables: Record<number, { name: string; fields: OptionField[] }> = {
  1: {
    name: 'Conv2DOptions',
    fields: [
      f('padding', 'padding'),
      f('strideW', 'int32'),
      f('strideH', 'int32'),
      f('activation', 'activation'),
      f('dilationW', 'int32', 1),
      f('dilationH', 'int32', 1),
    ],
  },
  2: {
    name: 'DepthwiseConv2DOptions',
    fields: [
      f('padding', 'padding'),
      f('strideW', 'int32'),
      f('strideH', 'int32'),
      f('depthMultiplier', 'int32'),
      f('activation', 'activation'),
      f('dilationW', 'int32', 1),
      f('dilationH', 'int32', 1),
    ],
  },
  5: {
    name: 'Pool2DOptions',
    fields: [
      f('padding', 'padding'),
      f('strideW', 'int32'),
      f('strideH', 'int32'),
      f('filterW', 'int32'),
      f('filterH', 'int32'),
      f('activation', 'activation'),
    ],
  },
  8: {
    name: 'FullyConnectedOptions',
    fields: [f('activation', 'activation'), f('weightsFormat', 'int8'), f('keepNumDims', 'bool', false), f('asymmetricQuantizeInputs', 'bool', false)],
  },
  10: { name: 'ConcatenationOptions', fields: [f('axis', 'int32'), f('activation', 'activation')] },
  11: { name: 'AddOptions', fields: [f('activation', 'activation'), f('potScaleInt16', 'bool', true)] },
  15: {
    name: 'ResizeBilinearOptions',
    fields: [f('newHeight', 'int32'), f('newWidth', 'int32'), f('alignCorners', 'bool', false), f('halfPixelCenters', 'bool', false)],
  },
  17: { name: 'ReshapeOptions', fields: [f('newShape', 'int32s')] },
  22: { name: 'PadOptions', fields: [] },
  27: { name: 'ReducerOptions', fields: [f('keepDims', 'bool', false)] },
  32: {
    name: 'StridedSliceOptions',
    fields: [
      f('beginMask', 'int32'),
      f('endMask', 'int32'),
      f('ellipsisMask', 'int32'),
      f('newAxisMask', 'int32'),
      f('shrinkAxisMask', 'int32'),
      f('offset', 'bool', false),
    ],
  },
  38: { name: 'DequantizeOptions', fields: [] },
  94: { name: 'DepthToSpaceOptions', fields: [f('blockSize', 'int32')] },
};

export type OptionValue = number | boolean | number[] | string;
