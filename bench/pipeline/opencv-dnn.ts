// The peer runtime: OpenCV's DNN module (cv.readNetFromONNX) running the same converted models, in
// the variant our converter writes for it (`convert --target opencv`: float32 weights, OpenCV 4.6
// reads no float16 initializers). Outputs are checked against onnxruntime before timing.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { convertModel, loadMediapipeModel } from '../../src/convert/index.js';
import type { OpenCV } from '../../src/util/opencv.js';

type Net = ReturnType<OpenCV['readNetFromONNX']>;
type Mat = InstanceType<OpenCV['Mat']>;

/** Converts the MediaPipe model for OpenCV into `dir` (once) and returns its path. */
export function opencvModelPath(name: 'palm_detection' | 'hand_landmark', variant: 'full' | 'lite', dir: string): string {
  const model = `${name}_${variant}` as const;
  const path = join(dir, `${model}.onnx`);
  if (!existsSync(path)) convertModel(loadMediapipeModel(model), dir, { target: 'opencv' });
  return path;
}

/**
 * An NHWC [1, H, W, C] float blob. opencv4nodejs fills N-dimensional Mats only from nested arrays
 * (setData copies rows × cols bytes), so this is built once per input, outside the timed loop.
 */
export function nhwcBlob(cv: OpenCV, data: Float32Array, [, h, w, c]: readonly number[]): Mat {
  const nested = [
    Array.from({ length: h! }, (_, y) => Array.from({ length: w! }, (_, x) => Array.from(data.subarray((y * w! + x) * c!, (y * w! + x + 1) * c!)))),
  ];
  return new cv.Mat(nested, cv.CV_32F);
}

export class OpenCvDnnModel {
  private readonly net: Net;

  constructor(
    cv: OpenCV,
    path: string,
    private readonly outputNames: string[],
  ) {
    this.net = cv.readNetFromONNX(path);
  }

  /** One forward pass; outputs flattened to float arrays in outputNames order. */
  forward(blob: Mat): Float32Array[] {
    this.net.setInput(blob);
    const outputs = this.net.forward(this.outputNames);
    return outputs.map((out) => {
      const total = out.sizes.reduce((a, b) => a * b, 1);
      const last = out.sizes.at(-1)!;
      // getData only reads 2-D Mats.
      const flat = out.sizes.length > 2 ? out.flattenFloat(total / last, last) : out;
      const bytes = flat.getData();
      return new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + total * 4));
    });
  }
}
