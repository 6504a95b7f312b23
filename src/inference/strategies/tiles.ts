// Strategy `tiles`: the whole frame in overlapping zoomed tiles, plus the full frame (MediaPipe's
// own search) unless turned off. For hands too small for full-frame detection anywhere in view.
import type { DetectionStrategyFactory } from '../detection.js';
import { fullFrameRect } from '../palm-detector.js';
import { TiledPalmSearch } from './tiled-search.js';

export const create: DetectionStrategyFactory = (palm, options) =>
  new TiledPalmSearch('tiles', palm, options.tiles, { areas: (image) => [fullFrameRect(image)] });
