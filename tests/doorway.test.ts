// Doorway detection strategies: tile layout maths, motion areas, and the tiled search on real
// photos with the real converted models.
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildScenes, GEAXGX_HANDS, GEAXGX_FILE, GRID_FILE } from '../bench/doorway/scenes.js';
import { handCentre, GEAXGX_MATCH_PX } from '../bench/doorway/score.js';
import { FrameImage } from '../src/inference/frame-image.js';
import { HandLandmarker } from '../src/inference/hand-landmarker.js';
import { intersectionOverUnion } from '../src/inference/nms.js';
import { inferenceOptionsSchema, type InferenceOptionsInput } from '../src/inference/options.js';
import { boxOfPoints } from '../src/inference/region.js';
import { connectedAreas, growBox, mergeOverlapping, MotionAreas } from '../src/inference/strategies/motion.js';
import { zoneOptionsSchema } from '../src/inference/strategies/options.js';
import { intersectBoxes, segmentStarts, tileLayout } from '../src/inference/strategies/tile-layout.js';
import { create as createTiles } from '../src/inference/strategies/tiles.js';
import { TiledPalmSearch } from '../src/inference/strategies/tiled-search.js';
import { zoneRect } from '../src/inference/strategies/zone.js';
import type { PalmDetector } from '../src/inference/palm-detector.js';
import type { Box, Frame } from '../src/types.js';
import { loadOpenCV } from '../src/util/opencv.js';
import { setLogSink } from '../src/util/log.js';
import { hasSharedData, sharedData, sharedDataMissing } from './support/shared-data.js';

setLogSink(() => undefined);

describe('tile layout', () => {
  it('spreads tiles evenly from edge to edge with at least the overlap asked for', () => {
    // 128 px, 64 px tiles, overlap ≥ 16 px: (128 - 64) / 48 = 1.33 → 2 steps of 32.
    expect(segmentStarts(0, 128, 64, 0.25)).toEqual([0, 32, 64]);
    // 1280 px, 192 px tiles: (1280 - 192) / 144 = 7.56 → 8 steps of 136 (overlap 56 ≥ 48).
    expect(segmentStarts(0, 1280, 192, 0.25)).toEqual([0, 136, 272, 408, 544, 680, 816, 952, 1088]);
    // An exact fit takes no extra tile: (160 - 64) / 48 = 2 steps of 48.
    expect(segmentStarts(0, 160, 64, 0.25)).toEqual([0, 48, 96]);
    // No overlap asked: 3 tiles of 100 over 300 px.
    expect(segmentStarts(50, 300, 100, 0)).toEqual([50, 150, 250]);
  });

  it('centres one tile on a span shorter than a tile', () => {
    expect(segmentStarts(10, 50, 64, 0.25)).toEqual([3]);
    expect(segmentStarts(0, 64, 64, 0.25)).toEqual([0]);
  });

  it('covers a rectangle row by row', () => {
    const tiles = tileLayout({ xMin: 0, yMin: 0, width: 128, height: 96 }, 64, 0.25);
    // x: 0, 32, 64; y: (96 - 64) / 48 = 0.67 → 0, 32.
    expect(tiles).toHaveLength(6);
    expect(tiles[0]).toEqual({ xMin: 0, yMin: 0, width: 64, height: 64 });
    expect(tiles[2]).toEqual({ xMin: 64, yMin: 0, width: 64, height: 64 });
    expect(tiles[5]).toEqual({ xMin: 64, yMin: 32, width: 64, height: 64 });
  });

  it('rejects a tile side or overlap that cannot tile', () => {
    expect(() => segmentStarts(0, 100, 0, 0.25)).toThrow(/side/);
    expect(() => segmentStarts(0, 100, 10, 1)).toThrow(/overlap/);
  });

  it('intersects boxes and maps the zone to pixels', () => {
    expect(intersectBoxes({ xMin: 0, yMin: 0, width: 10, height: 10 }, { xMin: 5, yMin: 8, width: 10, height: 10 })).toEqual({
      xMin: 5,
      yMin: 8,
      width: 5,
      height: 2,
    });
    expect(intersectBoxes({ xMin: 0, yMin: 0, width: 10, height: 10 }, { xMin: 10, yMin: 0, width: 5, height: 5 })).toBeUndefined();
    expect(zoneRect({ x: 0.25, y: 0.5, width: 0.5, height: 0.5 }, { width: 1280, height: 720 })).toEqual({ xMin: 320, yMin: 360, width: 640, height: 360 });
  });
});

describe('tiled search', () => {
  it('searches the full frame and every tile, or the tiles in turns', async () => {
    const searched: Box[] = [];
    const palm = { inputSize: 192, minScore: 0.5, detectRaw: async (_image: FrameImage, rect: Box) => (searched.push(rect), []) } as unknown as PalmDetector;
    const image = { width: 128, height: 128 } as FrameImage;
    const area = { areas: () => [{ xMin: 0, yMin: 0, width: 128, height: 128 }] };
    // Scale 3: 64-pixel tiles, 3 x 3 of them over 128 x 128.
    const all = new TiledPalmSearch(
      'tiles',
      palm,
      { scale: 3, extraScales: [], overlap: 0.25, maxTiles: 400, perFrame: 0, fullFrame: true, refine: false },
      area,
    );
    expect((await all.detect(image, [])).cost.modelRuns).toBe(10);
    expect(searched[0]).toEqual({ xMin: 0, yMin: 0, width: 128, height: 128 });
    expect(searched.slice(1).map((t) => [t.xMin, t.yMin])).toEqual([
      [0, 0],
      [32, 0],
      [64, 0],
      [0, 32],
      [32, 32],
      [64, 32],
      [0, 64],
      [32, 64],
      [64, 64],
    ]);

    searched.length = 0;
    const turns = new TiledPalmSearch(
      'tiles',
      palm,
      { scale: 3, extraScales: [], overlap: 0.25, maxTiles: 400, perFrame: 4, fullFrame: false, refine: false },
      area,
    );
    for (let i = 0; i < 3; i++) expect((await turns.detect(image, [])).cost.modelRuns).toBe(4);
    const order = searched.map((t) => [t.xMin, t.yMin]);
    // Tiles 0-3, 4-7, then 8 and around again to 0-2.
    expect(order.slice(8)).toEqual([
      [64, 64],
      [0, 0],
      [32, 0],
      [64, 0],
    ]);
    expect(new Set(order.map(String)).size).toBe(9);
  });

  it("keeps the whole frame's palm box where tile pieces of the same hand outnumber it", async () => {
    // three_people.jpg's waving hand: the whole frame's 68-pixel palm, and many anchors on a 52-pixel
    // piece of it in a tile; the weighted mean of them all was a 53-pixel palm the hand model refused.
    const whole = { score: 0.978, box: { xMin: 559, yMin: 30, width: 68, height: 68 }, keypoints: [] };
    const piece = { score: 0.977, box: { xMin: 564, yMin: 28, width: 52, height: 52 }, keypoints: [] };
    const apart = { score: 0.7, box: { xMin: 100, yMin: 100, width: 12, height: 12 }, keypoints: [] };
    const frame = { xMin: 0, yMin: 0, width: 1049, height: 861 };
    const palm = {
      inputSize: 192,
      minScore: 0.5,
      detectRaw: async (_image: FrameImage, rect: Box) => (rect.width === frame.width ? [whole] : [...Array(30).fill(piece), apart]),
    } as unknown as PalmDetector;
    const search = new TiledPalmSearch(
      'tiles',
      palm,
      { scale: 2, extraScales: [], overlap: 0.25, maxTiles: 400, perFrame: 1, fullFrame: true, refine: false },
      { areas: () => [frame] },
    );
    const { detections } = await search.detect({ width: frame.width, height: frame.height } as FrameImage, []);
    expect(detections.map((d) => d.box)).toEqual([whole.box, apart.box]);
  });

  it('tiles each zoom of a scale pyramid', async () => {
    const searched: Box[] = [];
    const palm = { inputSize: 192, minScore: 0.5, detectRaw: async (_image: FrameImage, rect: Box) => (searched.push(rect), []) } as unknown as PalmDetector;
    const area = { areas: () => [{ xMin: 0, yMin: 0, width: 128, height: 128 }] };
    const pyramid = new TiledPalmSearch(
      'tiles',
      palm,
      { scale: 3, extraScales: [2], overlap: 0.25, maxTiles: 400, perFrame: 0, fullFrame: false, refine: false },
      area,
    );
    // 9 tiles of 64 pixels, then 96-pixel tiles: (128 - 96) / 72 → 2 x 2.
    expect((await pyramid.detect({ width: 128, height: 128 } as FrameImage, [])).cost.modelRuns).toBe(13);
    expect(searched.slice(9).map((t) => [t.xMin, t.yMin, t.width])).toEqual([
      [0, 0, 96],
      [32, 0, 96],
      [0, 32, 96],
      [32, 32, 96],
    ]);
  });
});

describe('motion areas', () => {
  it('finds 8-connected areas and drops the small ones', () => {
    // 6x4 mask: a 2x2 block at the top left, a diagonal pair at the right, a lone pixel at the bottom left.
    const mask = Uint8Array.from([1, 1, 0, 0, 0, 0, 1, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0]);
    expect(connectedAreas(mask, 6, 4, 2)).toEqual([
      { xMin: 0, yMin: 0, width: 2, height: 2 },
      { xMin: 4, yMin: 1, width: 2, height: 2 },
    ]);
    expect(connectedAreas(mask, 6, 4, 1)).toHaveLength(3);
  });

  it('grows boxes and merges overlapping ones', () => {
    expect(growBox({ xMin: 10, yMin: 20, width: 40, height: 20 }, 0.25)).toEqual({ xMin: 0, yMin: 15, width: 60, height: 30 });
    const merged = mergeOverlapping([
      { xMin: 0, yMin: 0, width: 10, height: 10 },
      { xMin: 50, yMin: 50, width: 5, height: 5 },
      { xMin: 8, yMin: 8, width: 10, height: 10 },
    ]);
    expect(merged).toEqual([
      { xMin: 0, yMin: 0, width: 18, height: 18 },
      { xMin: 50, yMin: 50, width: 5, height: 5 },
    ]);
  });

  it('rejects a zone outside the frame', () => {
    expect(zoneOptionsSchema.safeParse({ rect: { x: 0.5, width: 0.6 } }).success).toBe(false);
    expect(() => inferenceOptionsSchema.parse({ detection: { strategy: 'zone', zone: { rect: { y: 0.9, height: 0.2 } } } })).toThrow(/inside the frame/);
    expect(inferenceOptionsSchema.parse({ detection: { strategy: 'zone' } }).detection.zone.rect).toEqual({ x: 0, y: 0, width: 1, height: 1 });
  });
});

const haveData = hasSharedData(GRID_FILE, GEAXGX_FILE, 'images/tfjs_two_hands.jpg');

describe.skipIf(!haveData)(haveData ? 'motion on a real doorway scene' : sharedDataMissing, () => {
  it('finds the person pasted into an empty frame, and nothing else', () => {
    const scenes = buildScenes(sharedData, { placementsPerCell: 2, emptyWideFrames: 1, emptyCellFrames: 0 });
    for (const scene of scenes.filter((s) => s.kind === 'pasted').slice(0, 6)) {
      const motion = new MotionAreas(zoneOptionsSchema.parse({}).motion);
      expect(motion.update(new FrameImage(scene.empty!))).toEqual([]);
      const areas = motion.update(new FrameImage(scene.frame));
      expect(areas.length).toBeGreaterThanOrEqual(1);
      // Every changed area touches the person; together they cover most of the person's box.
      const person = scene.person!;
      for (const area of areas) expect(intersectBoxes(area, person), scene.name).toBeDefined();
      const covered = areas.reduce((sum, a) => sum + (intersectBoxes(a, person)?.width ?? 0) * (intersectBoxes(a, person)?.height ?? 0), 0);
      expect(covered / (person.width * person.height), scene.name).toBeGreaterThan(0.5);
    }
  });
});

const modelsPresent = existsSync('models/onnx/palm_detection_full.onnx') && existsSync('models/onnx/hand_landmark_full.onnx');

function imageFrame(path: string): Frame {
  const mat = loadOpenCV().imread(path);
  return { index: 0, timestampMs: 0, width: mat.cols, height: mat.rows, data: new Uint8Array(mat.getData()), source: path };
}

async function handsWith(detection: NonNullable<NonNullable<InferenceOptionsInput>['detection']>, frame: Frame, numHands = 2) {
  const landmarker = await HandLandmarker.createFromOptions({ modelDir: 'models/onnx', numHands, detection });
  try {
    return (await landmarker.detect(frame)).hands;
  } finally {
    await landmarker.close();
  }
}

describe.skipIf(!haveData)(haveData ? 'tiled palm search with the real models' : sharedDataMissing, () => {
  it('has the converted models', () => {
    expect(modelsPresent, 'models/onnx/*_full.onnx missing: run `npm run build && node dist/src/cli.js convert`').toBe(true);
  });

  it('finds a doorway hand in geaxgx_palm_input.jpg that the full-frame search misses', async () => {
    const frame = imageFrame(sharedData(GEAXGX_FILE));
    const near = (hands: Awaited<ReturnType<typeof handsWith>>) =>
      GEAXGX_HANDS.map((target) =>
        hands.some((h) => Math.hypot(handCentre(h.landmarks).x - target.x, handCentre(h.landmarks).y - target.y) <= GEAXGX_MATCH_PX),
      );
    const full = near(await handsWith({ strategy: 'full' }, frame));
    // The zone is the picture between the letterbox bars; tiles at 3x the detector's zoom. The hip hand's
    // palm (9 px) gives presence 0.35 on its palm region, 0.65 and 0.60 on its landmarks' regions: the
    // refinement pass confirms it.
    const zone = near(
      await handsWith(
        { strategy: 'zone', zone: { rect: { x: 0, y: 28 / 128, width: 1, height: 72 / 128 } }, tiles: { scale: 3, minScore: 0.35, refine: true } },
        frame,
      ),
    );
    expect(full).toEqual([false, false]);
    expect(zone[1], 'the hand at the hip').toBe(true);
    expect(zone.filter(Boolean).length).toBeGreaterThan(full.filter(Boolean).length);
  });

  it('confirms a small hand on its own landmarks region that the palm region alone leaves unconfirmed', async () => {
    // HaGRID cell 11: one hand is confirmed at once, the other (presence 0.34 on its palm region) only
    // by the landmark model run again on the region its first landmarks give (0.51, then 0.63).
    const cell = buildScenes(sharedData, { placementsPerCell: 0, emptyWideFrames: 0, emptyCellFrames: 0 }).find(
      (s) => s.kind === 'cell' && s.name.startsWith('cell 11 '),
    )!;
    const onPerson = (hands: Awaited<ReturnType<typeof handsWith>>) => hands.filter((h) => intersectBoxes(h.box, cell.person!)).length;
    const tiles = { scale: 2, minScore: 0.35 };
    expect(onPerson(await handsWith({ strategy: 'tiles', tiles }, cell.frame))).toBe(1);
    expect(onPerson(await handsWith({ strategy: 'tiles', tiles: { ...tiles, refine: true } }, cell.frame))).toBe(2);
  });

  it('merges the detections of overlapping tiles into one hand each', async () => {
    // Two big hands, each cut by many 96-pixel tiles (their fingers also give palm detections of their own,
    // which the landmark stage folds into the hand): exactly two hands, not overlapping.
    const frame = imageFrame(sharedData('images/tfjs_two_hands.jpg'));
    const hands = await handsWith({ strategy: 'tiles', tiles: { scale: 2, minScore: 0.35 } }, frame, 4);
    expect(hands).toHaveLength(2);
    const boxes = hands.map((h) => boxOfPoints(h.landmarks));
    expect(intersectionOverUnion(boxes[0]!, boxes[1]!)).toBe(0);

    const landmarker = await HandLandmarker.createFromOptions({ modelDir: 'models/onnx' });
    try {
      const strategy = createTiles(
        landmarker.palmDetector,
        inferenceOptionsSchema.parse({ detection: { strategy: 'tiles', tiles: { scale: 2, minScore: 0.35 } } }).detection,
      );
      const { cost } = await strategy.detect(new FrameImage(frame), []);
      // 720x382 in 96-pixel tiles overlapping ≥ 24: 10 x 5 tiles (steps of 69.3 and 71.5), plus the full frame.
      expect(cost.modelRuns).toBe(1 + 50);
    } finally {
      await landmarker.close();
    }
  });
});
