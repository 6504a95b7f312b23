// Keys of the strategies that search palms in tiles (`tiles`, `zone`): sections of
// inference.detection in the daemon's config. Defaults and the measurements behind them: docs/doorway.md.
import { z } from 'zod';

const fraction = z.number().min(0).max(1);

export const tilesOptionsSchema = z
  .object({
    scale: z
      .number()
      .min(0.25)
      .max(8)
      .default(2)
      .describe(
        'Zoom of a tile: each covers (palm model input / scale) frame pixels, e.g. 96x96 at scale 2 with the 192-pixel model (1 = tiles at the detector resolution)',
      ),
    extraScales: z
      .array(z.number().min(0.25).max(8))
      .max(4)
      .default([])
      .describe('More zooms searched as well as `scale` (a scale pyramid), each tiled the same way'),
    overlap: z
      .number()
      .min(0)
      .max(0.75)
      .default(0.25)
      .describe('Least overlap of neighbouring tiles, fraction of the tile side, so a hand cut by one tile is whole in the next'),
    maxTiles: z
      .number()
      .int()
      .min(1)
      .max(10_000)
      .default(512)
      .describe(
        'Most tiles in one search (all zooms): beyond, the tiles grow (less zoom) until they fit, so a huge image takes seconds, not minutes; a warning says so (a 1920x1080 frame at the defaults needs 405)',
      ),
    perFrame: z.number().int().min(0).default(0).describe('Tiles searched per detection run, taking turns (0 = all of them every run)'),
    minScore: z
      .number()
      .min(0)
      .max(1)
      .optional()
      .describe(
        'Palm score threshold of this search, full frame included (default: minHandDetectionConfidence); the landmark model confirms each palm with its presence score',
      ),
    fullFrame: z.boolean().default(true).describe('Also search the whole frame letterboxed, as MediaPipe does (near hands bigger than a tile)'),
    refine: z
      .boolean()
      .default(false)
      .describe(
        'Still images only (detect()): run the landmark model again on the region its first landmarks give, as tracking does on the next frame, and keep the pass with the better presence',
      ),
  })
  .strict()
  .prefault({})
  .describe('Tile search of the tiles and zone strategies');

export const zoneOptionsSchema = z
  .object({
    rect: z
      .object({
        x: fraction.default(0).describe('Left edge, fraction of the frame width'),
        y: fraction.default(0).describe('Top edge, fraction of the frame height'),
        width: fraction.default(1).describe('Fraction of the frame width'),
        height: fraction.default(1).describe('Fraction of the frame height'),
      })
      .strict()
      .prefault({})
      .refine((r) => r.width > 0 && r.height > 0, 'zone.rect must not be empty')
      .refine((r) => r.x + r.width <= 1 + 1e-9 && r.y + r.height <= 1 + 1e-9, 'zone.rect must lie inside the frame (x + width and y + height at most 1)')
      .describe('Where people appear (e.g. the doorway), in fractions of the frame'),
    source: z
      .enum(['rect', 'motion'])
      .default('rect')
      .describe('rect = tile the whole rectangle; motion = only the parts of it that differ from the background'),
    motion: z
      .object({
        threshold: z.number().min(1).max(255).default(25).describe('Grey-level difference from the background (0-255) that counts as change'),
        learningRate: fraction.default(0.05).describe('How fast the background follows the scene, per detection run'),
        minAreaFraction: fraction.default(0.0005).describe('Changed areas smaller than this fraction of the frame are noise'),
        margin: z.number().min(0).max(2).default(0.25).describe('Each changed area grows by this fraction of its size on every side before tiling'),
      })
      .strict()
      .prefault({})
      .describe('Background difference of the motion source'),
  })
  .strict()
  .prefault({})
  .describe('Where the zone strategy searches');

export type TilesOptions = z.output<typeof tilesOptionsSchema>;
export type ZoneOptions = z.output<typeof zoneOptionsSchema>;
