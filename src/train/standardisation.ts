// Per-channel standardisation of network inputs: (x − mean) · scale, with mean and 1/std taken over the
// training samples (and, for windows, over time). Features span very different ranges (coordinates,
// cosines, log lengths); without this the dense layers see the wide ones first and generalise worse.
// The exporter writes the same two steps into the ONNX graph, so callers always pass raw features.

export interface Standardisation {
  mean: Float32Array;
  /** 1 / standard deviation; 1 where a channel is constant in training. */
  scale: Float32Array;
}

/** Channels are the last axis of a sample's shape. */
export function channelCount(shape: readonly number[]): number {
  return shape.at(-1)!;
}

/** Mean and inverse deviation per channel over the given samples of x. */
export function fitStandardisation(x: Float32Array, shape: readonly number[], indexes: readonly number[]): Standardisation {
  const channels = channelCount(shape);
  const size = shape.reduce((a, b) => a * b, 1);
  const sum = new Float64Array(channels);
  const squares = new Float64Array(channels);
  for (const i of indexes) {
    for (let j = 0; j < size; j++) {
      const v = x[i * size + j]!;
      sum[j % channels]! += v;
      squares[j % channels]! += v * v;
    }
  }
  const count = Math.max(1, indexes.length * (size / channels));
  const mean = new Float32Array(channels);
  const scale = new Float32Array(channels);
  for (let c = 0; c < channels; c++) {
    const m = sum[c]! / count;
    const variance = Math.max(0, squares[c]! / count - m * m);
    mean[c] = m;
    scale[c] = variance > 1e-12 ? 1 / Math.sqrt(variance) : 1;
  }
  return { mean, scale };
}

/** No change: mean 0, scale 1 on every channel. */
export function identityStandardisation(shape: readonly number[]): Standardisation {
  const channels = channelCount(shape);
  return { mean: new Float32Array(channels), scale: new Float32Array(channels).fill(1) };
}

/** A standardised copy of x (any number of samples). */
export function standardise(x: Float32Array, s: Standardisation): Float32Array {
  const channels = s.mean.length;
  const out = new Float32Array(x.length);
  for (let j = 0; j < x.length; j++) {
    const c = j % channels;
    out[j] = (x[j]! - s.mean[c]!) * s.scale[c]!;
  }
  return out;
}
