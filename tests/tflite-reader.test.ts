// The hand-written TFLite reader on MediaPipe's real hand and pose models (the pose detector's
// sparse weights included), on broken files, and the packed-assets loader parsing that locates
// the models packed into the solutions' data files.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readTfliteModel } from '../src/convert/tflite-reader.js';
import { FlatBuffer } from '../src/convert/flatbuffer.js';
import { loadMediapipeModel, mediapipePackageDir, mediapipeModelNames, parsePackedLoader, sha256 } from '../src/convert/sources.js';
import { UserError } from '../src/util/errors.js';

// Operator counts and interface shapes as TFLite's own tools report them for these files.
const expected = {
  palm_detection_full: {
    ops: { DEQUANTIZE: 133, CONV_2D: 35, PRELU: 31, DEPTHWISE_CONV_2D: 28, ADD: 30, MAX_POOL_2D: 4, PAD: 3, RESIZE_BILINEAR: 2, RESHAPE: 4, CONCATENATION: 2 },
    input: [1, 192, 192, 3],
    outputs: { Identity: [1, 2016, 18], Identity_1: [1, 2016, 1] },
    tensors: 413,
  },
  palm_detection_lite: {
    ops: { DEQUANTIZE: 113, CONV_2D: 30, PRELU: 26, DEPTHWISE_CONV_2D: 23, ADD: 25, MAX_POOL_2D: 4, PAD: 3, RESIZE_BILINEAR: 2, RESHAPE: 4, CONCATENATION: 2 },
    input: [1, 192, 192, 3],
    outputs: { Identity: [1, 2016, 18], Identity_1: [1, 2016, 1] },
    tensors: 353,
  },
  hand_landmark_full: {
    ops: { DEQUANTIZE: 102, CONV_2D: 31, DEPTHWISE_CONV_2D: 16, ADD: 9, MEAN: 1, FULLY_CONNECTED: 4, LOGISTIC: 2 },
    input: [1, 224, 224, 3],
    outputs: { Identity: [1, 63], Identity_1: [1, 1], Identity_2: [1, 1], Identity_3: [1, 63] },
    tensors: 269,
  },
  hand_landmark_lite: {
    ops: { DEQUANTIZE: 102, CONV_2D: 31, DEPTHWISE_CONV_2D: 16, MAX_POOL_2D: 1, ADD: 10, MEAN: 1, FULLY_CONNECTED: 4, LOGISTIC: 2 },
    input: [1, 224, 224, 3],
    outputs: { Identity: [1, 63], Identity_1: [1, 1], Identity_2: [1, 1], Identity_3: [1, 63] },
    tensors: 271,
  },
  pose_detection: {
    ops: {
      PAD: 8,
      DEQUANTIZE: 144,
      CONV_2D: 45,
      DEPTHWISE_CONV_2D: 28,
      DENSIFY: 38,
      ADD: 15,
      DEPTH_TO_SPACE: 3,
      RESIZE_BILINEAR: 2,
      RESHAPE: 6,
      CONCATENATION: 2,
    },
    input: [1, 224, 224, 3],
    outputs: { Identity: [1, 2254, 12], Identity_1: [1, 2254, 1] },
    tensors: 442,
  },
  pose_landmark_lite: {
    ops: { PAD: 5, DEQUANTIZE: 176, CONV_2D: 54, DEPTHWISE_CONV_2D: 34, ADD: 25, RESIZE_BILINEAR: 5, MAX_POOL_2D: 2, RESHAPE: 3, LOGISTIC: 1 },
    input: [1, 256, 256, 3],
    outputs: { Identity: [1, 195], Identity_1: [1, 1], Identity_2: [1, 256, 256, 1], Identity_3: [1, 64, 64, 39], Identity_4: [1, 117] },
    tensors: 492,
  },
  pose_landmark_full: {
    ops: { PAD: 5, DEQUANTIZE: 192, CONV_2D: 58, DEPTHWISE_CONV_2D: 38, ADD: 28, RESIZE_BILINEAR: 5, MAX_POOL_2D: 2, RESHAPE: 3, LOGISTIC: 1 },
    input: [1, 256, 256, 3],
    outputs: { Identity: [1, 195], Identity_1: [1, 1], Identity_2: [1, 256, 256, 1], Identity_3: [1, 64, 64, 39], Identity_4: [1, 117] },
    tensors: 535,
  },
  pose_landmark_heavy: {
    ops: { PAD: 8, DEQUANTIZE: 396, CONV_2D: 116, DEPTHWISE_CONV_2D: 82, ADD: 73, RESIZE_BILINEAR: 5, MAX_POOL_2D: 5, RESHAPE: 3, LOGISTIC: 1 },
    input: [1, 256, 256, 3],
    outputs: { Identity: [1, 195], Identity_1: [1, 1], Identity_2: [1, 256, 256, 1], Identity_3: [1, 64, 64, 39], Identity_4: [1, 117] },
    tensors: 1098,
  },
  hand_recrop: {
    ops: { CONV_2D: 14, PRELU: 13, DEPTHWISE_CONV_2D: 19, MAX_POOL_2D: 6, PAD: 3, ADD: 6, STRIDED_SLICE: 2 },
    input: [1, 256, 256, 3],
    outputs: { output_crop: [1, 1, 1, 4] },
    tensors: 152,
  },
} as const;

describe('readTfliteModel on the MediaPipe models', () => {
  for (const name of mediapipeModelNames) {
    it(`${name}: operator counts, interface shapes, options and constants`, () => {
      const source = loadMediapipeModel(name);
      const model = readTfliteModel(source.bytes, name);
      expect(model.subgraphs).toHaveLength(1);
      const graph = model.subgraphs[0]!;
      const counts: Record<string, number> = {};
      for (const op of graph.operators) counts[op.opcode] = (counts[op.opcode] ?? 0) + 1;
      const ops: Record<string, number> = expected[name].ops;
      expect(counts).toEqual(ops);
      expect(graph.tensors).toHaveLength(expected[name].tensors);

      expect(graph.inputs.map((i) => graph.tensors[i]!.shape)).toEqual([expected[name].input]);
      expect(graph.inputs.map((i) => graph.tensors[i]!.name)).toEqual(['input_1']);
      expect(Object.fromEntries(graph.outputs.map((i) => [graph.tensors[i]!.name, graph.tensors[i]!.shape]))).toEqual(expected[name].outputs);

      // Every float16 constant is read by a DEQUANTIZE, and only there (the notes' measured fact),
      // except the pose detector's sparse ones, which a DENSIFY reads (and a DEQUANTIZE its output).
      const readers = new Map<number, string[]>();
      for (const op of graph.operators) for (const i of op.inputs) readers.set(i, [...(readers.get(i) ?? []), op.opcode]);
      const halves = graph.tensors.filter((t) => t.type === 'float16' && t.data);
      expect(halves.length).toBe(ops.DEQUANTIZE ?? 0);
      for (const t of halves) {
        expect(t.data?.length).toBe(t.shape.reduce((a, b) => a * b, 1) * 2);
        expect(readers.get(t.index)).toEqual([t.sparse ? 'DENSIFY' : 'DEQUANTIZE']);
      }
      expect(halves.filter((t) => t.sparse).length).toBe(ops.DENSIFY ?? 0);
      expect(graph.tensors.some((t) => t.quantized)).toBe(false);

      // Options decode to the schema's values.
      const conv = graph.operators.find((op) => op.opcode === 'CONV_2D')!;
      expect(conv.optionsType).toBe('Conv2DOptions');
      expect(conv.options).toMatchObject({ padding: expect.stringMatching(/^(SAME|VALID)$/), dilationW: 1, dilationH: 1 });
      expect([1, 2]).toContain(conv.options.strideW);
    });
  }

  it("densifies the pose detector's sparse weights: CSR over input channels, 3 of 4 weights zero", () => {
    const graph = readTfliteModel(loadMediapipeModel('pose_detection').bytes).subgraphs[0]!;
    const sparse = graph.tensors.filter((t) => t.sparse);
    expect(sparse).toHaveLength(38);
    const first = graph.tensors[15]!;
    expect(first).toMatchObject({ sparse: true, type: 'float16', shape: [16, 1, 1, 24] });
    // The file stores 96 float16 values (192 bytes) for the 384 weights.
    const halves = new Uint16Array(new Uint8Array(first.data!).buffer);
    expect(halves).toHaveLength(384);
    const nonzero = (h: Uint16Array) => h.filter((v) => (v & 0x7fff) !== 0).length;
    expect(nonzero(halves)).toBe(96);
    for (const t of sparse) {
      const h = new Uint16Array(new Uint8Array(t.data!).buffer);
      expect(h.length).toBe(t.shape.reduce((a, b) => a * b, 1));
      expect(nonzero(h) / h.length, t.name).toBeCloseTo(0.25, 1);
    }
  });

  it('reads the palm model options the conversion depends on', () => {
    const graph = readTfliteModel(loadMediapipeModel('palm_detection_full').bytes).subgraphs[0]!;
    const resize = graph.operators.filter((op) => op.opcode === 'RESIZE_BILINEAR');
    expect(resize.map((op) => op.options)).toEqual(Array(2).fill({ newHeight: 0, newWidth: 0, alignCorners: false, halfPixelCenters: true }));
    const pool = graph.operators.find((op) => op.opcode === 'MAX_POOL_2D')!;
    expect(pool.options).toMatchObject({ padding: 'SAME', filterW: 2, filterH: 2, strideW: 2, strideH: 2, activation: 'NONE' });
    const concat = graph.operators.filter((op) => op.opcode === 'CONCATENATION');
    expect(concat.map((op) => op.options.axis)).toEqual([1, 1]);
    const first = graph.operators.find((op) => op.opcode === 'CONV_2D')!;
    const weights = graph.tensors[first.inputs[1]!]!;
    // The first convolution's weights come from a DEQUANTIZE of a [O, 5, 5, 3] float16 constant.
    const dequantize = graph.operators.find((op) => op.outputs[0] === weights.index)!;
    expect(dequantize.opcode).toBe('DEQUANTIZE');
    expect(graph.tensors[dequantize.inputs[0]!]!.shape.slice(1)).toEqual([5, 5, 3]);
  });
});

describe('readTfliteModel on broken input', () => {
  const original = loadMediapipeModel('hand_landmark_lite').bytes;
  const refuse = (bytes: Uint8Array) => {
    try {
      readTfliteModel(bytes, 'broken.tflite');
    } catch (error) {
      expect(error).toBeInstanceOf(UserError);
      const message = (error as Error).message;
      expect(message).toMatch(/^broken\.tflite is not a valid TFLite model: \S/);
      expect(message).not.toMatch(/\n/);
      return message;
    }
    throw new Error('the broken file was accepted');
  };

  it('refuses truncated files at several lengths', () => {
    for (const length of [0, 4, 7, 8, 64, 4096, original.length >> 1, original.length - 1]) refuse(original.subarray(0, length));
  });

  it('refuses files that are not TFLite (text, a MediaPipe graph protobuf, a wrong identifier)', () => {
    expect(refuse(new TextEncoder().encode('this is a text file, not a model'))).toMatch(/file identifier/);
    const graphProto = readFileSync(join(mediapipePackageDir('hands'), 'hands.binarypb'));
    refuse(graphProto);
    const renamed = new Uint8Array(original);
    renamed.set(new TextEncoder().encode('XXXX'), 4);
    expect(refuse(renamed)).toMatch(/file identifier is "XXXX", expected "TFL3"/);
  });

  it('refuses a root offset or vector length pointing outside the file, without allocating it', () => {
    const badRoot = new Uint8Array(original);
    new DataView(badRoot.buffer).setUint32(0, 0xfffffff0, true);
    expect(refuse(badRoot)).toMatch(/outside the \d+-byte file/);

    // Make the model's subgraph vector claim 2^31 elements.
    const fb = new FlatBuffer(original);
    const root = fb.u32(0);
    const vtable = root - fb.i32(root);
    const subgraphsField = root + fb.u16(vtable + 4 + 2 * 2);
    const vector = subgraphsField + fb.u32(subgraphsField);
    const huge = new Uint8Array(original);
    new DataView(huge.buffer).setUint32(vector, 0x80000000, true);
    expect(refuse(huge)).toMatch(/claims 2147483648 elements/);
  });

  it('names an operator code index that does not exist', () => {
    // Every operator of this model uses opcode index < 8: point one at 200.
    const model = readTfliteModel(original);
    expect(model.subgraphs[0]!.operators.length).toBeGreaterThan(0);
    const fb = new FlatBuffer(original);
    const root = fb.tableAt(fb.u32(0), 'root');
    const subgraph = root.tables(2, 'subgraph')[0]!;
    const op = subgraph.tables(3, 'operator')[0]!;
    const opVtable = op.position - fb.i32(op.position);
    const fieldOffset = fb.u16(opVtable + 4);
    const broken = new Uint8Array(original);
    new DataView(broken.buffer).setUint32(op.position + fieldOffset, 200, true);
    expect(refuse(broken)).toMatch(/operator 0 uses operator code 200, but there are \d+/);
  });
});

describe('packed assets loader', () => {
  it('lists the two palm models in the real loader script, and the bytes it names are TFLite files', () => {
    const dir = mediapipePackageDir('hands');
    const script = readFileSync(join(dir, 'hands_solution_packed_assets_loader.js'), 'utf8');
    const files = parsePackedLoader(script, 'loader');
    const palm = files.filter((f) => f.filename.endsWith('.tflite'));
    expect(palm.map((f) => f.filename.split('/').pop())).toEqual(['palm_detection_full.tflite', 'palm_detection_lite.tflite']);
    for (const name of ['palm_detection_full', 'palm_detection_lite'] as const) {
      const source = loadMediapipeModel(name);
      expect(new TextDecoder().decode(source.bytes.subarray(4, 8))).toBe('TFL3');
      expect(source.sha256).toBe(sha256(source.bytes));
      expect(source.origin).toMatch(/hands_solution_packed_assets\.data#\d+-\d+$/);
    }
  });

  it('parses a loader call and refuses malformed ones', () => {
    const files = parsePackedLoader('x(); loadPackage({"files": [{"filename": "/a/b.tflite", "start": 3, "end": 10}], "remote_package_size": 10});', 'l');
    expect(files).toEqual([{ filename: '/a/b.tflite', start: 3, end: 10 }]);
    expect(() => parsePackedLoader('nothing here', 'l.js')).toThrow(/l\.js: no loadPackage/);
    expect(() => parsePackedLoader('loadPackage({"files": [', 'l.js')).toThrow(/not a complete object/);
    expect(() => parsePackedLoader('loadPackage({"files": [{"filename": "a", "start": 5, "end": 2}]})', 'l.js')).toThrow(/malformed file entry/);
  });
});
