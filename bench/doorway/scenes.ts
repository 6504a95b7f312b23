// The doorway test scenes, made from real photos in ../shared/data/images: the 50 people of the
// HaGRID grid as 128x128 images and pasted at that size into 1280x720 frames, the geaxgx doorway
// frame, and frames without people made of background patches cut from the same photos.
import type { Box, Frame } from '../../src/types.js';
import { UserError } from '../../src/util/errors.js';
import { loadOpenCV, type OpenCV } from '../../src/util/opencv.js';
import { seededRandom } from '../../src/util/random.js';

type Mat = InstanceType<OpenCV['Mat']>;

export const GRID_FILE = 'images/hagrid_grid_10x5.jpg';
export const GEAXGX_FILE = 'images/geaxgx_palm_input.jpg';
export const CELL = 128;
export const GRID_COLUMNS = 10;
export const GRID_ROWS = 5;
export const WIDE = { width: 1280, height: 720 } as const;

export type SceneKind = 'cell' | 'pasted' | 'geaxgx' | 'background';

export interface Scene {
  name: string;
  kind: SceneKind;
  frame: Frame;
  /** Where the person is: a hand counts as found only inside it. Absent for frames without people. */
  person?: Box;
  /** The same frame before the person came in (pasted scenes), for motion-based strategies. */
  empty?: Frame;
}

/** The two hands in geaxgx_palm_input.jpg (128x128): raised by the head, and at the hip. Centres measured by eye, ±3 px. */
export const GEAXGX_HANDS: ReadonlyArray<{ name: string; x: number; y: number }> = [
  { name: 'raised', x: 21.5, y: 52 },
  { name: 'hip', x: 49, y: 73.5 },
];

/**
 * 64x64 patches without people (checked by eye): [file, x, y] of the top-left corner. Ceiling,
 * walls, shelves and lamps above the heads of grid cells (column, row) 3/1, 6/1, 7/1, 4/2, and the
 * wall, painting and sofa beside the person in the geaxgx frame.
 */
const BACKGROUND_PATCHES: ReadonlyArray<[file: string, x: number, y: number]> = [
  [GEAXGX_FILE, 64, 28],
  [GRID_FILE, 3 * CELL, 1 * CELL],
  [GRID_FILE, 3 * CELL + 64, 1 * CELL],
  [GRID_FILE, 6 * CELL, 1 * CELL],
  [GRID_FILE, 6 * CELL + 64, 1 * CELL],
  [GRID_FILE, 7 * CELL, 1 * CELL],
  [GRID_FILE, 7 * CELL + 64, 1 * CELL],
  [GRID_FILE, 4 * CELL, 2 * CELL],
  [GRID_FILE, 4 * CELL + 64, 2 * CELL],
];
const PATCH = 64;
const NEUTRAL_GREY = 128;

/** A still frame of a BGR Mat (copied; the Mat stays usable). */
function toFrame(mat: Mat, source: string): Frame {
  return { index: 0, timestampMs: 0, width: mat.cols, height: mat.rows, data: new Uint8Array(mat.getData()), source };
}

function read(path: string): Mat {
  const mat = loadOpenCV().imread(path);
  if (mat.empty) throw new UserError(`cannot decode image ${path}`);
  return mat;
}

/** Top-left corners for `count` placements of a size×size image in a frame, deterministic per seed. */
export function placements(seed: number, count: number, size: number, frame: { width: number; height: number }): Array<{ x: number; y: number }> {
  const random = seededRandom(seed);
  return Array.from({ length: count }, () => ({
    x: Math.floor(random() * (frame.width - size + 1)),
    y: Math.floor(random() * (frame.height - size + 1)),
  }));
}

/** A frame tiled with flipped variants of the background patches, different for each seed. */
function backgroundTexture(patches: Mat[], seed: number, width: number, height: number): Mat {
  const cv = loadOpenCV();
  const canvas = new cv.Mat(Math.ceil(height / PATCH) * PATCH, Math.ceil(width / PATCH) * PATCH, cv.CV_8UC3, [0, 0, 0]);
  const random = seededRandom(seed);
  // flip codes: none, around x (vertical), around y (horizontal), both
  const flips = [undefined, 0, 1, -1] as const;
  for (let y = 0; y < canvas.rows; y += PATCH) {
    for (let x = 0; x < canvas.cols; x += PATCH) {
      const patch = patches[Math.floor(random() * patches.length)]!;
      const flip = flips[Math.floor(random() * flips.length)];
      (flip === undefined ? patch : patch.flip(flip)).copyTo(canvas.getRegion(new cv.Rect(x, y, PATCH, PATCH)));
    }
  }
  return canvas.getRegion(new cv.Rect(0, 0, width, height)).copy();
}

export interface SceneOptions {
  /** Placements of each grid cell in a 1280x720 frame (half on neutral grey, half on background texture). */
  placementsPerCell: number;
  /** Frames without people: 1280x720 textures, and 128x128 cuts of them. */
  emptyWideFrames: number;
  emptyCellFrames: number;
}

export const defaultSceneOptions: SceneOptions = { placementsPerCell: 2, emptyWideFrames: 4, emptyCellFrames: 20 };

/** Every scene, from the photos under `dataDir` (../shared/data). */
export function buildScenes(sharedPath: (relative: string) => string, options: SceneOptions = defaultSceneOptions): Scene[] {
  const cv = loadOpenCV();
  const grid = read(sharedPath(GRID_FILE));
  const geaxgx = read(sharedPath(GEAXGX_FILE));
  if (grid.cols !== GRID_COLUMNS * CELL || grid.rows !== GRID_ROWS * CELL) {
    throw new UserError(`${GRID_FILE} is ${grid.cols}x${grid.rows}, expected ${GRID_COLUMNS * CELL}x${GRID_ROWS * CELL}`);
  }
  const sources: Record<string, Mat> = { [GRID_FILE]: grid, [GEAXGX_FILE]: geaxgx };
  const patches = BACKGROUND_PATCHES.map(([file, x, y]) => sources[file]!.getRegion(new cv.Rect(x, y, PATCH, PATCH)).copy());

  const scenes: Scene[] = [];
  const wholeCell: Box = { xMin: 0, yMin: 0, width: CELL, height: CELL };
  const grey = new cv.Mat(WIDE.height, WIDE.width, cv.CV_8UC3, [NEUTRAL_GREY, NEUTRAL_GREY, NEUTRAL_GREY]);
  const textures = Array.from({ length: Math.max(1, options.emptyWideFrames) }, (_, i) => backgroundTexture(patches, 1000 + i, WIDE.width, WIDE.height));

  for (let row = 0; row < GRID_ROWS; row++) {
    for (let column = 0; column < GRID_COLUMNS; column++) {
      const index = row * GRID_COLUMNS + column;
      const cell = grid.getRegion(new cv.Rect(column * CELL, row * CELL, CELL, CELL)).copy();
      const name = `cell ${index} (r${row} c${column})`;
      scenes.push({ name, kind: 'cell', frame: toFrame(cell, name), person: wholeCell });
      placements(index, options.placementsPerCell, CELL, WIDE).forEach(({ x, y }, p) => {
        const canvas = p % 2 === 0 ? grey : textures[index % textures.length]!;
        const frame = canvas.copy();
        cell.copyTo(frame.getRegion(new cv.Rect(x, y, CELL, CELL)));
        const pastedName = `${name} at ${x},${y} on ${p % 2 === 0 ? 'grey' : 'texture'}`;
        scenes.push({
          name: pastedName,
          kind: 'pasted',
          frame: toFrame(frame, pastedName),
          person: { xMin: x, yMin: y, width: CELL, height: CELL },
          empty: toFrame(canvas, `${pastedName} before`),
        });
      });
    }
  }

  scenes.push({ name: 'geaxgx', kind: 'geaxgx', frame: toFrame(geaxgx, GEAXGX_FILE), person: { xMin: 0, yMin: 0, width: geaxgx.cols, height: geaxgx.rows } });

  textures.slice(0, options.emptyWideFrames).forEach((texture, i) => {
    scenes.push({ name: `empty wide ${i}`, kind: 'background', frame: toFrame(texture, `texture ${i}`) });
  });
  for (let i = 0; i < options.emptyCellFrames; i++) {
    const texture = textures[i % textures.length]!;
    const x = (i * 3 * PATCH) % (WIDE.width - CELL);
    const y = (Math.floor(i / 4) * PATCH) % (WIDE.height - CELL);
    const cut = texture.getRegion(new cv.Rect(x, y, CELL, CELL)).copy();
    scenes.push({ name: `empty cell ${i}`, kind: 'background', frame: toFrame(cut, `texture cut ${i}`) });
  }
  return scenes;
}
