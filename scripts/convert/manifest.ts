// The JSON manifest written beside each converted model: what goes in and out, where the model
// came from, and which converter made it (used to skip conversions that are up to date).
import { existsSync, readFileSync } from 'node:fs';
import type { TfliteModel } from './tflite-reader.js';
import { modelInfo, type OutputKind } from './model-info.js';
import type { ModelSource } from './sources.js';
import { sha256 } from './sources.js';
import { ONNX_OPSET, type ConversionTarget } from './tflite-to-onnx.js';

/** Bumped whenever a change to the converter changes what it writes. */
export const CONVERTER_VERSION = '1.1.0';

export interface ManifestTensor {
  name: string;
  shape: number[];
  type: 'float32';
  meaning?: string;
  kind?: OutputKind;
  /** Outputs mixing kinds: element i has kind interleaved[i % length]. */
  interleaved?: OutputKind[];
}

export interface Manifest {
  model: string;
  file: string;
  onnxSha256: string;
  source: { origin: string; sha256: string; bytes: number };
  converter: { version: string; opset: number; target: ConversionTarget };
  input: ManifestTensor & { layout: 'NHWC'; range: [number, number] };
  outputs: ManifestTensor[];
  operators: Record<string, number>;
}

export function buildManifest(source: ModelSource, model: TfliteModel, file: string, onnx: Uint8Array, target: ConversionTarget): Manifest {
  const graph = model.subgraphs[0]!;
  const info = (modelInfo as Record<string, (typeof modelInfo)[keyof typeof modelInfo] | undefined>)[source.name];
  const operators: Record<string, number> = {};
  for (const op of graph.operators) operators[op.opcode] = (operators[op.opcode] ?? 0) + 1;
  const input = graph.tensors[graph.inputs[0]!]!;
  return {
    model: source.name,
    file,
    onnxSha256: sha256(onnx),
    source: { origin: source.origin, sha256: source.sha256, bytes: source.bytes.length },
    converter: { version: CONVERTER_VERSION, opset: ONNX_OPSET, target },
    input: { name: input.name, shape: input.shape, type: 'float32', layout: 'NHWC', range: info?.range ?? [0, 1], meaning: info?.input },
    outputs: graph.outputs.map((i) => {
      const t = graph.tensors[i]!;
      const out = info?.outputs[t.name];
      return { name: t.name, shape: t.shape, type: 'float32', meaning: out?.meaning, kind: out?.kind, interleaved: out?.interleaved };
    }),
    operators,
  };
}

/** The manifest at `path` if it parses, else undefined. */
export function readManifest(path: string): Manifest | undefined {
  if (!existsSync(path)) return undefined;
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as Manifest;
  } catch {
    return undefined;
  }
}

/** Whether `onnxPath` was made by this converter version, with these settings, from exactly these source bytes. */
export function isUpToDate(manifest: Manifest | undefined, source: ModelSource, onnxPath: string, target: ConversionTarget): boolean {
  if (!manifest || !existsSync(onnxPath)) return false;
  return (
    manifest.source?.sha256 === source.sha256 &&
    manifest.converter?.version === CONVERTER_VERSION &&
    manifest.converter?.target === target &&
    manifest.onnxSha256 === sha256(readFileSync(onnxPath))
  );
}
