// Pure helpers for moving TFLite's NHWC tensors to ONNX's NCHW convention and for TFLite's padding rule.

/** NHWC → NCHW: NCHW axis i holds NHWC axis TO_NCHW[i]. */
export const TO_NCHW = [0, 3, 1, 2] as const;
/** NCHW → NHWC. */
export const TO_NHWC = [0, 2, 3, 1] as const;

/** Where NHWC axis `axis` sits in NCHW order. */
export function nchwAxis(axis: number): number {
  return TO_NCHW.indexOf(axis as 0 | 1 | 2 | 3);
}

/** Reorders the elements of a dense row-major array of `elementSize`-byte items. */
export function permuteBytes(data: Uint8Array, shape: readonly number[], elementSize: number, perm: readonly number[]): Uint8Array {
  if (perm.length !== shape.length) throw new Error(`permutation [${perm}] does not fit shape [${shape}]`);
  const rank = shape.length;
  const outShape = perm.map((p) => shape[p]!);
  const inStrides = new Array<number>(rank);
  let s = 1;
  for (let i = rank - 1; i >= 0; i--) {
    inStrides[i] = s;
    s *= shape[i]!;
  }
  const count = s;
  // Stride in the input for each output axis.
  const strides = perm.map((p) => inStrides[p]!);
  // Element-sized views (on an aligned copy) make this one typed-array move per element.
  const View = elementSize === 2 ? Uint16Array : elementSize === 4 ? Uint32Array : undefined;
  if (View === undefined && elementSize !== 1) throw new Error(`cannot permute ${elementSize}-byte elements`);
  const src = View ? new View(new Uint8Array(data).buffer) : data;
  const dst = View ? new View(count) : new Uint8Array(count);
  const index = new Array<number>(rank).fill(0);
  let source = 0;
  for (let o = 0; o < count; o++) {
    dst[o] = src[source]!;
    // Odometer increment over the output shape, updating the source offset incrementally.
    for (let axis = rank - 1; axis >= 0; axis--) {
      index[axis]!++;
      source += strides[axis]!;
      if (index[axis]! < outShape[axis]!) break;
      source -= strides[axis]! * outShape[axis]!;
      index[axis] = 0;
    }
  }
  const out = new Uint8Array(dst.buffer, 0, count * elementSize);
  return out;
}

export type PaddingMode = 'SAME' | 'VALID';

/**
 * TFLite's padding for one spatial axis: [before, after]. SAME puts the odd extra pixel at the
 * end (ONNX's SAME_UPPER), computed explicitly from the static size.
 */
export function paddingFor(mode: PaddingMode, size: number, kernel: number, stride: number, dilation = 1): [number, number] {
  if (mode === 'VALID') return [0, 0];
  const out = Math.ceil(size / stride);
  const effectiveKernel = (kernel - 1) * dilation + 1;
  const total = Math.max((out - 1) * stride + effectiveKernel - size, 0);
  const before = Math.floor(total / 2);
  return [before, total - before];
}

/** Output size of a convolution or pooling window along one axis. */
export function windowOutputSize(mode: PaddingMode, size: number, kernel: number, stride: number, dilation = 1): number {
  const effectiveKernel = (kernel - 1) * dilation + 1;
  return mode === 'SAME' ? Math.ceil(size / stride) : Math.floor((size - effectiveKernel) / stride) + 1;
}
