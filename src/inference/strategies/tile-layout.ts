// Where the tiles go: square tiles of one size covering a rectangle, neighbours overlapping.
// Pure maths, in frame pixels.
import type { Box } from '../../types.js';

/**
 * Starts of `side`-long segments covering [start, start + length] with neighbours overlapping by
 * at least `minOverlap` × side, spread evenly so the first starts at `start` and the last ends at
 * the far end. A span no longer than one tile gets one tile centred on it.
 */
export function segmentStarts(start: number, length: number, side: number, minOverlap: number): number[] {
  if (!(side > 0)) throw new Error(`tile side must be positive, got ${side}`);
  if (!(minOverlap >= 0 && minOverlap < 1)) throw new Error(`tile overlap must be in [0, 1), got ${minOverlap}`);
  if (length <= side) return [start + (length - side) / 2];
  // Float slack so that an exact fit (e.g. 3 tiles of 64 over 160 at overlap 0.25) is not given a 4th tile.
  const count = Math.ceil((length - side) / (side * (1 - minOverlap)) - 1e-9) + 1;
  const step = (length - side) / (count - 1);
  return Array.from({ length: count }, (_, i) => start + i * step);
}

/** Square tiles of `side` pixels covering `area`, row by row from the top left. */
export function tileLayout(area: Box, side: number, minOverlap: number): Box[] {
  const xs = segmentStarts(area.xMin, area.width, side, minOverlap);
  const ys = segmentStarts(area.yMin, area.height, side, minOverlap);
  return ys.flatMap((yMin) => xs.map((xMin) => ({ xMin, yMin, width: side, height: side })));
}

/** Where two boxes overlap, or undefined when they do not. */
export function intersectBoxes(a: Box, b: Box): Box | undefined {
  const xMin = Math.max(a.xMin, b.xMin);
  const yMin = Math.max(a.yMin, b.yMin);
  const xMax = Math.min(a.xMin + a.width, b.xMin + b.width);
  const yMax = Math.min(a.yMin + a.height, b.yMin + b.height);
  return xMax > xMin && yMax > yMin ? { xMin, yMin, width: xMax - xMin, height: yMax - yMin } : undefined;
}
