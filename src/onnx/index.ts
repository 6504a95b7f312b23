// Writing ONNX models from our own code: plain-data model types, a protobuf encoder and a graph builder.
export { GraphBuilder, type NodeOptions } from './builder.js';
export {
  elementCount,
  encodeModel,
  float,
  floats,
  onnxDataTypeCode,
  type OnnxAttributeValue,
  type OnnxDataType,
  type OnnxDim,
  type OnnxGraph,
  type OnnxModel,
  type OnnxNode,
  type OnnxTensor,
  type OnnxTypedArray,
  type OnnxValueInfo,
} from './model.js';
