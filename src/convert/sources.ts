// Where MediaPipe's four hand models come from: two plain .tflite files in @mediapipe/hands, and
// two packed into hands_solution_packed_assets.data at byte ranges that the package's loader
// script lists (read from the script, never hard-coded).
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';
import { UserError } from '../util/errors.js';

export interface ModelSource {
  /** Output base name, e.g. palm_detection_full. */
  name: string;
  bytes: Uint8Array;
  /** Human-readable origin: a path, or path#byte-range for packed files. */
  origin: string;
  sha256: string;
}

export const mediapipeModelNames = ['palm_detection_full', 'palm_detection_lite', 'hand_landmark_full', 'hand_landmark_lite'] as const;
export type MediapipeModelName = (typeof mediapipeModelNames)[number];

const PACKED_DATA = 'hands_solution_packed_assets.data';
const PACKED_LOADER = 'hands_solution_packed_assets_loader.js';

export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** The installed @mediapipe/hands package folder. */
export function mediapipeHandsDir(): string {
  const require = createRequire(import.meta.url);
  try {
    return dirname(require.resolve('@mediapipe/hands/package.json'));
  } catch {
    throw new UserError('@mediapipe/hands is not installed (run npm ci); it ships the hand models to convert');
  }
}

export interface PackedFile {
  filename: string;
  start: number;
  end: number;
}

/** The file table of an Emscripten packed-assets loader: the JSON argument of its loadPackage(...) call. */
export function parsePackedLoader(script: string, origin: string): PackedFile[] {
  const at = script.lastIndexOf('loadPackage(');
  if (at < 0) throw new UserError(`${origin}: no loadPackage(...) call found`);
  const open = script.indexOf('{', at);
  // The argument is a JSON object literal: find its closing brace by counting (strings hold no braces here, but skip them anyway).
  let depth = 0;
  let end = -1;
  let inString = false;
  for (let k = open; k >= 0 && k < script.length; k++) {
    const ch = script[k];
    if (inString) {
      if (ch === '\\') k++;
      else if (ch === '"') inString = false;
    } else if (ch === '"') inString = true;
    else if (ch === '{') depth++;
    else if (ch === '}' && --depth === 0) {
      end = k + 1;
      break;
    }
  }
  if (open < 0 || end < 0) throw new UserError(`${origin}: loadPackage(...) argument is not a complete object`);
  let metadata: unknown;
  try {
    metadata = JSON.parse(script.slice(open, end));
  } catch (error) {
    throw new UserError(`${origin}: loadPackage(...) argument is not JSON (${(error as Error).message})`);
  }
  const files = (metadata as { files?: unknown }).files;
  if (!Array.isArray(files)) throw new UserError(`${origin}: loadPackage(...) has no files list`);
  return files.map((f: unknown) => {
    const { filename, start, end: stop } = f as Record<string, unknown>;
    if (typeof filename !== 'string' || !Number.isInteger(start) || !Number.isInteger(stop) || (start as number) < 0 || (stop as number) < (start as number)) {
      throw new UserError(`${origin}: malformed file entry ${JSON.stringify(f)}`);
    }
    return { filename, start: start as number, end: stop as number };
  });
}

/** One of MediaPipe's four hand models, read from the installed package. */
export function loadMediapipeModel(name: MediapipeModelName, dir = mediapipeHandsDir()): ModelSource {
  if (name.startsWith('hand_landmark')) {
    const path = join(dir, `${name}.tflite`);
    const bytes = readFileOrFail(path);
    return { name, bytes, origin: `@mediapipe/hands/${name}.tflite`, sha256: sha256(bytes) };
  }
  const loaderPath = join(dir, PACKED_LOADER);
  const files = parsePackedLoader(new TextDecoder().decode(readFileOrFail(loaderPath)), loaderPath);
  const entry = files.find((f) => basename(f.filename) === `${name}.tflite`);
  if (!entry) throw new UserError(`${loaderPath}: ${name}.tflite is not listed`);
  const data = readFileOrFail(join(dir, PACKED_DATA));
  if (entry.end > data.length) {
    throw new UserError(`${PACKED_DATA} is ${data.length} bytes, but ${name}.tflite should end at byte ${entry.end}`);
  }
  const bytes = data.subarray(entry.start, entry.end);
  return { name, bytes, origin: `@mediapipe/hands/${PACKED_DATA}#${entry.start}-${entry.end}`, sha256: sha256(bytes) };
}

/** A .tflite file given by path. */
export function loadModelFile(path: string): ModelSource {
  const bytes = readFileOrFail(path);
  return { name: basename(path).replace(/\.tflite$/i, ''), bytes, origin: path, sha256: sha256(bytes) };
}

function readFileOrFail(path: string): Uint8Array {
  try {
    return readFileSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UserError(`cannot read ${path}${code ? ` (${code})` : ''}`);
  }
}
