// Palm search over zoomed tiles: the palm model sees each square tile resized to its input, so
// hands a few percent of the frame wide become big enough to detect. Detections from the tiles
// (and optionally the whole frame) are merged by MediaPipe's weighted NMS in frame pixels; a palm
// the whole frame finds keeps its own box.
import type { Box, HandRegion } from '../../types.js';
import type { DetectionStrategy, StrategyResult } from '../detection.js';
import type { FrameImage } from '../frame-image.js';
import type { PalmDetection } from '../palm-decode.js';
import { intersectionOverUnion } from '../nms.js';
import { fullFrameRect, PALM_NMS_IOU, suppressOverlappingPalms, type PalmDetector } from '../palm-detector.js';
import { createLogger } from '../../util/log.js';
import type { TilesOptions } from './options.js';
import { tileLayout } from './tile-layout.js';

const log = createLogger('inference.tiles');

/** The rectangles of a frame to cover with tiles (frame pixels); empty: search nothing but the full frame. */
export interface SearchAreas {
  areas(image: FrameImage, tracked: readonly HandRegion[]): Box[];
  /** Forget state learnt from earlier frames. */
  reset?(): void;
}

/**
 * Tile palms that overlap a whole-frame palm as much as weighted NMS would merge them, dropped. A hand
 * bigger than a zoomed tile is cut into fragments there, each fragment a few dozen anchors to the whole
 * frame's few, so the merge averaged the whole frame's box down to the fragments' (a waving hand's
 * 68-pixel palm became 53 pixels and the hand model no longer saw a hand in it).
 */
export function withoutWholeFramePalms(fromTiles: readonly PalmDetection[], wholeFrame: readonly PalmDetection[]): PalmDetection[] {
  return fromTiles.filter((t) => !wholeFrame.some((w) => intersectionOverUnion(w.box, t.box) > PALM_NMS_IOU));
}

export class TiledPalmSearch implements DetectionStrategy {
  /** Next tile to search when tiles take turns (perFrame > 0). */
  private cursor = 0;
  /** The frame size and growth last warned about (once, not every frame). */
  private warned = '';

  constructor(
    readonly name: string,
    private readonly palm: PalmDetector,
    private readonly tiles: TilesOptions,
    private readonly search: SearchAreas,
  ) {}

  /**
   * Every tile of this frame's search, before taking turns: each zoom of the pyramid in turn. At most
   * tiles.maxTiles: a 10000-pixel square would need 17 000 tiles at the default zoom (minutes and a
   * gigabyte), so beyond the cap every tile grows by the same factor (less zoom) until they fit.
   */
  layout(image: FrameImage, tracked: readonly HandRegion[]): Box[] {
    const areas = this.search.areas(image, tracked);
    const sides = [this.tiles.scale, ...this.tiles.extraScales].map((scale) => this.palm.inputSize / scale);
    const tile = (grow: number): Box[] => sides.flatMap((side) => areas.flatMap((area) => tileLayout(area, side * grow, this.tiles.overlap)));
    let grow = 1;
    let tiles = tile(grow);
    while (tiles.length > this.tiles.maxTiles) {
      const nextGrow = grow * Math.max(1.05, Math.sqrt(tiles.length / this.tiles.maxTiles));
      const next = tile(nextGrow);
      // Many small areas (motion) cannot shrink below one tile each.
      if (next.length >= tiles.length) break;
      [grow, tiles] = [nextGrow, next];
    }
    const key = `${image.width}x${image.height}@${grow.toFixed(2)}`;
    if (grow > 1 && key !== this.warned) {
      this.warned = key;
      log.warn('tile search capped: tiles enlarged so that small hands may be missed', {
        image: `${image.width}x${image.height}`,
        maxTiles: this.tiles.maxTiles,
        tiles: tiles.length,
        tileGrowth: Number(grow.toFixed(2)),
        hint: 'downscale the image, or raise inference.detection.tiles.maxTiles',
      });
    }
    return tiles;
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
    const minScore = this.tiles.minScore ?? this.palm.minScore;
    const wholeFrame = this.tiles.fullFrame ? suppressOverlappingPalms(await this.palm.detectRaw(image, fullFrameRect(image), minScore)) : [];
    const fromTiles: PalmDetection[] = [];
    for (const rect of chosen) fromTiles.push(...(await this.palm.detectRaw(image, rect, minScore)));
    return {
      detections: suppressOverlappingPalms([...wholeFrame, ...withoutWholeFramePalms(fromTiles, wholeFrame)]),
      cost: { modelRuns: chosen.length + (this.tiles.fullFrame ? 1 : 0), ms: performance.now() - start },
    };
  }
}
