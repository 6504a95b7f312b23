// `gesturegate convert`: MediaPipe's TFLite hand and pose models → ONNX files with JSON manifests.
import type { Command } from 'commander';
import { resolve } from 'node:path';
import { createLogger, logToStderr } from '../util/log.js';
import { UserError } from '../util/errors.js';
import { defaultModelDir } from '../util/install-dir.js';
import {
  convertModel,
  defaultModelNames,
  loadMediapipeModel,
  loadModelFile,
  mediapipeModelNames,
  type ConversionResult,
  type ModelSource,
} from '../convert/index.js';

interface ConvertOptions {
  out: string;
  input?: string;
  model?: string[];
  force?: boolean;
  verify?: boolean;
  target: string;
}

const log = createLogger('convert');

export function register(program: Command): void {
  program
    .command('convert')
    .description("Convert MediaPipe's TFLite hand and pose models (from @mediapipe/hands, pose and holistic) to ONNX, with a JSON manifest each")
    .option('-o, --out <dir>', 'output folder (models/onnx of the gesturegate installation)', defaultModelDir())
    .option('-i, --input <file.tflite>', 'convert this one .tflite file instead of the MediaPipe models')
    .option('-m, --model <names...>', `convert these MediaPipe models (${mediapipeModelNames.join(', ')}; default: all but pose_landmark_heavy)`)
    .option('-f, --force', 'convert even when the manifest says the ONNX file is up to date')
    .option(
      '--target <runtime>',
      'onnxruntime: float16 weights kept (small files); opencv: what OpenCV 4.6 DNN reads (float32 weights, no Clip inputs)',
      'onnxruntime',
    )
    .option('--verify', 'run each ONNX model and the original TFLite model on real images and random inputs; fail if outputs differ beyond the targets')
    .action(async (options: ConvertOptions) => {
      if (options.target !== 'onnxruntime' && options.target !== 'opencv') {
        throw new UserError(`--target must be onnxruntime or opencv, not ${options.target}`);
      }
      const target = options.target;
      // With --verify, stdout carries the comparison table: logs go to stderr.
      if (options.verify) logToStderr();
      const sources = selectSources(options);
      const outDir = resolve(options.out);
      const results: { source: ModelSource; result: ConversionResult }[] = [];
      for (const source of sources) {
        const result = convertModel(source, outDir, { force: options.force, target });
        log.info(result.converted ? 'converted' : 'up to date', { model: source.name, onnx: result.onnxPath, source: source.origin });
        results.push({ source, result });
      }
      if (options.verify) {
        const { verifyConversions } = await import('../convert/verify.js');
        const ok = await verifyConversions(results);
        if (!ok) process.exitCode = 1;
      }
    });
}

function selectSources(options: ConvertOptions): ModelSource[] {
  if (options.input && options.model) throw new UserError('give either --input or --model, not both');
  if (options.input) return [loadModelFile(options.input)];
  const names = options.model ?? defaultModelNames;
  return names.map((name) => {
    if (!(mediapipeModelNames as readonly string[]).includes(name)) {
      throw new UserError(`unknown model ${name}; choose from ${mediapipeModelNames.join(', ')}`);
    }
    return loadMediapipeModel(name as (typeof mediapipeModelNames)[number]);
  });
}
