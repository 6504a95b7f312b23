// The ModelRunner seam without a runtime: a model's shapes are checked through the runner's plain
// metadata, so any runner (onnxruntime, TFLite, a fake) is refused or accepted the same way.
import { describe, expect, it } from 'vitest';
import { singleInputShape, type TensorInfo } from '../../src/inference/backend.js';
import { expectOutputShapes, squareInputSize } from '../../src/inference/model-io.js';

const tensor = (shape: (number | string)[]): TensorInfo => ({ name: 'x', shape });

describe('ModelRunner seam', () => {
  it('reads the square NHWC input size, a symbolic batch included', () => {
    expect(squareInputSize({ inputs: [tensor([1, 192, 192, 3])] }, 'palm.onnx')).toBe(192);
    expect(squareInputSize({ inputs: [tensor(['batch', 224, 224, 3])] }, 'hand.onnx')).toBe(224);
  });

  it('refuses a non-square or channels-first input by file', () => {
    expect(() => squareInputSize({ inputs: [tensor([1, 3, 224, 224])] }, 'm.onnx')).toThrow(
      'm.onnx: expected an NHWC input [1, S, S, 3], found [1, 3, 224, 224]',
    );
    expect(() => squareInputSize({ inputs: [] }, 'm.onnx')).toThrow('found []');
  });

  it('matches output shapes in order, symbolic dimensions matching any size', () => {
    const outputs = [tensor([1, 63]), tensor(['n', 1])];
    expect(() =>
      expectOutputShapes({ outputs }, 'h.onnx', 'hand landmark', [
        [1, 63],
        [1, 1],
      ]),
    ).not.toThrow();
    expect(() =>
      expectOutputShapes({ outputs }, 'h.onnx', 'palm detection', [
        [1, 1],
        [1, 63],
      ]),
    ).toThrow('h.onnx is not a palm detection model: its outputs are [1, 63] [n, 1], expected [1, 1] [1, 63]');
  });

  it('gives the shape of one example', () => {
    expect(singleInputShape(tensor(['batch', 256, 256, 3]))).toEqual([1, 256, 256, 3]);
  });
});
