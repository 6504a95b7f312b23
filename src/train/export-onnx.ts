// Our own exporter from the trained tfjs network to ONNX (no Python): each layer becomes the ONNX ops
// that compute the same thing, with weights re-laid out where the conventions differ, then softmax.
import type { OnnxModel, OnnxNode, OnnxTensor } from '../onnx/model.js';
import type { TrainedNetwork } from './fit.js';
import { VERSION } from '../version.js';

export const ONNX_INPUT = 'features';
export const ONNX_OUTPUT = 'scores';
const OPSET = 13;

interface LayerConfig {
  activation?: string;
  padding?: string;
  strides?: number | number[];
  dilationRate?: number | number[];
  useBias?: boolean;
}

function single(value: number | number[] | undefined): number {
  return Array.isArray(value) ? value[0]! : (value ?? 1);
}

function tensor(name: string, dims: number[], data: Float32Array): OnnxTensor<'float32'> {
  return { name, type: 'float32', dims, data };
}

/** tfjs conv1d kernels are [k, in, out]; ONNX Conv wants [out, in, k]. */
export function conv1dKernelToOnnx(kernel: Float32Array, k: number, inChannels: number, outChannels: number): Float32Array {
  const out = new Float32Array(kernel.length);
  for (let t = 0; t < k; t++)
    for (let i = 0; i < inChannels; i++)
      for (let o = 0; o < outChannels; o++) out[(o * inChannels + i) * k + t] = kernel[(t * inChannels + i) * outChannels + o]!;
  return out;
}

export function networkToOnnx(trained: TrainedNetwork, metadata: Record<string, string>): OnnxModel {
  const { model: network, standardisation, shape: inputShape } = trained;
  const nodes: OnnxNode[] = [];
  const initializers: OnnxTensor[] = [];
  let current = ONNX_INPUT;
  let layout: 'flat' | 'time-major' | 'channels-first' = inputShape.length === 1 ? 'flat' : 'time-major';
  const emit = (opType: string, inputs: string[], attributes?: OnnxNode['attributes']): string => {
    const output = `${opType.toLowerCase()}_${nodes.length}`;
    nodes.push({ opType, inputs, outputs: [output], name: output, ...(attributes ? { attributes } : {}) });
    return output;
  };
  const activate = (config: LayerConfig, name: string): void => {
    if (config.activation === 'relu') current = emit('Relu', [current]);
    else if (config.activation !== undefined && config.activation !== 'linear') {
      throw new Error(`layer ${name}: activation ${config.activation} has no ONNX export`);
    }
  };

  // The input standardisation, broadcast over the last (channel) axis.
  const channels = standardisation.mean.length;
  initializers.push(tensor('input.mean', [channels], standardisation.mean), tensor('input.scale', [channels], standardisation.scale));
  current = emit('Mul', [emit('Sub', [current, 'input.mean']), 'input.scale']);

  for (const layer of network.layers) {
    const config = layer.getConfig() as LayerConfig;
    const weights = layer.getWeights().map((w) => ({ shape: w.shape, data: w.dataSync() as Float32Array }));
    const prefix = layer.name;
    switch (layer.getClassName()) {
      case 'Dense': {
        if (layout !== 'flat') throw new Error(`layer ${prefix}: dense layers must follow pooling`);
        const [kernel, bias] = weights;
        initializers.push(tensor(`${prefix}.kernel`, kernel!.shape, kernel!.data));
        const inputs = [current, `${prefix}.kernel`];
        if (bias) {
          initializers.push(tensor(`${prefix}.bias`, bias.shape, bias.data));
          inputs.push(`${prefix}.bias`);
        }
        current = emit('Gemm', inputs);
        activate(config, prefix);
        break;
      }
      case 'Conv1D': {
        if (config.padding !== 'valid' || single(config.strides) !== 1 || single(config.dilationRate) !== 1) {
          throw new Error(`layer ${prefix}: only valid, stride-1, undilated conv1d layers are exported`);
        }
        if (layout === 'time-major') {
          current = emit('Transpose', [current], { perm: [0, 2, 1] });
          layout = 'channels-first';
        }
        const [kernel, bias] = weights;
        const [k, inChannels, outChannels] = kernel!.shape as [number, number, number];
        initializers.push(tensor(`${prefix}.kernel`, [outChannels, inChannels, k], conv1dKernelToOnnx(kernel!.data, k, inChannels, outChannels)));
        const inputs = [current, `${prefix}.kernel`];
        if (bias) {
          initializers.push(tensor(`${prefix}.bias`, bias.shape, bias.data));
          inputs.push(`${prefix}.bias`);
        }
        current = emit('Conv', inputs, { kernel_shape: [k], strides: [1], pads: [0, 0], dilations: [1] });
        activate(config, prefix);
        break;
      }
      case 'GlobalAveragePooling1D': {
        if (layout !== 'channels-first') throw new Error(`layer ${prefix}: pooling must follow a convolution`);
        current = emit('Flatten', [emit('GlobalAveragePool', [current])], { axis: 1 });
        layout = 'flat';
        break;
      }
      default:
        throw new Error(`layer ${prefix}: ${layer.getClassName()} has no ONNX export`);
    }
  }
  nodes.push({ opType: 'Softmax', inputs: [current], outputs: [ONNX_OUTPUT], name: 'softmax', attributes: { axis: -1 } });
  const classes = (network.outputs[0]!.shape as number[]).at(-1)!;
  return {
    graph: {
      name: 'gesture',
      nodes,
      inputs: [{ name: ONNX_INPUT, type: 'float32', shape: ['batch', ...inputShape] }],
      outputs: [{ name: ONNX_OUTPUT, type: 'float32', shape: ['batch', classes] }],
      initializers,
    },
    opset: OPSET,
    producerName: 'gesturegate',
    producerVersion: VERSION,
    metadata,
  };
}
