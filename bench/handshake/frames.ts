// Per-frame pipeline results (people and hands) of each clip, computed once and cached under
// .cache/handshake/ keyed by the pipeline settings, the model files and the clip's bytes, so tuning
// the recogniser replays JSON instead of running the models again. The key does not see the
// pipeline's code: delete the folder (or bump CACHE_VERSION) after changing src/inference.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { handsStream } from '../../src/commands/detect.js';
import { HolisticLandmarker } from '../../src/inference/holistic-landmarker.js';
import type { InferenceOptionsInput } from '../../src/inference/options.js';
import type { HandsResult } from '../../src/types.js';
import type { Clip } from './clips.js';

const CACHE_VERSION = 3;
const cacheRoot = resolve(process.env.GESTUREGATE_HANDSHAKE_CACHE ?? '.cache/handshake');

/** A way of running the pipeline (the daemon's, HolisticLandmarker) over a clip: its name and inference options. */
export interface Pipeline {
  name: string;
  options: InferenceOptionsInput;
}

function sha256(...parts: (string | Buffer)[]): string {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part);
  return hash.digest('hex');
}

/** Hash of every converted model the pipeline could load (a re-converted model invalidates the cache). */
function modelsKey(modelDir: string): string {
  const files = readdirSync(modelDir)
    .filter((f) => f.endsWith('.onnx'))
    .sort();
  return sha256(...files.flatMap((f) => [f, readFileSync(join(modelDir, f))]));
}

/** One clip through the pipeline, tracks started afresh. */
export async function clipFrames(path: string, landmarker: HolisticLandmarker): Promise<HandsResult[]> {
  const frames: HandsResult[] = [];
  for await (const { result } of handsStream([{ path, kind: 'video' }], landmarker)) frames.push(result);
  return frames;
}

/** Frames of every clip through the pipeline, from the cache where present; `progress` hears of each clip run. */
export async function pipelineFrames(pipeline: Pipeline, clips: readonly Clip[], progress: (line: string) => void): Promise<Map<string, HandsResult[]>> {
  const modelDir = (pipeline.options as { modelDir?: string } | undefined)?.modelDir ?? 'models/onnx';
  const key = sha256(String(CACHE_VERSION), JSON.stringify(pipeline), modelsKey(modelDir)).slice(0, 16);
  const dir = join(cacheRoot, `${pipeline.name}-${key}`);
  mkdirSync(dir, { recursive: true });
  const out = new Map<string, HandsResult[]>();
  let landmarker: HolisticLandmarker | null = null;
  try {
    for (const clip of clips) {
      const file = join(dir, `${clip.name}.${sha256(readFileSync(clip.path)).slice(0, 16)}.json`);
      if (existsSync(file)) {
        out.set(clip.name, JSON.parse(readFileSync(file, 'utf8')) as HandsResult[]);
        continue;
      }
      landmarker ??= await HolisticLandmarker.createFromOptions(pipeline.options);
      const started = performance.now();
      const frames = await clipFrames(clip.path, landmarker);
      writeFileSync(file, JSON.stringify(frames));
      progress(`${pipeline.name}: ${clip.name} ${frames.length} frames in ${((performance.now() - started) / 1000).toFixed(0)} s`);
      out.set(clip.name, frames);
    }
  } finally {
    await landmarker?.close();
  }
  return out;
}
