// Numerical verification of a conversion: the ONNX model on onnxruntime (and its OpenCV-target
// twin on OpenCV's DNN module) against the original TFLite file on TensorFlow Lite's own C
// library, on the same inputs (real image crops where the shared data is present, plus seeded
// random tensors), output by output.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { readImageFrame } from '../capture/media.js';
import { matToRawFrame } from '../capture/opencv-source.js';
import { FrameImage } from '../inference/frame-image.js';
import { clipScoreLogit, sigmoid } from '../inference/palm-decode.js';
import { seededRandom } from '../util/random.js';
import type { HandRegion } from '../types.js';
import { UserError, oneLine } from '../util/errors.js';
import { installDir } from '../util/install-dir.js';
import { loadOpenCV } from '../util/opencv.js';
import { convertModel, type ConversionResult, type Manifest } from './index.js';
import { loadOpenCvModel } from './opencv-runner.js';
import { comparedAsProbability, modelInfo, tolerance, type OutputKind } from './model-info.js';
import type { MediapipeModelName, ModelSource } from './sources.js';
import { TfliteInterpreter } from '../inference/tflite-runtime.js';

export interface VerificationInput {
  label: string;
  data: Float32Array;
}

export interface OutputComparison {
  name: string;
  /** The kind of the values compared (an interleaved output gives one comparison per kind). */
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

/** Research-only data (the handshake clips) is never in the checkout: ../shared/data beside it, or GESTUREGATE_SHARED_DATA. */
function researchDataDir(): string {
  return process.env.GESTUREGATE_SHARED_DATA ?? join(installDir(), '..', 'shared', 'data');
}

const imageFiles = ['tfjs_two_hands.jpg', 'geaxgx_palm_input.jpg', 'three_people.jpg', 'hagrid_grid_10x5.jpg'];
/** One-person clips (shared video/): a frame from each, for the pose models. */
const clipFiles = ['swipe_left_right.mp4', 'swipe_up_down.mp4', 'zoom_in_out.mp4', 'clicks.mp4', 'dndv1.mp4'];
/**
 * Two people at doorway distance (about 220 px tall) from the research-only handshake clips,
 * used where ../shared/data/handshake is present and skipped without it: frame 0 (standing
 * apart) and frame 90 (hands clasped), with each person's square region in frame pixels.
 */
const handshakeClip = {
  file: 'handshake/ut_shake_hands_set1_4_1_0.mp4',
  frames: [
    { index: 0, people: [square(68, 160, 300), square(372, 150, 300)] },
    { index: 90, people: [square(125, 150, 290), square(275, 150, 290)] },
  ],
};

/** Whether the shared images used for verification are present. */
function hasImages(dataDir = sharedDataDir()): boolean {
  return imageFiles.every((f) => existsSync(join(dataDir, 'images', f)));
}

/** A square, axis-aligned crop region in image pixels. */
function square(xCenter: number, yCenter: number, size: number): HandRegion {
  return { xCenter, yCenter, width: size, height: size, rotation: 0 };
}

function readFrame(path: string): FrameImage {
  return new FrameImage(readImageFrame(path));
}

/** Frame `index` of a video file, or undefined when the file is absent or shorter. */
function readVideoFrame(path: string, index: number): FrameImage | undefined {
  if (!existsSync(path)) return undefined;
  const capture = new (loadOpenCV().VideoCapture)(path);
  try {
    for (let k = 0; k < index; k++) capture.read().release();
    const mat = capture.read();
    return mat.empty ? undefined : new FrameImage({ index, source: path, ...matToRawFrame(mat, 0) });
  } finally {
    capture.release();
  }
}

/**
 * Which real pictures a model sees: whole frames letterboxed (palm and pose detection), square
 * crops around hands (hand landmarks, hand re-crop), or square crops around people (pose landmarks).
 */
export type InputSet = 'palm' | 'hand' | 'frame' | 'person';

/**
 * Real model inputs from the shared images (and, for the pose models, one frame of each
 * one-person clip), at the model's input size, with values in [0, 1].
 */
function imageInputs(size: number, set: InputSet, dataDir = sharedDataDir()): VerificationInput[] {
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
  const whole = (image: FrameImage) => square(image.width / 2, image.height / 2, Math.max(image.width, image.height));
  try {
    if (set === 'palm' || set === 'frame') {
      for (const file of imageFiles) add(file, read(file), whole(read(file)), 'zero');
    }
    if (set === 'frame' || set === 'person') {
      for (const file of clipFiles) {
        const clip = readVideoFrame(join(dataDir, 'video', file), 10);
        if (!clip) continue;
        frames.set(file, clip);
        // The person fills the clip's height, around its centre.
        add(`${file} frame 10`, clip, set === 'frame' ? whole(clip) : square(clip.width / 2, clip.height / 2, clip.height), 'zero');
      }
    }
    if (set === 'frame' || set === 'person') {
      for (const { index, people } of handshakeClip.frames) {
        const frame = readVideoFrame(join(researchDataDir(), handshakeClip.file), index);
        if (!frame) break;
        frames.set(`${handshakeClip.file}#${index}`, frame);
        const label = `${handshakeClip.file.split('/').pop()} frame ${index}`;
        if (set === 'frame') add(label, frame, whole(frame), 'zero');
        else people.forEach((region, k) => add(`${label} person ${k + 1}`, frame, region, 'zero'));
      }
    }
    if (set === 'person') {
      // The three people of three_people.jpg (1049x861: standing left, seated centre, standing
      // right) and the person by the door in geaxgx_palm_input.jpg (128x128).
      const people = read('three_people.jpg');
      add('three_people.jpg left person', people, square(200, 420, 840), 'zero');
      add('three_people.jpg centre person', people, square(390, 640, 520), 'zero');
      add('three_people.jpg right person', people, square(880, 470, 820), 'zero');
      add('geaxgx_palm_input.jpg person', read('geaxgx_palm_input.jpg'), square(64, 64, 128), 'zero');
      return inputs;
    }
    if (set === 'hand') {
      // The two hands of tfjs_two_hands.jpg (720x382): left hand around x 200, right hand around x 520.
      const twoHands = read('tfjs_two_hands.jpg');
      add('tfjs_two_hands.jpg left hand', twoHands, square(200, 191, 400), 'replicate');
      add('tfjs_two_hands.jpg right hand', twoHands, square(525, 191, 400), 'replicate');
    }
    // One cell per row of the HaGRID grid (128x128 cells, 10 by 5), at different columns.
    const grid = read('hagrid_grid_10x5.jpg');
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
function randomInputs(shape: number[], count: number, seed = 1234): VerificationInput[] {
  const random = seededRandom(seed);
  const size = shape.reduce((a, b) => a * b, 1);
  return Array.from({ length: count }, (_, k) => ({ label: `random #${k + 1}`, data: Float32Array.from({ length: size }, random) }));
}

/** The real pictures each model is verified on. */
const inputSets: Record<MediapipeModelName, InputSet> = {
  palm_detection_full: 'palm',
  palm_detection_lite: 'palm',
  hand_landmark_full: 'hand',
  hand_landmark_lite: 'hand',
  pose_detection: 'frame',
  pose_landmark_lite: 'person',
  pose_landmark_full: 'person',
  pose_landmark_heavy: 'person',
  hand_recrop: 'hand',
};

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
 * The kind of each output by name, from a manifest: one kind, or the repeating list of an
 * output that interleaves kinds.
 */
export function outputKinds(manifest: Manifest): Record<string, OutputKind | readonly OutputKind[] | undefined> {
  return Object.fromEntries(manifest.outputs.map((o) => [o.name, o.interleaved ?? o.kind]));
}

/**
 * Runs the TFLite original and each runner on every input and compares every output (each kind
 * of an interleaved output separately, against its own target); the result holds one list of
 * comparisons per runner.
 */
export async function compareWithTflite(
  source: ModelSource,
  runners: Record<string, ModelRunner>,
  kinds: Record<string, OutputKind | readonly OutputKind[] | undefined>,
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
          if (values.length !== ref.data.length)
            throw new UserError(`${source.name}: ${runtime} output ${ref.name} has ${values.length} values, TFLite ${ref.data.length}`);
          const declared = kinds[ref.name] ?? 'values';
          const pattern: readonly OutputKind[] = typeof declared === 'string' ? [declared] : declared;
          const entries = pattern.map((kind) => {
            const key = `${ref.name}|${kind}`;
            let entry = comparisons[runtime]!.get(key);
            if (!entry) {
              entry = { name: ref.name, kind, maxAbsDiff: 0, maxAbs: 0, target: tolerance[kind], worstInput: label, pass: true };
              comparisons[runtime]!.set(key, entry);
            }
            return entry;
          });
          for (let i = 0; i < values.length; i++) {
            const entry = entries[i % entries.length]!;
            // Heatmap and mask as probabilities; logits as MediaPipe uses them, clipped to ±100 (beyond, only
            // the float32 rounding of a large number differs: the pose detector's reach −212 on
            // tfjs_two_hands.jpg, there 1.3e-3 apart; NaN stays NaN).
            let [actualValue, expectedValue] = [values[i]!, ref.data[i]!];
            if (comparedAsProbability.has(entry.kind)) [actualValue, expectedValue] = [sigmoid(actualValue), sigmoid(expectedValue)];
            else if (entry.kind === 'logit') [actualValue, expectedValue] = [clipScoreLogit(actualValue), clipScoreLogit(expectedValue)];
            const diff = Math.abs(actualValue - expectedValue);
            // NaN anywhere is a failure, never silently smaller than a target.
            if (!(diff <= entry.maxAbsDiff)) {
              entry.maxAbsDiff = Number.isNaN(diff) ? Infinity : diff;
              entry.worstInput = label;
            }
            entry.maxAbs = Math.max(entry.maxAbs, Math.abs(expectedValue));
          }
          for (const entry of entries) entry.pass = entry.maxAbsDiff <= entry.target;
        }
      }
    }
    return Object.fromEntries(Object.entries(comparisons).map(([r, m]) => [r, [...m.values()]]));
  } finally {
    reference.close();
  }
}

/**
 * Verification inputs for a model: real images where present, and random tensors, mapped to the
 * value range the model takes (the pose detector's [-1, 1]). Other names get random tensors only.
 */
export function inputsFor(name: string, randomCount = 3, dataDir = sharedDataDir()): (shape: number[]) => VerificationInput[] {
  const known = name in inputSets ? (name as MediapipeModelName) : undefined;
  const [lo, hi] = known ? modelInfo[known].range : [0, 1];
  return (shape) => {
    const all = [...(known ? imageInputs(shape[1]!, inputSets[known], dataDir) : []), ...randomInputs(shape, randomCount)];
    return lo === 0 && hi === 1 ? all : all.map(({ label, data }) => ({ label, data: data.map((v) => lo + v * (hi - lo)) }));
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
      const kinds = outputKinds(result.manifest);
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
            rows.push([
              source.name,
              runtime,
              c.name,
              c.kind,
              c.maxAbsDiff.toExponential(2),
              String(c.target),
              c.maxAbs.toFixed(3),
              c.worstInput,
              c.pass ? 'ok' : 'FAIL',
            ]);
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
function alignColumns(rows: string[][]): string {
  const widths = rows[0]!.map((_, k) => Math.max(...rows.map((r) => (r[k] ?? '').length)));
  return rows.map((r) => r.map((cell, k) => (k === r.length - 1 ? cell : cell.padEnd(widths[k]!))).join('  ')).join('\n');
}
