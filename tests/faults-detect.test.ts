// Fault: `detect --strategy tiles` on a huge still image. The tiled search tiles the picture at a
// fixed zoom, so a 10000-pixel square needed 17 000 palm-model runs (minutes, over a gigabyte).
// The tile count is capped (inference.detection.tiles.maxTiles): tiles grow instead, and a warning
// says so. Real models, a real photo blown up to 4000x4000 through OpenCV, the built CLI.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FrameImage } from '../src/inference/frame-image.js';
import { inferenceOptionsSchema } from '../src/inference/options.js';
import type { PalmDetector } from '../src/inference/palm-detector.js';
import { create as createTiles } from '../src/inference/strategies/tiles.js';
import type { TiledPalmSearch } from '../src/inference/strategies/tiled-search.js';
import { loadOpenCV } from '../src/util/opencv.js';
import { cli } from './support/daemon-process.js';
import { hasSharedData, sharedData, sharedDataMissing } from './support/shared-data.js';

const photo = 'images/three_people.jpg';

describe.skipIf(!hasSharedData(photo))(`detect on a huge image${hasSharedData(photo) ? '' : ` (${sharedDataMissing})`}`, () => {
  const dir = mkdtempSync(join(tmpdir(), 'gesturegate-huge-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const cv = loadOpenCV();
  const huge = join(dir, 'huge.jpg');
  cv.imwrite(huge, cv.imread(sharedData(photo)).resize(4000, 4000));

  it('searches at most tiles.maxTiles tiles, whatever the image size', () => {
    const palm = { inputSize: 192, minScore: 0.5 } as unknown as PalmDetector;
    const options = inferenceOptionsSchema.parse({ detection: { strategy: 'tiles' } }).detection;
    const search = createTiles(palm, options) as TiledPalmSearch;
    const image = new FrameImage({ index: 0, timestampMs: 0, source: 'huge', width: 4000, height: 4000, data: new Uint8Array(4000 * 4000 * 3) });
    try {
      expect(search.layout(image, []).length).toBeLessThanOrEqual(512);
      // A frame the cap does not touch keeps the configured zoom: 96-pixel tiles.
      const hd = new FrameImage({ index: 0, timestampMs: 0, source: 'hd', width: 1920, height: 1080, data: new Uint8Array(1920 * 1080 * 3) });
      const tiles = search.layout(hd, []);
      expect(tiles.length).toBe(405);
      expect(tiles[0]!.width).toBe(96);
      hd.release();
    } finally {
      image.release();
    }
  });

  it('the CLI finishes with one JSON line and one warning saying the search was capped', async () => {
    const { code, stdout, stderr } = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) =>
      execFile(
        process.execPath,
        [cli, 'detect', huge, '--strategy', 'tiles'],
        { encoding: 'utf8', timeout: 100_000, maxBuffer: 2 ** 24 },
        (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
      ),
    );
    expect(code, stderr).toBe(0);
    const lines = stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({ width: 4000, height: 4000 });
    const warnings = stderr.split('\n').filter((l) => l.includes('tile search capped'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/"image":"4000x4000".*"maxTiles":512/);
  });
});
