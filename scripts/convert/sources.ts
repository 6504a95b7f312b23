// Where the MediaPipe models come from: plain .tflite files in @mediapipe/hands and
// @mediapipe/pose, and files packed into a solution's *_packed_assets.data (palm detectors,
// pose_detection, Holistic's hand_recrop) at byte ranges that the package's loader script lists
// (read from the script, never hard-coded).
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';
import { UserError } from '../../src/util/errors.js';

export interface ModelSource {
  /** Output base name, e.g. palm_detection_full. */
  name: string;
  bytes: Uint8Array;
  /** Human-readable origin: a path, or path#byte-range for packed files. */
  origin: string;
  sha256: string;
}

/** Where each MediaPipe model comes from: an npm package, and either a plain file in it or a packed-assets file. */
const catalogue = {
  palm_detection_full: { package: 'hands', packed: 'hands_solution_packed_assets' },
  palm_detection_lite: { package: 'hands', packed: 'hands_solution_packed_assets' },
  hand_landmark_full: { package: 'hands' },
  hand_landmark_lite: { package: 'hands' },
  pose_detection: { package: 'pose', packed: 'pose_solution_packed_assets' },
  pose_landmark_lite: { package: 'pose' },
  pose_landmark_full: { package: 'pose' },
  pose_landmark_heavy: { package: 'pose' },
  hand_recrop: { package: 'holistic', packed: 'holistic_solution_packed_assets' },
} as const satisfies Record<string, { package: 'hands' | 'pose' | 'holistic'; packed?: string }>;

export type MediapipeModelName = keyof typeof catalogue;
export const mediapipeModelNames = Object.keys(catalogue) as MediapipeModelName[];
/**
 * What `convert` makes without --model: all but pose_landmark_heavy (27.7 MB, about 4x the
 * compute of full; convert it with --model when wanted).
 */
export const defaultModelNames = mediapipeModelNames.filter((name) => name !== 'pose_landmark_heavy');

export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** The folder of an installed @mediapipe package (hands, pose or holistic). */
export function mediapipePackageDir(name: 'hands' | 'pose' | 'holistic'): string {
  const require = createRequire(import.meta.url);
  try {
    return dirname(require.resolve(`@mediapipe/${name}/package.json`));
  } catch {
    throw new UserError(`@mediapipe/${name} is not installed (run npm ci); it ships the models to convert`);
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

/** One of MediaPipe's models, read from its installed package (`dir` overrides the package folder). */
export function loadMediapipeModel(name: MediapipeModelName, dir?: string): ModelSource {
  const entry: { package: 'hands' | 'pose' | 'holistic'; packed?: string } = catalogue[name];
  const folder = dir ?? mediapipePackageDir(entry.package);
  const label = `@mediapipe/${entry.package}`;
  if (!entry.packed) {
    const bytes = readFileOrFail(join(folder, `${name}.tflite`));
    return { name, bytes, origin: `${label}/${name}.tflite`, sha256: sha256(bytes) };
  }
  const dataFile = `${entry.packed}.data`;
  const loaderPath = join(folder, `${entry.packed}_loader.js`);
  const files = parsePackedLoader(new TextDecoder().decode(readFileOrFail(loaderPath)), loaderPath);
  const packed = files.find((f) => basename(f.filename) === `${name}.tflite`);
  if (!packed) throw new UserError(`${loaderPath}: ${name}.tflite is not listed`);
  const data = readFileOrFail(join(folder, dataFile));
  if (packed.end > data.length) {
    throw new UserError(`${dataFile} is ${data.length} bytes, but ${name}.tflite should end at byte ${packed.end}`);
  }
  const bytes = data.subarray(packed.start, packed.end);
  return { name, bytes, origin: `${label}/${dataFile}#${packed.start}-${packed.end}`, sha256: sha256(bytes) };
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
