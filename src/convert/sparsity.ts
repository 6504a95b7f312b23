// TFLite sparse constants (the Tensor `sparsity` field) turned back into dense row-major data.
//
// A sparse tensor stores its dimensions in `traversalOrder`, each described by one entry of
// `dimMetadata`: DENSE (every index 0..denseSize-1) or SPARSE_CSR (per parent position, a segment
// [segments[p], segments[p+1]) of `indices`). Block sparsity splits original dimension
// blockMap[j] into (size / block) × block; the block dimensions come after the original ones in
// the traversal (numbered rank + j) and are always DENSE. The values are stored in traversal
// order, one per leaf. This is the algorithm of TFLite's FormatConverter::SparseToDense
// (kernels/internal/utils/sparsity_format_converter.cc), with every index and length checked so
// that malformed metadata is refused instead of writing outside the tensor.

export interface DimensionMetadata {
  format: 'DENSE' | 'SPARSE_CSR';
  /** Size of a DENSE dimension (unused for SPARSE_CSR). */
  denseSize: number;
  /** SPARSE_CSR: parent position p owns indices[segments[p] .. segments[p+1]). */
  segments?: ArrayLike<number>;
  indices?: ArrayLike<number>;
}

export interface SparsityParameters {
  traversalOrder: number[];
  blockMap: number[];
  dimMetadata: DimensionMetadata[];
}

/** The largest dense tensor densify() makes (a bound for hostile files, far above any real model's weights). */
export const MAX_DENSE_BYTES = 2 ** 28;

export class SparsityError extends Error {}

/**
 * Dense row-major bytes of a tensor of `shape` whose `elementSize`-byte values are stored sparse.
 * Positions without a value are zero bytes (0 in every numeric type, +0 in floats).
 */
export function densify(values: Uint8Array, elementSize: number, shape: readonly number[], sparsity: SparsityParameters): Uint8Array {
  const { traversalOrder, blockMap, dimMetadata } = sparsity;
  const rank = shape.length;
  const levels = rank + blockMap.length;
  if (traversalOrder.length !== levels || dimMetadata.length !== levels) {
    throw new SparsityError(
      `sparsity has ${traversalOrder.length} traversal dimensions and ${dimMetadata.length} metadata entries for rank ${rank} with ${blockMap.length} block dimensions (expected ${levels} each)`,
    );
  }
  // TFLite's converter reads the original dimensions first, then the block dimensions in order.
  const seen = new Set<number>();
  traversalOrder.forEach((d, k) => {
    const valid = k < rank ? Number.isInteger(d) && d >= 0 && d < rank : d === k;
    if (!valid || seen.has(d))
      throw new SparsityError(`traversal order [${traversalOrder}] is not supported for rank ${rank} with ${blockMap.length} block dimensions`);
    seen.add(d);
  });
  if (new Set(blockMap).size !== blockMap.length || blockMap.some((d) => !Number.isInteger(d) || d < 0 || d >= rank)) {
    throw new SparsityError(`block map [${blockMap}] is not a list of distinct dimensions below ${rank}`);
  }

  // Size of each traversal dimension: original dimensions divided by their block, then the blocks.
  const blockSizes = blockMap.map((d, j) => {
    const meta = dimMetadata[rank + j]!;
    if (meta.format !== 'DENSE') throw new SparsityError(`block dimension ${j} is ${meta.format}; only dense blocks exist`);
    if (!(meta.denseSize >= 1) || shape[d]! % meta.denseSize !== 0) {
      throw new SparsityError(`block size ${meta.denseSize} does not divide dimension ${d} of [${shape}]`);
    }
    return meta.denseSize;
  });
  const expanded = [
    ...shape.map((size, d) => {
      const j = blockMap.indexOf(d);
      return j < 0 ? size : size / blockSizes[j]!;
    }),
    ...blockSizes,
  ];

  const denseCount = shape.reduce((a, b) => a * b, 1);
  if (denseCount * elementSize > MAX_DENSE_BYTES) throw new SparsityError(`dense shape [${shape}] exceeds ${MAX_DENSE_BYTES} bytes`);
  const valueCount = values.length / elementSize;
  if (!Number.isInteger(valueCount)) throw new SparsityError(`${values.length} bytes of values are not a whole number of ${elementSize}-byte elements`);

  // Count the positions of every level (checking each segment array against its parent count),
  // so the leaf count is known to match the values before anything is written.
  let positions = 1;
  dimMetadata.forEach((meta, level) => {
    const size = expanded[traversalOrder[level]!]!;
    if (meta.format === 'DENSE') {
      if (meta.denseSize !== size) throw new SparsityError(`dense dimension ${level} has size ${meta.denseSize}, expected ${size}`);
      positions *= size;
      return;
    }
    const { segments, indices } = meta;
    if (!segments || !indices) throw new SparsityError(`sparse dimension ${level} lacks its segments or indices`);
    if (segments.length !== positions + 1 || segments[0] !== 0 || segments[positions] !== indices.length) {
      throw new SparsityError(
        `sparse dimension ${level} has ${segments.length} segment bounds from ${segments[0]} to ${segments[segments.length - 1]}, expected ${positions + 1} from 0 to ${indices.length}`,
      );
    }
    for (let p = 0; p < positions; p++) {
      const [start, end] = [segments[p]!, segments[p + 1]!];
      if (!(start <= end)) throw new SparsityError(`sparse dimension ${level} has decreasing segment bounds`);
      for (let i = start; i < end; i++) {
        const index = indices[i]!;
        if (!(index >= 0 && index < size) || (i > start && !(index > indices[i - 1]!))) {
          throw new SparsityError(`sparse dimension ${level} has index ${index} out of order or outside 0..${size - 1}`);
        }
      }
    }
    positions = indices.length;
  });
  if (positions !== valueCount) throw new SparsityError(`sparsity describes ${positions} values, the buffer holds ${valueCount}`);

  // Each traversal dimension moves the dense offset by a fixed stride: an original dimension d by
  // stride(d) × its block size (it counts blocks), block j by the stride of the dimension it splits.
  const strides = new Array<number>(rank);
  for (let d = rank - 1, s = 1; d >= 0; d--) {
    strides[d] = s;
    s *= shape[d]!;
  }
  const levelStrides = traversalOrder.map((d) => {
    if (d >= rank) return strides[blockMap[d - rank]!]!;
    const j = blockMap.indexOf(d);
    return strides[d]! * (j < 0 ? 1 : blockSizes[j]!);
  });
  const dense = new Uint8Array(denseCount * elementSize);
  let next = 0;
  const visit = (level: number, parent: number, offset: number): void => {
    if (level === levels) {
      const from = next++ * elementSize;
      const to = offset * elementSize;
      for (let b = 0; b < elementSize; b++) dense[to + b] = values[from + b]!;
      return;
    }
    const meta = dimMetadata[level]!;
    const stride = levelStrides[level]!;
    if (meta.format === 'DENSE') {
      for (let i = 0; i < meta.denseSize; i++) visit(level + 1, parent * meta.denseSize + i, offset + i * stride);
      return;
    }
    for (let i = meta.segments![parent]!; i < meta.segments![parent + 1]!; i++) visit(level + 1, i, offset + meta.indices![i]! * stride);
  };
  visit(0, 0, 0);
  return dense;
}
