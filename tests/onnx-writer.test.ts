// The ONNX writer and graph builder, checked by loading what they write into onnxruntime.
import { describe, expect, it } from 'vitest';
import * as ort from 'onnxruntime-node';
import { GraphBuilder, float } from '../src/onnx/index.js';
import { ProtoWriter } from '../src/onnx/protobuf.js';

async function session(bytes: Uint8Array): Promise<ort.InferenceSession> {
  return ort.InferenceSession.create(bytes);
}

describe('ProtoWriter', () => {
  it('encodes varints, negative int64s, floats and nested messages as the wire format says', () => {
    const w = new ProtoWriter();
    w.varint(1, 300)
      .varint(2, -1)
      .float(3, 1.5)
      .message(4, (m) => m.string(1, 'hi'));
    expect(Array.from(w.finish())).toEqual([
      0x08,
      0xac,
      0x02, // field 1 varint 300
      0x10,
      0xff,
      0xff,
      0xff,
      0xff,
      0xff,
      0xff,
      0xff,
      0xff,
      0xff,
      0x01, // field 2 varint -1 (10 bytes)
      0x1d,
      0x00,
      0x00,
      0xc0,
      0x3f, // field 3 fixed32 1.5
      0x22,
      0x04,
      0x0a,
      0x02,
      0x68,
      0x69, // field 4 message { field 1 "hi" }
    ]);
  });
});

describe('GraphBuilder', () => {
  it('writes a Dense + Softmax model that onnxruntime runs with the expected numbers', async () => {
    const g = new GraphBuilder('dense');
    const x = g.input('x', 'float32', ['batch', 3]);
    const w = g.float32s('w', [1, 0, 0, 1, 1, -1], [3, 2]);
    const b = g.float32s('b', [0.5, -0.5]);
    const logits = g.op('Add', [g.op('MatMul', [x, w]), b]);
    g.node('Softmax', [logits], { axis: -1 }, { outputs: ['probs'] });
    g.output('probs', 'float32', ['batch', 2]);
    const bytes = g.toModel({ opset: 13, producerName: 'test', producerVersion: '0' });

    const s = await session(bytes);
    const input = new ort.Tensor('float32', Float32Array.from([1, 2, 3, 0, 0, 0]), [2, 3]);
    const out = (await s.run({ x: input })).probs!;
    expect(out.dims).toEqual([2, 2]);
    const expectRow = (l0: number, l1: number) => [1 / (1 + Math.exp(l1 - l0)), 1 / (1 + Math.exp(l0 - l1))];
    const want = [...expectRow(1 + 3 + 0.5, 2 - 3 - 0.5), ...expectRow(0.5, -0.5)];
    Array.from(out.data as Float32Array).forEach((v, i) => expect(v).toBeCloseTo(want[i]!, 5));
  });

  it('sorts nodes added out of order, keeps float16 initializers and float attributes', async () => {
    const g = new GraphBuilder('order');
    const x = g.input('x', 'float32', [2]);
    // The consumer is added before its producer: build() must reorder them.
    const scaled = g.uniqueName('scaled');
    g.node('LeakyRelu', [scaled], { alpha: float(2) }, { outputs: ['y'] });
    const half = g.initializer('half', 'float16', [2], Uint16Array.from([0x3c00, 0xc000])); // 1.0, -2.0
    g.node('Mul', [x, g.op('Cast', [half], { to: 1 })], {}, { outputs: [scaled] });
    g.output('y', 'float32', [2]);
    const graph = g.build();
    expect(graph.nodes.map((n) => n.opType)).toEqual(['Cast', 'Mul', 'LeakyRelu']);

    const s = await session(g.toModel({ opset: 13, producerName: 'test', producerVersion: '0' }));
    const out = (await s.run({ x: new ort.Tensor('float32', Float32Array.from([3, 4]), [2]) })).y!;
    // 3*1 = 3 stays; 4*-2 = -8 is scaled by alpha 2.
    expect(Array.from(out.data as Float32Array)).toEqual([3, -16]);
  });

  it('refuses undefined inputs, cycles and duplicate names', () => {
    const undefinedInput = new GraphBuilder('bad');
    undefinedInput.op('Relu', ['nowhere']);
    expect(() => undefinedInput.build()).toThrow(/reads nowhere, which nothing defines/);

    const cycle = new GraphBuilder('cycle');
    cycle.node('Relu', ['b'], {}, { outputs: ['a'] });
    cycle.node('Relu', ['a'], {}, { outputs: ['b'] });
    expect(() => cycle.build()).toThrow(/cycle/);

    const dup = new GraphBuilder('dup');
    dup.input('x', 'float32', [1]);
    expect(() => dup.node('Relu', ['x'], {}, { outputs: ['x'] })).toThrow(/already used/);
    expect(() => dup.initializer('w', 'float32', [2], new Float32Array(3))).toThrow(/3 values for dims \[2\]/);
  });

  it('writes tensor attributes (Constant) and runs a 1-D convolution', async () => {
    const g = new GraphBuilder('conv1d');
    const x = g.input('x', 'float32', [1, 1, 4]);
    const w = g.op('Constant', [], { value: { name: 'w', type: 'float32', dims: [1, 1, 2], data: Float32Array.from([1, -1]) } });
    g.node('Conv', [x, w], { kernel_shape: [2], pads: [0, 0] }, { outputs: ['y'] });
    g.output('y', 'float32', [1, 1, 3]);
    const s = await session(g.toModel({ opset: 13, producerName: 'test', producerVersion: '0' }));
    const out = (await s.run({ x: new ort.Tensor('float32', Float32Array.from([1, 4, 9, 16]), [1, 1, 4]) })).y!;
    expect(Array.from(out.data as Float32Array)).toEqual([-3, -5, -7]);
  });

  it('writes int64 shapes with negative values (Reshape -1)', async () => {
    const g = new GraphBuilder('reshape');
    const x = g.input('x', 'float32', [2, 3]);
    g.node('Reshape', [x, g.int64s('shape', [-1])], {}, { outputs: ['flat'] });
    g.output('flat', 'float32', [6]);
    const s = await session(g.toModel({ opset: 13, producerName: 'test', producerVersion: '0', metadata: { k: 'v' } }));
    const out = (await s.run({ x: new ort.Tensor('float32', new Float32Array(6).fill(1), [2, 3]) })).flat!;
    expect(out.dims).toEqual([6]);
  });
});
