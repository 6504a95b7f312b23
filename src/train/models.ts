// The network of each model kind. They end in logits; softmax is applied at prediction and export.
// Only layer types the ONNX exporter knows are used (dense, conv1d, global average pooling).
import type * as tfType from '@tensorflow/tfjs';
import type { Tf } from './tf.js';

export const MODEL_KINDS = ['pose', 'two-hand', 'temporal'] as const;
export type ModelKind = (typeof MODEL_KINDS)[number];

export interface NetworkOptions {
  seed: number;
  /** Width of the first hidden layer (a second one, when asked, is half as wide). */
  hidden: number;
  /** Dense networks: 1 or 2 hidden layers. */
  layers: 1 | 2;
}

/** Dense layers for pose vectors ([d]); 1-D convolutions over time for windows ([T, C]). */
export function buildNetwork(tf: Tf, inputShape: number[], classes: number, options: NetworkOptions): tfType.Sequential {
  let seed = options.seed;
  const init = () => tf.initializers.glorotUniform({ seed: seed++ });
  const h = options.hidden;
  const layers: tfType.layers.Layer[] =
    inputShape.length === 1
      ? [
          tf.layers.dense({ inputShape, units: h, activation: 'relu', kernelInitializer: init() }),
          ...(options.layers === 2 ? [tf.layers.dense({ units: Math.max(8, h / 2), activation: 'relu', kernelInitializer: init() })] : []),
          tf.layers.dense({ units: classes, kernelInitializer: init() }),
        ]
      : [
          tf.layers.conv1d({ inputShape, filters: h, kernelSize: 3, activation: 'relu', kernelInitializer: init() }),
          tf.layers.conv1d({ filters: h, kernelSize: 3, activation: 'relu', kernelInitializer: init() }),
          tf.layers.globalAveragePooling1d({}),
          tf.layers.dense({ units: classes, kernelInitializer: init() }),
        ];
  return tf.sequential({ layers });
}
