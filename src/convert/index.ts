// Converting TFLite models to ONNX files with manifests: the entry points the CLI uses.
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildManifest, CONVERTER_VERSION, isUpToDate, readManifest, type Manifest } from './manifest.js';
import { readTfliteModel } from './tflite-reader.js';
import { tfliteToOnnx, type ConversionTarget } from './tflite-to-onnx.js';
import type { ModelSource } from './sources.js';

export { readTfliteModel } from './tflite-reader.js';
export { defaultModelNames, loadMediapipeModel, loadModelFile, mediapipeModelNames, type ModelSource } from './sources.js';
export { CONVERTER_VERSION, type Manifest } from './manifest.js';
export type { ConversionTarget } from './tflite-to-onnx.js';

export interface ConversionResult {
  name: string;
  onnxPath: string;
  manifestPath: string;
  manifest: Manifest;
  /** False when the existing files were already up to date. */
  converted: boolean;
}

function outputPaths(outDir: string, name: string): { onnxPath: string; manifestPath: string } {
  return { onnxPath: join(outDir, `${name}.onnx`), manifestPath: join(outDir, `${name}.json`) };
}

export interface ConvertOptions {
  /** Convert even when the existing files are up to date. */
  force?: boolean;
  /** Runtime the files are for (default onnxruntime; opencv for OpenCV 4.6 DNN). */
  target?: ConversionTarget;
}

/** Converts one model into `outDir` unless its manifest says it is up to date. */
export function convertModel(source: ModelSource, outDir: string, options: ConvertOptions = {}): ConversionResult {
  const target = options.target ?? 'onnxruntime';
  const { onnxPath, manifestPath } = outputPaths(outDir, source.name);
  const existing = readManifest(manifestPath);
  if (!options.force && isUpToDate(existing, source, onnxPath, target)) {
    return { name: source.name, onnxPath, manifestPath, manifest: existing!, converted: false };
  }
  const model = readTfliteModel(source.bytes, source.origin);
  const onnx = tfliteToOnnx(model, {
    source: source.origin,
    producerVersion: CONVERTER_VERSION,
    graphName: source.name,
    target,
    docString: `${source.name} converted from ${source.origin} by gesturegate convert ${CONVERTER_VERSION}`,
    metadata: { source: source.origin, source_sha256: source.sha256, converter_version: CONVERTER_VERSION },
  });
  const manifest = buildManifest(source, model, `${source.name}.onnx`, onnx, target);
  mkdirSync(outDir, { recursive: true });
  // Write-then-rename so a reader never sees half a model (other processes may be loading it).
  writeAtomically(onnxPath, onnx);
  writeAtomically(manifestPath, JSON.stringify(manifest, null, 2) + '\n');
  return { name: source.name, onnxPath, manifestPath, manifest, converted: true };
}

function writeAtomically(path: string, data: Uint8Array | string): void {
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, data);
  renameSync(temporary, path);
}
