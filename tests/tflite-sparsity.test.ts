// Densifying TFLite sparse constants on hand-computed matrices (CSR, CSC, block-sparse) and on
// malformed sparsity metadata, which must be refused rather than written out of bounds.
import { describe, expect, it } from 'vitest';
import { densify, MAX_DENSE_BYTES, SparsityError, type SparsityParameters } from '../src/convert/sparsity.js';
import { seededRandom } from '../src/util/random.js';

const bytes = (values: number[]) => new Uint8Array(Float32Array.from(values).buffer);
const floats = (data: Uint8Array) => Array.from(new Float32Array(new Uint8Array(data).buffer));
const dense = (size: number) => ({ format: 'DENSE' as const, denseSize: size });
const csr = (segments: number[], indices: number[]) => ({ format: 'SPARSE_CSR' as const, denseSize: 0, segments, indices });

// [[1 0 0 2]
//  [0 0 0 0]
//  [0 3 4 0]
//  [5 0 0 6]]
const matrix = [1, 0, 0, 2, 0, 0, 0, 0, 0, 3, 4, 0, 5, 0, 0, 6];

describe('densify', () => {
  it('a 4x4 matrix in CSR (rows dense, columns compressed)', () => {
    const sparsity: SparsityParameters = {
      traversalOrder: [0, 1],
      blockMap: [],
      dimMetadata: [dense(4), csr([0, 2, 2, 4, 6], [0, 3, 1, 2, 0, 3])],
    };
    expect(floats(densify(bytes([1, 2, 3, 4, 5, 6]), 4, [4, 4], sparsity))).toEqual(matrix);
  });

  it('the same matrix column-major (CSC: traversal order [1, 0])', () => {
    const sparsity: SparsityParameters = {
      traversalOrder: [1, 0],
      blockMap: [],
      dimMetadata: [dense(4), csr([0, 2, 3, 4, 6], [0, 3, 2, 2, 0, 3])],
    };
    expect(floats(densify(bytes([1, 5, 3, 4, 2, 6]), 4, [4, 4], sparsity))).toEqual(matrix);
  });

  it('2x2 blocks: block rows dense, block columns compressed, each kept block dense', () => {
    // [[1 2 0 0]
    //  [3 4 0 0]
    //  [0 0 0 0]
    //  [0 0 7 8]]: blocks (0,0) and (1,1) are stored, with their zeros.
    const sparsity: SparsityParameters = {
      traversalOrder: [0, 1, 2, 3],
      blockMap: [0, 1],
      dimMetadata: [dense(2), csr([0, 1, 2], [0, 1]), dense(2), dense(2)],
    };
    const values = [1, 2, 3, 4, 0, 0, 7, 8];
    expect(floats(densify(bytes(values), 4, [4, 4], sparsity))).toEqual([1, 2, 0, 0, 3, 4, 0, 0, 0, 0, 0, 0, 0, 0, 7, 8]);
  });

  it("1x4 blocks along the last axis of a 4-D float16 tensor (the pose detector's layout)", () => {
    // Shape [2, 1, 1, 8]: output channel 0 keeps input block 1 (channels 4-7), channel 1 keeps block 0.
    const sparsity: SparsityParameters = {
      traversalOrder: [0, 1, 2, 3, 4],
      blockMap: [3],
      dimMetadata: [dense(2), dense(1), dense(1), csr([0, 1, 2], [1, 0]), dense(4)],
    };
    const halves = new Uint16Array([0x3c00, 0x4000, 0x4200, 0x4400, 0xbc00, 0xc000, 0xc200, 0xc400]); // 1 2 3 4 -1 -2 -3 -4
    const out = new Uint16Array(densify(new Uint8Array(halves.buffer), 2, [2, 1, 1, 8], sparsity).buffer);
    expect(Array.from(out)).toEqual([0, 0, 0, 0, 0x3c00, 0x4000, 0x4200, 0x4400, 0xbc00, 0xc000, 0xc200, 0xc400, 0, 0, 0, 0]);
  });

  it('a fully dense description reproduces the data', () => {
    const sparsity: SparsityParameters = { traversalOrder: [0, 1], blockMap: [], dimMetadata: [dense(4), dense(4)] };
    expect(floats(densify(bytes(matrix), 4, [4, 4], sparsity))).toEqual(matrix);
  });

  it('densifies or refuses with a SparsityError every random corruption of valid metadata', () => {
    const random = seededRandom(13);
    const pick = (n: number) => Math.floor(random() * n);
    const twiddle = (v: number) => [v + 1, v - 1, 0, -1, 255, 65535, 2 ** 31 - 1][pick(7)]!;
    const base = (): SparsityParameters => ({
      traversalOrder: [0, 1, 2, 3],
      blockMap: [0, 1],
      dimMetadata: [dense(2), csr([0, 1, 2], [0, 1]), dense(2), dense(2)],
    });
    let densified = 0;
    let refused = 0;
    for (let n = 0; n < 3000; n++) {
      const s = base();
      const values = [1, 2, 3, 4, 0, 0, 7, 8];
      for (let edits = 1 + pick(3); edits > 0; edits--) {
        const lists = [s.traversalOrder, s.blockMap, s.dimMetadata[1]!.segments as number[], s.dimMetadata[1]!.indices as number[], values];
        const list = lists[pick(lists.length)]!;
        if (random() < 0.2 && list.length > 0) list.pop();
        else if (list.length > 0) {
          const k = pick(list.length);
          list[k] = twiddle(list[k]!);
        }
        if (random() < 0.2) s.dimMetadata[pick(4)]!.denseSize = twiddle(s.dimMetadata[pick(4)]!.denseSize);
      }
      try {
        // Every stored value lands in its own place inside the tensor: none dropped outside it, none overwritten.
        const out = floats(densify(bytes(values), 4, [4, 4], s));
        const sorted = (list: number[]) => list.filter((v) => v !== 0).sort((a, b) => a - b);
        expect(sorted(out)).toEqual(sorted(floats(bytes(values))));
        densified++;
      } catch (error) {
        if (!(error instanceof SparsityError)) throw error;
        refused++;
      }
    }
    // Some corruptions stay valid (a changed stored value), most are caught.
    expect(densified).toBeGreaterThan(0);
    expect(refused).toBeGreaterThan(1500);
  });

  describe('refuses malformed metadata', () => {
    const good = (): SparsityParameters => ({
      traversalOrder: [0, 1],
      blockMap: [],
      dimMetadata: [dense(4), csr([0, 2, 2, 4, 6], [0, 3, 1, 2, 0, 3])],
    });
    const values = bytes([1, 2, 3, 4, 5, 6]);
    const refuse = (sparsity: SparsityParameters, pattern: RegExp, shape = [4, 4], data = values) =>
      expect(() => densify(data, 4, shape, sparsity)).toThrow(expect.objectContaining({ constructor: SparsityError, message: expect.stringMatching(pattern) }));

    it('an index outside the dimension or out of order', () => {
      refuse({ ...good(), dimMetadata: [dense(4), csr([0, 2, 2, 4, 6], [0, 4, 1, 2, 0, 3])] }, /index 4 out of order or outside 0\.\.3/);
      refuse({ ...good(), dimMetadata: [dense(4), csr([0, 2, 2, 4, 6], [3, 0, 1, 2, 0, 3])] }, /index 0 out of order/);
    });
    it('segment bounds that do not fit the parent count or the indices', () => {
      refuse({ ...good(), dimMetadata: [dense(4), csr([0, 2, 4, 6], [0, 3, 1, 2, 0, 3])] }, /4 segment bounds .* expected 5/);
      refuse({ ...good(), dimMetadata: [dense(4), csr([0, 2, 2, 4, 9], [0, 3, 1, 2, 0, 3])] }, /expected 5 from 0 to 6/);
      refuse({ ...good(), dimMetadata: [dense(4), csr([0, 2, 1, 4, 6], [0, 3, 1, 2, 0, 3])] }, /decreasing segment bounds/);
    });
    it('a value count that does not match the leaves', () => {
      refuse(good(), /describes 6 values, the buffer holds 5/, [4, 4], bytes([1, 2, 3, 4, 5]));
    });
    it('a dense size that differs from the shape', () => {
      refuse({ ...good(), dimMetadata: [dense(5), csr([0, 2, 2, 4, 6, 6], [0, 3, 1, 2, 0, 3])] }, /dense dimension 0 has size 5, expected 4/);
    });
    it('a traversal order or block map that is not a permutation or does not fit the rank', () => {
      refuse({ ...good(), traversalOrder: [0, 0] }, /traversal order \[0,0\] is not supported/);
      refuse({ ...good(), traversalOrder: [0, 1, 2] }, /3 traversal dimensions/);
      refuse({ traversalOrder: [0, 1, 2], blockMap: [2], dimMetadata: [dense(4), dense(4), dense(2)] }, /block map \[2\]/);
    });
    it('a block size that does not divide its dimension, or a compressed block', () => {
      refuse({ traversalOrder: [0, 1, 2], blockMap: [1], dimMetadata: [dense(4), dense(1), dense(3)] }, /block size 3 does not divide dimension 1/);
      refuse({ traversalOrder: [0, 1, 2], blockMap: [1], dimMetadata: [dense(4), dense(2), csr([0], [])] }, /only dense blocks/);
    });
    it('a dense size beyond the bound, before allocating it', () => {
      const huge = Math.ceil(MAX_DENSE_BYTES / 4 / 4) + 1;
      refuse({ traversalOrder: [0, 1], blockMap: [], dimMetadata: [dense(huge), csr([0], [])] }, /exceeds/, [huge, 4], new Uint8Array(0));
    });
  });
});
