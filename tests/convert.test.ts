// The converted hand and pose models against TensorFlow Lite itself (the 2.9 C library) on real
// image crops, with onnxruntime and with OpenCV's DNN module; manifests; unsupported operators.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { convertModel, defaultModelNames, loadMediapipeModel, readTfliteModel } from '../src/convert/index.js';
import { CONVERTER_VERSION } from '../src/convert/manifest.js';
import { loadOpenCvModel } from '../src/convert/opencv-runner.js';
import { tfliteToOnnx } from '../src/convert/tflite-to-onnx.js';
import { compareWithTflite, inputsFor, onnxRuntimeRunner, outputKinds, type ModelRunner } from '../src/convert/verify.js';
import { paddingFor, permuteBytes, windowOutputSize } from '../src/convert/layout.js';
import { UserError } from '../src/util/errors.js';
import { replaceOperator } from './support/tflite-patch.js';
import { fixturesDir, repoRoot } from './support/shared-data.js';

const modelDir = join(repoRoot, 'models/onnx');
const scratch = mkdtempSync(join(tmpdir(), 'gesturegate-convert-test-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function installedModel(name: string): string {
  const path = join(modelDir, `${name}.onnx`);
  try {
    readFileSync(join(modelDir, `${name}.json`));
  } catch {
    throw new Error(`${path} is missing: run \`npm run build && node dist/src/cli.js convert\` first`);
  }
  return path;
}

describe('converted models against TFLite on real images', () => {
  for (const name of defaultModelNames) {
    it(`${name}: onnxruntime and OpenCV DNN outputs match TFLite within the targets`, async () => {
      const source = loadMediapipeModel(name);
      const onnxPath = installedModel(name);
      const manifest = JSON.parse(readFileSync(join(modelDir, `${name}.json`), 'utf8'));
      expect(manifest.source.sha256).toBe(source.sha256);
      const kinds = outputKinds(manifest);

      const ort = await onnxRuntimeRunner(onnxPath);
      const opencvFile = convertModel(source, join(scratch, 'opencv'), { target: 'opencv' });
      const opencv = loadOpenCvModel(opencvFile.onnxPath, Object.keys(kinds));
      const runners: Record<string, ModelRunner> = { onnxruntime: ort.run, opencv: async (x, shape) => opencv.run(x, shape) };
      // Four real inputs (the full set runs in `convert --verify`) and one random tensor.
      const all = inputsFor(name, 1, fixturesDir);
      const inputs = (shape: number[]) => {
        const list = all(shape);
        return [...list.slice(0, 4), list[list.length - 1]!];
      };
      const shape: number[] = manifest.input.shape;
      try {
        const results = await compareWithTflite(source, runners, kinds, inputs);
        for (const [runtime, comparisons] of Object.entries(results)) {
          expect([...new Set(comparisons.map((c) => c.name))].sort(), runtime).toEqual(Object.keys(kinds).sort());
          for (const c of comparisons) {
            expect(c.maxAbsDiff, `${runtime} ${c.name} (${c.kind}) worst on ${c.worstInput}`).toBeLessThanOrEqual(c.target);
            // The outputs carry signal: a model returning zeros would also "match" zeros.
            expect(c.maxAbs, `${runtime} ${c.name}`).toBeGreaterThan(0.01);
          }
        }
        // Real pictures, so the models must also say what they show: a hand is present in the first
        // landmark crop (the left hand of tfjs_two_hands.jpg) and some palm anchor fires on that
        // picture; no person anchor fires on it, one does on three_people.jpg; a person is present in
        // the first pose crop (swipe_left_right.mp4); the re-crop centre lies inside its crop.
        const real = inputs(shape);
        const out = async (label: string) => ort.run(real.find((x) => x.label === label)!.data, shape);
        const first = await ort.run(real[0]!.data, shape);
        if (name.startsWith('palm')) expect(Math.max(...first.get('Identity_1')!)).toBeGreaterThan(0);
        else if (name === 'pose_detection') {
          expect(Math.max(...first.get('Identity_1')!), real[0]!.label).toBeLessThan(0);
          expect(Math.max(...(await out('three_people.jpg')).get('Identity_1')!)).toBeGreaterThan(0);
        } else if (name === 'hand_recrop') {
          const [x, y] = first.get('output_crop')!;
          expect(
            [x, y].every((v) => v! > 0 && v! < shape[1]!),
            `centre ${x}, ${y}`,
          ).toBe(true);
        } else expect(first.get('Identity_1')![0], real[0]!.label).toBeGreaterThan(0.5);
      } finally {
        await ort.release();
      }
    });
  }
});

describe('layout helpers', () => {
  it('pads SAME like TFLite: the odd pixel at the end', () => {
    expect(paddingFor('SAME', 192, 5, 2)).toEqual([1, 2]);
    expect(paddingFor('SAME', 224, 3, 2)).toEqual([0, 1]);
    expect(paddingFor('SAME', 24, 3, 1)).toEqual([1, 1]);
    expect(paddingFor('SAME', 12, 3, 1, 2)).toEqual([2, 2]);
    expect(paddingFor('VALID', 224, 2, 2)).toEqual([0, 0]);
    expect(windowOutputSize('SAME', 193, 3, 2)).toBe(97);
    expect(windowOutputSize('VALID', 7, 3, 2)).toBe(3);
  });

  it('permutes OHWI weights to OIHW', () => {
    // O=2, H=1, W=2, I=3: value = o*100 + w*10 + i.
    const ohwi = Int32Array.from([0, 1, 2, 10, 11, 12, 100, 101, 102, 110, 111, 112]);
    const out = permuteBytes(new Uint8Array(ohwi.buffer), [2, 1, 2, 3], 4, [0, 3, 1, 2]);
    expect(Array.from(new Int32Array(out.buffer, out.byteOffset, 12))).toEqual([0, 10, 1, 11, 2, 12, 100, 110, 101, 111, 102, 112]);
  });
});

describe('compareWithTflite', () => {
  it('fails an output that is off by more than its target, and treats NaN as a failure', async () => {
    const source = loadMediapipeModel('hand_landmark_lite');
    const ort = await onnxRuntimeRunner(installedModel('hand_landmark_lite'));
    const shift =
      (output: string, by: number): ModelRunner =>
      async (x, shape) => {
        const out = await ort.run(x, shape);
        out.set(
          output,
          out.get(output)!.map((v, i) => (i === 0 ? v + by : v)),
        );
        return out;
      };
    const kinds = { Identity: 'pixels', Identity_1: 'score', Identity_2: 'score', Identity_3: 'metres' } as const;
    try {
      const results = await compareWithTflite(
        source,
        { exact: ort.run, landmarksOff: shift('Identity', 0.06), presenceNaN: shift('Identity_1', NaN) },
        kinds,
        inputsFor('random', 1),
      );
      const verdict = (runtime: string) => Object.fromEntries(results[runtime]!.map((c) => [c.name, c.pass]));
      expect(verdict('exact')).toEqual({ Identity: true, Identity_1: true, Identity_2: true, Identity_3: true });
      expect(verdict('landmarksOff')).toMatchObject({ Identity: false, Identity_1: true });
      expect(results.landmarksOff!.find((c) => c.name === 'Identity')!.maxAbsDiff).toBeGreaterThan(0.05);
      expect(verdict('presenceNaN')).toMatchObject({ Identity: true, Identity_1: false });
      expect(results.presenceNaN!.find((c) => c.name === 'Identity_1')!.maxAbsDiff).toBe(Infinity);
    } finally {
      await ort.release();
    }
  });
});

describe('convertModel', () => {
  it('writes a manifest, skips an up-to-date model and reconverts when the source changes', () => {
    const out = join(scratch, 'manifest');
    const source = loadMediapipeModel('hand_landmark_lite');
    const first = convertModel(source, out);
    expect(first.converted).toBe(true);
    const manifest = JSON.parse(readFileSync(first.manifestPath, 'utf8'));
    expect(manifest).toMatchObject({
      model: 'hand_landmark_lite',
      file: 'hand_landmark_lite.onnx',
      source: { origin: '@mediapipe/hands/hand_landmark_lite.tflite', sha256: source.sha256, bytes: source.bytes.length },
      converter: { version: CONVERTER_VERSION, opset: 13, target: 'onnxruntime' },
      input: { name: 'input_1', shape: [1, 224, 224, 3], layout: 'NHWC', range: [0, 1] },
    });
    expect(manifest.outputs.map((o: { name: string; kind: string }) => `${o.name}:${o.kind}`)).toEqual([
      'Identity:pixels',
      'Identity_1:score',
      'Identity_2:score',
      'Identity_3:metres',
    ]);
    // Float16 weights stay float16: the ONNX file is about the size of the TFLite file.
    const onnxSize = readFileSync(first.onnxPath).length;
    expect(onnxSize).toBeLessThan(source.bytes.length * 1.1);

    expect(convertModel(source, out).converted).toBe(false);
    expect(convertModel(source, out, { force: true }).converted).toBe(true);
    expect(convertModel({ ...source, sha256: 'different' }, out).converted).toBe(true);
    // A damaged ONNX file is not "up to date" either.
    writeFileSync(first.onnxPath, 'damaged');
    expect(convertModel(source, out).converted).toBe(true);
    // The OpenCV target widens the weights to float32: about twice the size.
    const opencv = convertModel(source, join(scratch, 'opencv-size'), { target: 'opencv' });
    expect(readFileSync(opencv.onnxPath).length).toBeGreaterThan(onnxSize * 1.8);
  });

  // The MediaPipe models use only some of the mapped operators; the others are checked against TFLite
  // by swapping them into a real model (same arity and options), which TFLite then runs too.
  for (const [from, to] of [
    ['LOGISTIC', 'TANH'],
    ['LOGISTIC', 'RELU'],
    ['LOGISTIC', 'RELU6'],
    ['MAX_POOL_2D', 'AVERAGE_POOL_2D'],
  ]) {
    it(`maps ${to} like TFLite runs it (${from} swapped for ${to} in hand_landmark_lite)`, async () => {
      const original = loadMediapipeModel('hand_landmark_lite');
      const bytes = replaceOperator(original.bytes, from!, to!);
      const source = { ...original, name: `patched_${to}`, bytes, sha256: 'patched' };
      const converted = convertModel(source, join(scratch, 'patched'));
      expect(converted.manifest.operators[to!]).toBeGreaterThan(0);
      const ort = await onnxRuntimeRunner(converted.onnxPath);
      try {
        const kinds = { Identity: 'values', Identity_1: 'values', Identity_2: 'values', Identity_3: 'values' } as const;
        const results = await compareWithTflite(source, { onnxruntime: ort.run }, kinds, inputsFor('random', 2));
        for (const c of results.onnxruntime!) {
          // Swapped models compute other numbers (some large): compare relative to their size.
          expect(c.maxAbsDiff, `${c.name}: max |value| ${c.maxAbs}`).toBeLessThanOrEqual(1e-5 * Math.max(1, c.maxAbs));
        }
      } finally {
        await ort.release();
      }
    });
  }

  it('refuses an unsupported operator by name', () => {
    const bytes = replaceOperator(loadMediapipeModel('hand_landmark_lite').bytes, 'LOGISTIC', 'SQUEEZE');
    const model = readTfliteModel(bytes, 'patched.tflite');
    expect(() => tfliteToOnnx(model, { source: 'patched.tflite', producerVersion: 'test' })).toThrow(UserError);
    expect(() => tfliteToOnnx(model, { source: 'patched.tflite', producerVersion: 'test' })).toThrow(
      /^patched\.tflite: unsupported TFLite operator SQUEEZE \(operator \d+\)/,
    );
  });
});
