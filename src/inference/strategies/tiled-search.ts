// Palm search over zoomed tiles: the palm model sees each square tile resized to its input, so
// hands a few percent of the frame wide become big enough to detect. Detections from the tiles
// (and optionally the whole frame) are merged by MediaPipe's weighted NMS in frame pixels.
import type { Box, HandRegion } from '../../types.js';
import type { DetectionStrategy, StrategyResult } from '../detection.js';
import type { FrameImage } from '../frame-image.js';
import type { PalmDetection } from '../palm-decode.js';
import { fullFrameRect, suppressOverlappingPalms, type PalmDetector } from '../palm-detector.js';
import type { TilesOptions } from './options.js';
import { tileLayout } from './tile-layout.js';

/** The rectangles of a frame to cover with tiles (frame pixels); empty: search nothing but the full frame. */
export interface SearchAreas {
  areas(image: FrameImage, tracked: readonly HandRegion[]): Box[];
  /** Forget state learnt from earlier frames. */
  reset?(): void;
}

export class TiledPalmSearch implements DetectionStrategy {
  /** Next tile to search when tiles take turns (perFrame > 0). */
  private cursor = 0;

  constructor(
    readonly name: string,
    private readonly palm: PalmDetector,
    private readonly tiles: TilesOptions,
    private readonly search: SearchAreas,
  ) {}

  /** Every tile of this frame's search, before taking turns: each zoom of the pyramid in turn. */
  layout(image: FrameImage, tracked: readonly HandRegion[]): Box[] {
    const areas = this.search.areas(image, tracked);
    const sides = [this.tiles.scale, ...this.tiles.extraScales].map((scale) => this.palm.inputSize / scale);
    return sides.flatMap((side) => areas.flatMap((area) => tileLayout(area, side, this.tiles.overlap)));
  }

  reset(): void {
    this.cursor = 0;
    this.search.reset?.();
  }

  async detect(image: FrameImage, tracked: readonly HandRegion[]): Promise<StrategyResult> {
    const start = performance.now();
    const all = this.layout(image, tracked);
    const turn = this.tiles.perFrame;
    let chosen = all;
    if (turn > 0 && turn < all.length) {
      chosen = Array.from({ length: turn }, (_, i) => all[(this.cursor + i) % all.length]!);
      this.cursor = (this.cursor + turn) % all.length;
    }
    const rects = this.tiles.fullFrame ? [fullFrameRect(image), ...chosen] : chosen;
    const raw: PalmDetection[] = [];
    const minScore = this.tiles.minScore ?? this.palm.minScore;
    for (const rect of rects) raw.push(...(await this.palm.detectRaw(image, rect, minScore)));
    return {
      detections: suppressOverlappingPalms(raw),
      cost: { modelRuns: rects.length, ms: performance.now() - start },
    };
  }
}
