// The wasm backend of tfjs 4.22 has no Conv2DBackpropFilter kernel, the weight gradient of every
// convolution (conv1d runs as conv2d with height 1), so 1-D conv networks could not train on it. This
// registers a plain-JS one for the case our networks use: NHWC, 'valid' padding, no dilation.
import type * as tfType from '@tensorflow/tfjs';
import type { Tf } from './tf.js';

interface WasmBackend {
  readSync(dataId: object): Float32Array;
  makeOutput(shape: number[], dtype: 'float32'): tfType.TensorInfo;
  typedArrayFromHeap(info: tfType.TensorInfo): Float32Array;
}

/** dW[kh,kw,c,f] = Σ over n, output rows and columns of x[n, oh·sh+kh, ow·sw+kw, c] · dy[n, oh, ow, f]. */
export function conv2dFilterGradient(
  x: Float32Array,
  xShape: readonly number[],
  dy: Float32Array,
  dyShape: readonly number[],
  filterShape: readonly number[],
  strides: readonly [number, number],
): Float32Array {
  const [n, h, w, c] = xShape as [number, number, number, number];
  const [, oh, ow, f] = dyShape as [number, number, number, number];
  const [kh, kw] = filterShape as [number, number];
  const [sh, sw] = strides;
  const out = new Float32Array(kh * kw * c * f);
  for (let b = 0; b < n; b++)
    for (let y = 0; y < oh; y++)
      for (let xo = 0; xo < ow; xo++) {
        const dyBase = ((b * oh + y) * ow + xo) * f;
        for (let i = 0; i < kh; i++)
          for (let j = 0; j < kw; j++) {
            const xBase = ((b * h + y * sh + i) * w + xo * sw + j) * c;
            const outBase = (i * kw + j) * c * f;
            for (let ch = 0; ch < c; ch++) {
              const xv = x[xBase + ch]!;
              if (xv === 0) continue;
              const row = outBase + ch * f;
              for (let k = 0; k < f; k++) out[row + k]! += xv * dy[dyBase + k]!;
            }
          }
      }
  return out;
}

export function registerWasmConvFilterGradient(tf: Tf): void {
  if (tf.getKernel('Conv2DBackpropFilter', 'wasm')) return;
  tf.registerKernel({
    kernelName: 'Conv2DBackpropFilter',
    backendName: 'wasm',
    kernelFunc: ({ inputs, backend, attrs }) => {
      const { x, dy } = inputs as { x: tfType.TensorInfo; dy: tfType.TensorInfo };
      const { strides, pad, dataFormat, filterShape } = attrs as unknown as {
        strides: number | [number, number];
        pad: unknown;
        dataFormat: string;
        filterShape: number[];
      };
      if (pad !== 'valid' || (dataFormat && dataFormat !== 'NHWC')) {
        throw new Error(`Conv2DBackpropFilter on wasm: only NHWC with valid padding is supported (got ${String(pad)}, ${dataFormat})`);
      }
      const wasm = backend as unknown as WasmBackend;
      const s: [number, number] = typeof strides === 'number' ? [strides, strides] : strides;
      const gradient = conv2dFilterGradient(wasm.readSync(x.dataId), x.shape, wasm.readSync(dy.dataId), dy.shape, filterShape, s);
      const out = wasm.makeOutput(filterShape, 'float32');
      wasm.typedArrayFromHeap(out).set(gradient);
      return out;
    },
  });
}
