// Can the landmark model alone tell a small hand from anything else? Runs it on every square region
// of 14, 20 and 28 pixels (half-side steps, upright) of the 128x128 doorway scenes: the 50 people and
// the 20 cuts without people, and prints the best presence per scene. If empty backgrounds score as
// high as the people, presence cannot confirm palms found by deeper zooms (docs/doorway.md).
// Run from the repository root after the build: node dist/bench/doorway/landmark-scan.js (about 6 min).
import { existsSync } from 'node:fs';
import { FrameImage } from '../../src/inference/frame-image.js';
import { LandmarkModel } from '../../src/inference/landmark-model.js';
import { loadOnnxRuntime, SessionFactory } from '../../src/inference/session.js';
import { createLogger } from '../../src/util/log.js';
import { buildScenes, GRID_FILE } from './scenes.js';
import { sharedData } from '../../tests/support/shared-data.js';

const SIZES = [14, 20, 28];

async function main(): Promise<void> {
  if (!existsSync(sharedData(GRID_FILE))) {
    process.stdout.write(`landmark-scan: real data not found in ${sharedData('images')}; skipped\n`);
    return;
  }
  const runtime = await loadOnnxRuntime();
  const sessions = new SessionFactory(runtime, { providers: ['cpu'], intraOpThreads: 1, interOpThreads: 1, spinning: false }, createLogger('scan'));
  const model = new LandmarkModel(await sessions.create('models/onnx/hand_landmark_full.onnx'));
  const scenes = buildScenes(sharedData).filter((s) => (s.kind === 'cell' || s.kind === 'background') && s.frame.width <= 128);
  const best = { cell: [] as number[], background: [] as number[] };
  for (const scene of scenes) {
    const image = new FrameImage(scene.frame);
    let top = 0;
    for (const size of SIZES) {
      for (let y = size / 2; y <= scene.frame.height - size / 2; y += size / 2)
        for (let x = size / 2; x <= scene.frame.width - size / 2; x += size / 2)
          top = Math.max(top, (await model.run(image, { xCenter: x, yCenter: y, width: size, height: size, rotation: 0 })).presence);
    }
    image.release();
    (scene.kind === 'cell' ? best.cell : best.background).push(top);
    process.stdout.write(`${scene.name}: best presence ${top.toFixed(2)}\n`);
  }
  const summary = (values: number[]) =>
    `${values.filter((v) => v >= 0.5).length} of ${values.length} reach 0.5; best presence min ${Math.min(...values).toFixed(2)}, max ${Math.max(...values).toFixed(2)}`;
  process.stdout.write(`people (128x128 cells): ${summary(best.cell)}\nno people (background cuts): ${summary(best.background)}\n`);
  await model.model.runner.release();
}

await main();
