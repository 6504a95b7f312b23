// One place that loads OpenCV. @u4/opencv4nodejs looks for a self-built OpenCV unless told not to,
// also at import time, so the flag is set before the import. Its build helper also prints info lines
// to stdout on load, which would corrupt commands whose stdout carries JSON: silence it first.
import { createRequire } from 'node:module';
import { UserError } from './errors.js';

export type OpenCV = typeof import('@u4/opencv4nodejs').default;
export type Mat = InstanceType<OpenCV['Mat']>;

let loaded: OpenCV | undefined;

export function loadOpenCV(): OpenCV {
  if (loaded) return loaded;
  process.env.OPENCV4NODEJS_DISABLE_AUTOBUILD ??= '1';
  // OpenCV's Mat allocator reports memory to V8 also when Mats are freed by the garbage collector;
  // with onnxruntime allocating tensors in the same process this aborted V8 ("Check failed:
  // marking_done_") in 2 of 5 long daemon runs, 0 of 3 with the tracking off.
  process.env.OPENCV4NODEJS_DISABLE_EXTERNAL_MEM_TRACKING ??= '1';
  try {
    // The CommonJS build: synchronous, so callers need not be async to get cv.
    const require = createRequire(import.meta.url);
    const bindingsPath = require.resolve('@u4/opencv4nodejs');
    const buildHelper = createRequire(bindingsPath)('@u4/opencv-build') as { Log: { silence: boolean } };
    buildHelper.Log.silence = true;
    loaded = require(bindingsPath) as OpenCV;
  } catch (error) {
    throw new UserError(`OpenCV bindings failed to load (${error instanceof Error ? error.message.split('\n')[0] : String(error)}); run scripts/setup.sh`);
  }
  return loaded;
}
