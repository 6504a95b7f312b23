// Numerical verification of a conversion: the ONNX model on onnxruntime (and its OpenCV-target
// twin on OpenCV's DNN module) against the original TFLite file on TensorFlow Lite's own C
// library, on the same inputs (real image crops where the shared data is present, plus seeded
// random tensors), output by output.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { readImageFrame } from '../capture/media.js';
import { FrameImage } from '../inference/frame-image.js';
import { seededRandom } from '../util/random.js';
import type { HandRegion } from '../types.js';
import { UserError, oneLine } from '../util/errors.js';
import { installDir } from '../util/install-dir.js';
import { convertModel, type ConversionResult } from './index.js';
import { loadOpenCvModel } from './opencv-runner.js';
import { tolerance, type OutputKind } from './model-info.js';
import type { ModelSource } from './sources.js';
import { TfliteInterpreter } from '../inference/tflite-runtime.js';

export interface VerificationInput {
  label: string;
  data: Float32Array;
}

export interface OutputComparison {
  name: string;
  kind: OutputKind;
  maxAbsDiff: number;
  /** Largest |value| in the reference, to judge the difference against. */
  maxAbs: number;
  target: number;
  /** Input whose difference was largest. */
  worstInput: string;
  pass: boolean;
}

/** The real images' folder: the checkout's test fixtures, or GESTUREGATE_SHARED_DATA. */
export function sharedDataDir(): string {
  return process.env.GESTUREGATE_SHARED_DATA ?? join(installDir(), 'tests', 'fixtures');
}

const imageFiles = ['tfjs_two_hands.jpg', 'geaxgx_palm_input.jpg', 'three_people.jpg', 'hagrid_grid_10x5.jpg'];

/** Whether the shared images used for verification are present. */
export function hasImages(dataDir = sharedDataDir()): boolean {
  return imageFiles.every((f) => existsSync(join(dataDir, 'images', f)));
}

/** A square, axis-aligned crop region in image pixels. */
function square(xCenter: number, yCenter: number, size: number): HandRegion {
  return { xCenter, yCenter, width: size, height: size, rotation: 0 };
}

function readFrame(path: string): FrameImage {
  return new FrameImage(readImageFrame(path));
}

/**
 * Real model inputs from the shared images: whole pictures letterboxed (palm detection) or
 * square crops around hands and people (hand landmarks), at the model's input size.
 */
export function imageInputs(size: number, kind: 'palm' | 'hand', dataDir = sharedDataDir()): VerificationInput[] {
  if (!hasImages(dataDir)) return [];
  const images = join(dataDir, 'images');
  const inputs: VerificationInput[] = [];
  // Each picture decoded once (the palm inputs use all four, the grid and two-hands picture again below).
  const frames = new Map<string, FrameImage>();
  const read = (file: string): FrameImage => {
    let image = frames.get(file);
    if (!image) frames.set(file, (image = readFrame(join(images, file))));
    return image;
  };
  const add = (label: string, image: FrameImage, region: HandRegion, border: 'zero' | 'replicate') =>
    inputs.push({ label, data: image.crop(region, size, border) });
  try {
    const grid = read('hagrid_grid_10x5.jpg');
    if (kind === 'palm') {
      for (const file of imageFiles) {
        const image = read(file);
        add(file, image, square(image.width / 2, image.height / 2, Math.max(image.width, image.height)), 'zero');
      }
    } else {
      // The two hands of tfjs_two_hands.jpg (720x382): left hand around x 200, right hand around x 520.
      const twoHands = read('tfjs_two_hands.jpg');
      add('tfjs_two_hands.jpg left hand', twoHands, square(200, 191, 400), 'replicate');
      add('tfjs_two_hands.jpg right hand', twoHands, square(525, 191, 400), 'replicate');
    }
    // One cell per row of the HaGRID grid (128x128 cells, 10 by 5), at different columns.
    for (let row = 0; row < 5; row++) {
      const column = (row * 3) % 10;
      add(`hagrid_grid_10x5.jpg cell r${row}c${column}`, grid, square(column * 128 + 64, row * 128 + 64, 128), 'replicate');
    }
  } finally {
    for (const image of frames.values()) image.release();
  }
  return inputs;
}

/** Seeded uniform [0, 1) tensors: the same every run. */
export function randomInputs(shape: number[], count: number, seed = 1234): VerificationInput[] {
  const random = seededRandom(seed);
  const size = shape.reduce((a, b) => a * b, 1);
  return Array.from({ length: count }, (_, k) => ({ label: `random #${k + 1}`, data: Float32Array.from({ length: size }, random) }));
}

/** Runs a model on one NHWC float input; returns outputs by name. */
export type ModelRunner = (input: Float32Array, shape: number[]) => Promise<Map<string, Float32Array>>;

/** An onnxruntime session as a ModelRunner; release() when done. */
export async function onnxRuntimeRunner(onnxPath: string): Promise<{ run: ModelRunner; release: () => Promise<void> }> {
  const session = await ort.InferenceSession.create(onnxPath);
  return {
    run: async (input, shape) => {
      const outputs = await session.run({ [session.inputNames[0]!]: new ort.Tensor('float32', input, shape) });
      return new Map(Object.entries(outputs).map(([name, tensor]) => [name, tensor.data as Float32Array]));
    },
    release: () => session.release(),
  };
}

/**
 * Runs the TFLite original and each runner on every input and compares every output; the
 * result holds one list of comparisons per runner.
 */
export async function compareWithTflite(
  source: ModelSource,
  runners: Record<string, ModelRunner>,
  kinds: Record<string, OutputKind | undefined>,
  inputs: (shape: number[]) => VerificationInput[],
): Promise<Record<string, OutputComparison[]>> {
  const reference = new TfliteInterpreter(source.bytes);
  try {
    const [input] = reference.inputs;
    if (!input || reference.inputs.length !== 1) throw new UserError(`${source.name}: only single-input models can be verified`);
    const comparisons = Object.fromEntries(Object.keys(runners).map((r) => [r, new Map<string, OutputComparison>()]));
    for (const { label, data } of inputs(input.shape)) {
      const expected = reference.run([data]);
      for (const [runtime, run] of Object.entries(runners)) {
        const actual = await run(data, input.shape);
        for (const ref of expected) {
          const values = actual.get(ref.name);
          if (!values) throw new UserError(`${source.name}: the ${runtime} model has no output ${ref.name}`);
          if (values.length !== ref.data.length) throw new UserError(`${source.name}: ${runtime} output ${ref.name} has ${values.length} values, TFLite ${ref.data.length}`);
          const kind = kinds[ref.name] ?? 'values';
          const entry = comparisons[runtime]!.get(ref.name) ?? {
            name: ref.name, kind, maxAbsDiff: 0, maxAbs: 0, target: tolerance[kind], worstInput: label, pass: true,
          };
          for (let i = 0; i < values.length; i++) {
            const diff = Math.abs(values[i]! - ref.data[i]!);
            // NaN anywhere is a failure, never silently smaller than a target.
            if (!(diff <= entry.maxAbsDiff)) {
              entry.maxAbsDiff = Number.isNaN(diff) ? Infinity : diff;
              entry.worstInput = label;
            }
            entry.maxAbs = Math.max(entry.maxAbs, Math.abs(ref.data[i]!));
          }
          entry.pass = entry.maxAbsDiff <= entry.target;
          comparisons[runtime]!.set(ref.name, entry);
        }
      }
    }
    return Object.fromEntries(Object.entries(comparisons).map(([r, m]) => [r, [...m.values()]]));
  } finally {
    reference.close();
  }
}

/** Verification inputs for a model: real images where present, and random tensors. */
export function inputsFor(name: string, randomCount = 3, dataDir = sharedDataDir()): (shape: number[]) => VerificationInput[] {
  return (shape) => {
    const size = shape[1]!;
    const kind = name.startsWith('palm_detection') ? 'palm' : name.startsWith('hand_landmark') ? 'hand' : undefined;
    return [...(kind ? imageInputs(size, kind, dataDir) : []), ...randomInputs(shape, randomCount)];
  };
}

/**
 * Verifies every conversion against TFLite, printing a table to stdout; returns whether all
 * targets were met. Each model is also converted for OpenCV (into a temporary folder) and run by
 * OpenCV's DNN module, when OpenCV loads.
 */
export async function verifyConversions(results: { source: ModelSource; result: ConversionResult }[]): Promise<boolean> {
  let ok = true;
  const heading = `reference: TensorFlow Lite ${TfliteInterpreter.version()} C library (tfjs-tflite-node); real images from ${sharedDataDir()}${hasImages() ? '' : ' (absent: random inputs only)'}`;
  const rows = [['model', 'runtime', 'output', 'kind', 'max |diff|', 'target', 'max |value|', 'worst input', 'result']];
  const opencvDir = mkdtempSync(join(tmpdir(), 'gesturegate-opencv-'));
  try {
    for (const { source, result } of results) {
      const kinds = Object.fromEntries(result.manifest.outputs.map((o) => [o.name, o.kind]));
      const outputNames = result.manifest.outputs.map((o) => o.name);
      const runners: Record<string, ModelRunner> = {};
      const releases: (() => Promise<void>)[] = [];
      try {
        const ortRunner = await onnxRuntimeRunner(result.onnxPath);
        releases.push(ortRunner.release);
        runners.onnxruntime = ortRunner.run;
      } catch (error) {
        ok = false;
        rows.push([source.name, 'onnxruntime', '-', '-', '-', '-', '-', '-', `FAIL: cannot load (${oneLine(error)})`]);
      }
      try {
        const converted = convertModel(source, opencvDir, { target: 'opencv' });
        const model = loadOpenCvModel(converted.onnxPath, outputNames);
        runners.opencv = async (input, shape) => model.run(input, shape);
      } catch (error) {
        ok = false;
        rows.push([source.name, 'opencv', '-', '-', '-', '-', '-', '-', `FAIL: cannot load (${oneLine(error)})`]);
      }
      try {
        const results = await compareWithTflite(source, runners, kinds, inputsFor(source.name));
        for (const [runtime, comparisons] of Object.entries(results)) {
          for (const c of comparisons) {
            ok &&= c.pass;
            rows.push([source.name, runtime, c.name, c.kind, c.maxAbsDiff.toExponential(2), String(c.target), c.maxAbs.toFixed(3), c.worstInput, c.pass ? 'ok' : 'FAIL']);
          }
        }
      } finally {
        for (const release of releases) await release();
      }
    }
  } finally {
    rmSync(opencvDir, { recursive: true, force: true });
  }
  process.stdout.write(`${heading}\n${alignColumns(rows)}\n`);
  return ok;
}

/** Rows of cells as text with every column padded to its widest cell. */
export function alignColumns(rows: string[][]): string {
  const widths = rows[0]!.map((_, k) => Math.max(...rows.map((r) => (r[k] ?? '').length)));
  return rows.map((r) => r.map((cell, k) => (k === r.length - 1 ? cell : cell.padEnd(widths[k]!))).join('  ')).join('\n');
}
