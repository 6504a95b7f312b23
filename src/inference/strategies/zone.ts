// Strategy `zone`: zoomed tiles only where people can be: a configured rectangle (the doorway), or
// the parts of it that moved against the background. Plus the full frame unless turned off.
import type { Box } from '../../types.js';
import type { DetectionStrategyFactory } from '../detection.js';
import type { FrameImage } from '../frame-image.js';
import { MotionAreas } from './motion.js';
import type { ZoneOptions } from './options.js';
import { TiledPalmSearch } from './tiled-search.js';
import { intersectBoxes } from './tile-layout.js';

/** The zone rectangle in frame pixels. */
export function zoneRect(rect: ZoneOptions['rect'], frame: { width: number; height: number }): Box {
  return { xMin: rect.x * frame.width, yMin: rect.y * frame.height, width: rect.width * frame.width, height: rect.height * frame.height };
}

export const create: DetectionStrategyFactory = (palm, options) => {
  const { zone, tiles } = options;
  const motion = zone.source === 'motion' ? new MotionAreas(zone.motion) : undefined;
  const areas = (image: FrameImage): Box[] => {
    const rect = zoneRect(zone.rect, image);
    if (!motion) return [rect];
    return motion.update(image).flatMap((area) => intersectBoxes(area, rect) ?? []);
  };
  return new TiledPalmSearch('zone', palm, tiles, { areas, reset: () => motion?.reset() });
};
