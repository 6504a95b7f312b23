// Where the scene differs from its background: a running-average background of a small grey copy
// of the frame, thresholded, split into connected areas. A doorway camera is fixed, so the areas
// that changed are where people are.
import type { Box } from '../../types.js';
import { loadOpenCV } from '../../util/opencv.js';
import type { FrameImage } from '../frame-image.js';
import type { ZoneOptions } from './options.js';
import { intersectBoxes } from './tile-layout.js';

/** Width of the grey copy the background is kept at; enough for a person 100 frame pixels tall at 1280 wide. */
export const MOTION_WIDTH = 160;
/** Changed pixels take part in the background this much slower, so a person standing still is not absorbed at once. */
const FOREGROUND_RATE_FACTOR = 0.1;

/** Bounding boxes of the 8-connected areas of `mask` (width × height, non-zero = set) of at least minPixels pixels. */
export function connectedAreas(mask: Uint8Array, width: number, height: number, minPixels: number): Box[] {
  const seen = new Uint8Array(mask.length);
  const stack: number[] = [];
  const boxes: Box[] = [];
  for (let start = 0; start < mask.length; start++) {
    if (!mask[start] || seen[start]) continue;
    let count = 0;
    let x0 = width;
    let y0 = height;
    let x1 = -1;
    let y1 = -1;
    seen[start] = 1;
    stack.push(start);
    while (stack.length) {
      const i = stack.pop()!;
      const x = i % width;
      const y = (i - x) / width;
      count++;
      x0 = Math.min(x0, x);
      y0 = Math.min(y0, y);
      x1 = Math.max(x1, x);
      y1 = Math.max(y1, y);
      for (let dy = -1; dy <= 1; dy++) {
        for (let dx = -1; dx <= 1; dx++) {
          const nx = x + dx;
          const ny = y + dy;
          if (nx < 0 || ny < 0 || nx >= width || ny >= height) continue;
          const j = ny * width + nx;
          if (mask[j] && !seen[j]) {
            seen[j] = 1;
            stack.push(j);
          }
        }
      }
    }
    if (count >= minPixels) boxes.push({ xMin: x0, yMin: y0, width: x1 - x0 + 1, height: y1 - y0 + 1 });
  }
  return boxes;
}

/** Each box grown by `margin` × its size on every side. */
export function growBox(box: Box, margin: number): Box {
  const dx = box.width * margin;
  const dy = box.height * margin;
  return { xMin: box.xMin - dx, yMin: box.yMin - dy, width: box.width + 2 * dx, height: box.height + 2 * dy };
}

/** Merges overlapping boxes into their bounding boxes until none overlap. */
export function mergeOverlapping(boxes: readonly Box[]): Box[] {
  const merged = [...boxes];
  for (let changed = true; changed; ) {
    changed = false;
    for (let i = 0; i < merged.length && !changed; i++) {
      for (let j = i + 1; j < merged.length && !changed; j++) {
        const a = merged[i]!;
        const b = merged[j]!;
        if (!intersectBoxes(a, b)) continue;
        const xMin = Math.min(a.xMin, b.xMin);
        const yMin = Math.min(a.yMin, b.yMin);
        merged[i] = {
          xMin,
          yMin,
          width: Math.max(a.xMin + a.width, b.xMin + b.width) - xMin,
          height: Math.max(a.yMin + a.height, b.yMin + b.height) - yMin,
        };
        merged.splice(j, 1);
        changed = true;
      }
    }
  }
  return merged;
}

export class MotionAreas {
  private background: Float32Array | undefined;
  private size = { width: 0, height: 0 };

  constructor(private readonly options: ZoneOptions['motion']) {}

  /** Forget the background (e.g. the source reconnected or the frame size changed). */
  reset(): void {
    this.background = undefined;
  }

  /** Changed areas of this frame in frame pixels (none on the first frame), then learns the frame into the background. */
  update(image: FrameImage): Box[] {
    const cv = loadOpenCV();
    const width = MOTION_WIDTH;
    const height = Math.max(1, Math.round((image.height * MOTION_WIDTH) / image.width));
    const grey = image.image().resize(height, width, 0, 0, cv.INTER_AREA).cvtColor(cv.COLOR_BGR2GRAY).gaussianBlur(new cv.Size(3, 3), 0).getData();
    if (!this.background || this.size.width !== width || this.size.height !== height) {
      this.background = Float32Array.from(grey);
      this.size = { width, height };
      return [];
    }
    const { threshold, learningRate, minAreaFraction, margin } = this.options;
    const mask = new Uint8Array(width * height);
    const background = this.background;
    for (let i = 0; i < mask.length; i++) {
      const changed = Math.abs(grey[i]! - background[i]!) >= threshold;
      mask[i] = changed ? 1 : 0;
      const rate = changed ? learningRate * FOREGROUND_RATE_FACTOR : learningRate;
      background[i] = background[i]! + (grey[i]! - background[i]!) * rate;
    }
    const scale = image.width / width;
    const areas = connectedAreas(mask, width, height, Math.max(1, minAreaFraction * mask.length)).map((b) =>
      growBox({ xMin: b.xMin * scale, yMin: b.yMin * scale, width: b.width * scale, height: b.height * scale }, margin),
    );
    return mergeOverlapping(areas);
  }
}
