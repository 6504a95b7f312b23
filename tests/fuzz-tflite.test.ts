// Fuzzing the TFLite reader (and the converter behind it) with seeded mutations of MediaPipe's real
// models: every mutated file must be read, or refused with one clear UserError, never crash or hang.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readTfliteModel, type TfliteModel } from '../scripts/convert/tflite-reader.js';
import { tfliteToOnnx } from '../scripts/convert/tflite-to-onnx.js';
import { seededRandom } from '../src/util/random.js';
import { fuzz, mutateBytes } from './support/fuzz.js';
import { repoRoot } from './support/shared-data.js';

const hands = join(repoRoot, 'node_modules/@mediapipe/hands');
const pose = join(repoRoot, 'node_modules/@mediapipe/pose');
// Byte ranges inside the packed assets file (see /work/shared/notes/mediapipe-hand-models.md).
// The pose detector (the whole of pose's packed assets) carries sparse weights whose metadata the
// mutations reach too; it reads 40x slower (densifying 2.7M weights), hence fewer cases.
const models: Record<string, { bytes: Uint8Array; cases: number; conversions: number }> = {
  'hand_landmark_lite.tflite': { bytes: new Uint8Array(readFileSync(join(hands, 'hand_landmark_lite.tflite'))), cases: 1500, conversions: 50 },
  'palm_detection_lite.tflite': {
    bytes: new Uint8Array(readFileSync(join(hands, 'hands_solution_packed_assets.data'))).slice(2341291, 4326731),
    cases: 1500,
    conversions: 50,
  },
  'pose_detection.tflite': { bytes: new Uint8Array(readFileSync(join(pose, 'pose_solution_packed_assets.data'))), cases: 150, conversions: 3 },
};

/** Whether a file offset lies outside every constant tensor's data, where the structure lives. */
function structural(bytes: Uint8Array, model: TfliteModel): (offset: number) => boolean {
  const ranges = model.subgraphs
    .flatMap((s) => s.tensors)
    // Densified sparse constants are new arrays, not views of the file: their stored values count as structure.
    .filter((t) => t.data && t.data.length > 0 && t.data.buffer === bytes.buffer)
    .map((t) => [t.data!.byteOffset - bytes.byteOffset, t.data!.byteOffset - bytes.byteOffset + t.data!.length] as const);
  return (offset) => !ranges.some(([start, end]) => offset >= start && offset < end);
}

describe('TFLite reader fuzzing', () => {
  for (const [name, { bytes: original, cases, conversions }] of Object.entries(models)) {
    it(`${name}: ${cases} seeded mutations are read or refused with a one-line UserError`, () => {
      const clean = readTfliteModel(original, name);
      const hot = structural(original, clean);
      const random = seededRandom(0x7f11e + original.length);
      // Read every case; convert the ones that still read (the `convert` command does both).
      let converted = 0;
      const report = fuzz(
        cases,
        () => mutateBytes(original, random, (offset) => random() < 0.1 || hot(offset)),
        (bytes) => {
          const model = readTfliteModel(bytes, name);
          if (converted < conversions) {
            converted++;
            tfliteToOnnx(model, { source: name, producerVersion: 'fuzz' });
          }
        },
      );
      expect(report.crashes, JSON.stringify(report.crashes.slice(0, 5))).toEqual([]);
      expect(report.unclear).toEqual([]);
      // The mutations must reach the parser's checks, not only bytes it never reads.
      expect(report.refused).toBeGreaterThan(report.cases / 4);
      expect(report.accepted).toBeGreaterThan(0);
    });
  }

  it('refuses empty, tiny and non-TFLite inputs by name', () => {
    for (const bytes of [new Uint8Array(0), new Uint8Array(3), new TextEncoder().encode('not a model at all, just text')]) {
      expect(() => readTfliteModel(bytes, 'x.tflite')).toThrow(/^x\.tflite is not a valid TFLite model: /);
    }
  });
});
