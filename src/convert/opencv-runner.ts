// Runs a converted model with OpenCV's DNN module (cv.readNetFromONNX), the speed peer of the
// pipeline bench, to check that OpenCV reads our files and computes the same outputs.
import { loadOpenCV } from '../util/opencv.js';

export interface OpenCvModel {
  run(input: Float32Array, shape: number[]): Map<string, Float32Array>;
}

export function loadOpenCvModel(onnxPath: string, outputNames: string[]): OpenCvModel {
  const cv = loadOpenCV();
  const net = cv.readNetFromONNX(onnxPath);
  return {
    run(input, shape) {
      // opencv4nodejs fills n-dimensional Mats only from nested arrays.
      net.setInput(new cv.Mat(nest(input, shape) as number[][][][], cv.CV_32F));
      const outputs = net.forward(outputNames);
      return new Map(
        outputs.map((mat, k) => {
          const total = mat.sizes.reduce((a, b) => a * b, 1);
          const flat = mat.flattenFloat(1, total).getData();
          return [outputNames[k]!, new Float32Array(Uint8Array.prototype.slice.call(flat).buffer)];
        }),
      );
    },
  };
}

/** A flat row-major array as nested arrays of the given shape. */
function nest(data: Float32Array, shape: number[], offset = 0): unknown {
  if (shape.length === 1) return Array.from(data.subarray(offset, offset + shape[0]!));
  const inner = shape.slice(1).reduce((a, b) => a * b, 1);
  return Array.from({ length: shape[0]! }, (_, k) => nest(data, shape.slice(1), offset + k * inner));
}
