// Pure parts of the hand pipeline against hand-computed values and MediaPipe's own anchor goldens.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { generateAnchors, palmAnchorOptions, type SsdAnchorOptions } from '../src/inference/anchors.js';
import { decodeDetections, scaleDetection, type PalmDetection } from '../src/inference/palm-decode.js';
import { intersectionOverUnion, weightedNonMaxSuppression } from '../src/inference/nms.js';
import {
  cropToFrameMatrix,
  landmarksToRegion,
  normalizeRadians,
  palmToRegion,
  projectLandmarks,
  regionBox,
  rotateWorldLandmarks,
} from '../src/inference/region.js';
import { OneEuroFilter } from '../src/inference/one-euro.js';
import { handednessOf } from '../src/inference/landmark-model.js';
import { hasSharedData, sharedData, sharedDataMissing } from './support/shared-data.js';
import type { Landmark } from '../src/types.js';

const golden0: SsdAnchorOptions = {
  numLayers: 5,
  minScale: 0.1171875,
  maxScale: 0.75,
  inputSizeWidth: 256,
  inputSizeHeight: 256,
  anchorOffsetX: 0.5,
  anchorOffsetY: 0.5,
  strides: [8, 16, 32, 32, 32],
  aspectRatios: [1.0],
  interpolatedScaleAspectRatio: 1.0,
  reduceBoxesInLowestLayer: false,
  fixedAnchorSize: true,
};
const golden1: SsdAnchorOptions = {
  numLayers: 6,
  minScale: 0.2,
  maxScale: 0.95,
  inputSizeWidth: 300,
  inputSizeHeight: 300,
  anchorOffsetX: 0.5,
  anchorOffsetY: 0.5,
  strides: [16, 32, 64, 128, 256, 512],
  aspectRatios: [1.0, 2.0, 0.5, 3.0, 0.3333],
  interpolatedScaleAspectRatio: 1.0,
  reduceBoxesInLowestLayer: true,
  fixedAnchorSize: false,
};

describe('SSD anchors', () => {
  for (const [file, options] of [
    ['ssd_anchors_golden_0.json', golden0],
    ['ssd_anchors_golden_1.json', golden1],
  ] as const) {
    const haveGolden = hasSharedData(`reference/${file}`);
    it.skipIf(!haveGolden)(haveGolden ? `match MediaPipe's ${file}` : sharedDataMissing, () => {
      const expected = JSON.parse(readFileSync(sharedData(`reference/${file}`), 'utf8')) as number[][];
      const anchors = generateAnchors(options);
      expect(anchors).toHaveLength(expected.length);
      anchors.forEach((a, i) => {
        const [x, y, w, h] = expected[i]!;
        expect(Math.abs(a.xCenter - x!)).toBeLessThan(1e-5);
        expect(Math.abs(a.yCenter - y!)).toBeLessThan(1e-5);
        expect(Math.abs(a.width - w!)).toBeLessThan(1e-5);
        expect(Math.abs(a.height - h!)).toBeLessThan(1e-5);
      });
    });
  }

  it('give the palm model 2016 anchors: 24x24x2 then 12x12x6', () => {
    const anchors = generateAnchors(palmAnchorOptions(192));
    expect(anchors).toHaveLength(2016);
    expect(anchors[0]).toEqual({ xCenter: 0.5 / 24, yCenter: 0.5 / 24, width: 1, height: 1 });
    expect(anchors[1]).toEqual(anchors[0]);
    expect(anchors[2]!.xCenter).toBeCloseTo(1.5 / 24, 12);
    expect(anchors[1152]).toEqual({ xCenter: 0.5 / 12, yCenter: 0.5 / 12, width: 1, height: 1 });
    expect(anchors[1157]).toEqual(anchors[1152]);
    expect(anchors[1158]!.xCenter).toBeCloseTo(1.5 / 12, 12);
  });
});

describe('palm decoding', () => {
  const anchors = [
    { xCenter: 0.5, yCenter: 0.5, width: 1, height: 1 },
    { xCenter: 0.25, yCenter: 0.75, width: 1, height: 1 },
  ];
  const regressors = new Float32Array(36);
  regressors.set([19.2, -9.6, 38.4, 57.6, 0, 0, 96, 0], 0);
  regressors.set([0, 0, 19.2, 19.2], 18);

  it('offsets boxes and keypoints by the anchor and keeps scores at or above the threshold', () => {
    const found = decodeDetections(regressors, new Float32Array([0, -1]), anchors, 192, 0.5);
    expect(found).toHaveLength(1);
    const d = found[0]!;
    expect(d.score).toBeCloseTo(0.5, 12);
    expect(d.box.xMin).toBeCloseTo(0.5, 6);
    expect(d.box.yMin).toBeCloseTo(0.3, 6);
    expect(d.box.width).toBeCloseTo(0.2, 6);
    expect(d.box.height).toBeCloseTo(0.3, 6);
    expect(d.keypoints).toHaveLength(7);
    expect(d.keypoints[0]).toEqual({ x: 0.5, y: 0.5 });
    expect(d.keypoints[1]!.x).toBeCloseTo(1.0, 6);
  });

  it('clips logits at ±100 and rejects wrong-sized outputs', () => {
    const found = decodeDetections(regressors, new Float32Array([-500, 500]), anchors, 192, 0.5);
    expect(found).toHaveLength(1);
    expect(found[0]!.score).toBe(1 / (1 + Math.exp(-100)));
    expect(found[0]!.box.xMin).toBeCloseTo(0.2, 6);
    expect(() => decodeDetections(regressors, new Float32Array(3), anchors, 192, 0.5)).toThrow(/anchors/);
  });

  it('maps crop coordinates to frame pixels', () => {
    const d: PalmDetection = { score: 0.9, box: { xMin: 0.5, yMin: 0.25, width: 0.5, height: 0.25 }, keypoints: [{ x: 1, y: 0 }] };
    expect(scaleDetection(d, 200, 10, -20)).toEqual({
      score: 0.9,
      box: { xMin: 110, yMin: 30, width: 100, height: 50 },
      keypoints: [{ x: 210, y: -20 }],
    });
  });
});

describe('weighted non-max suppression', () => {
  const palm = (score: number, xMin: number, yMin: number, kx: number): PalmDetection => ({
    score,
    box: { xMin, yMin, width: 10, height: 10 },
    keypoints: [{ x: kx, y: 0 }],
  });

  it('computes IoU', () => {
    expect(intersectionOverUnion({ xMin: 0, yMin: 0, width: 10, height: 10 }, { xMin: 1, yMin: 0, width: 10, height: 10 })).toBeCloseTo(90 / 110, 12);
    expect(intersectionOverUnion({ xMin: 0, yMin: 0, width: 10, height: 10 }, { xMin: 10, yMin: 0, width: 10, height: 10 })).toBe(0);
  });

  it('averages each cluster by score and keeps the best score', () => {
    const kept = weightedNonMaxSuppression([palm(0.6, 1, 0, 3), palm(0.8, 50, 50, 7), palm(0.9, 0, 0, 0)], 0.3);
    expect(kept).toHaveLength(2);
    expect(kept[0]!.score).toBe(0.9);
    expect(kept[0]!.box.xMin).toBeCloseTo(0.4, 12); // (0·0.9 + 1·0.6) / 1.5
    expect(kept[0]!.box.width).toBeCloseTo(10, 12);
    expect(kept[0]!.keypoints[0]!.x).toBeCloseTo(1.2, 12); // (0·0.9 + 3·0.6) / 1.5
    expect(kept[1]).toEqual(palm(0.8, 50, 50, 7));
  });

  it('keeps boxes overlapping at or below the threshold apart', () => {
    // IoU of boxes shifted by 5 px: 50 / 150 = 0.333.
    expect(weightedNonMaxSuppression([palm(0.9, 0, 0, 0), palm(0.8, 5, 0, 0)], 0.34)).toHaveLength(2);
    expect(weightedNonMaxSuppression([palm(0.9, 0, 0, 0), palm(0.8, 5, 0, 0)], 0.3)).toHaveLength(1);
  });
});

describe('hand regions', () => {
  const uprightPalm: PalmDetection = {
    score: 0.9,
    box: { xMin: 50, yMin: 100, width: 100, height: 100 },
    keypoints: [{ x: 100, y: 200 }, { x: 0, y: 0 }, { x: 100, y: 100 }, ...Array(4).fill({ x: 0, y: 0 })],
  };

  it('normalises angles to [-π, π)', () => {
    expect(normalizeRadians(3 * Math.PI)).toBeCloseTo(-Math.PI, 12);
    expect(normalizeRadians(-Math.PI / 2)).toBeCloseTo(-Math.PI / 2, 12);
    expect(normalizeRadians(2.5 * Math.PI)).toBeCloseTo(Math.PI / 2, 12);
  });

  it('turn an upright palm into a 2.6x square shifted half a box toward the fingers', () => {
    const r = palmToRegion(uprightPalm);
    expect(r.rotation).toBeCloseTo(0, 12);
    expect(r.xCenter).toBeCloseTo(100, 9);
    expect(r.yCenter).toBeCloseTo(100, 9);
    expect(r.width).toBeCloseTo(260, 9);
    expect(r.height).toBeCloseTo(260, 9);
  });

  it('rotate with a palm pointing right and shift along its own axis', () => {
    const r = palmToRegion({
      ...uprightPalm,
      box: { xMin: 50, yMin: 100, width: 100, height: 60 },
      keypoints: [
        { x: 100, y: 130 },
        { x: 0, y: 0 },
        { x: 200, y: 130 },
      ],
    });
    expect(r.rotation).toBeCloseTo(Math.PI / 2, 12);
    expect(r.xCenter).toBeCloseTo(100 + 30, 9); // 0.5 · height 60 toward +x
    expect(r.yCenter).toBeCloseTo(130, 9);
    expect(r.width).toBeCloseTo(260, 9);
  });

  const handAt = (angle: number): Landmark[] => {
    const pts: [number, number][] = Array(21).fill([0, 100]);
    pts[5] = [-10, 0];
    pts[13] = [10, 0];
    pts[9] = [0, 0];
    pts[17] = [-10, 50];
    const c = Math.cos(angle);
    const s = Math.sin(angle);
    return pts.map(([x, y]) => ({ x: c * x - s * y, y: s * x + c * y, z: 0 }));
  };

  it('follow the landmarks: rotation, rotated bounds, 2x scale and −0.1 shift', () => {
    const r = landmarksToRegion(handAt(0));
    expect(r.rotation).toBeCloseTo(0, 12);
    expect(r.xCenter).toBeCloseTo(0, 9);
    expect(r.yCenter).toBeCloseTo(40, 9); // bounds y 0..100, centre 50, shifted by −0.1·100
    expect(r.width).toBeCloseTo(200, 9);
    for (const angle of [Math.PI / 2, 0.7, -2.5]) {
      const rr = landmarksToRegion(handAt(angle));
      expect(rr.rotation).toBeCloseTo(angle, 9);
      expect(rr.xCenter).toBeCloseTo(-Math.sin(angle) * 40, 9);
      expect(rr.yCenter).toBeCloseTo(Math.cos(angle) * 40, 9);
      expect(rr.width).toBeCloseTo(200, 9);
    }
  });

  it('project crop pixels back to the frame, z scaled like x', () => {
    const region = { xCenter: 100, yCenter: 100, width: 224, height: 224, rotation: Math.PI / 2 };
    const [centre, rightMiddle, topLeft] = projectLandmarks([112, 112, 22.4, 224, 112, 0, 0, 0, 0], region, 224, 3);
    expect(centre!.x).toBeCloseTo(100, 9);
    expect(centre!.y).toBeCloseTo(100, 9);
    expect(centre!.z).toBeCloseTo(56, 9);
    expect(rightMiddle!.x).toBeCloseTo(100, 9);
    expect(rightMiddle!.y).toBeCloseTo(212, 9);
    expect(topLeft!.x).toBeCloseTo(212, 9);
    expect(topLeft!.y).toBeCloseTo(-12, 9);
    expect(cropToFrameMatrix({ ...region, rotation: 0 }, 224)).toEqual([1, -0, -12, 0, 1, -12]);
    const box = regionBox({ xCenter: 0, yCenter: 0, width: 2, height: 2, rotation: Math.PI / 4 });
    expect(box.width).toBeCloseTo(2 * Math.SQRT2, 9);
  });

  it('rotate world landmarks with the region', () => {
    const [p] = rotateWorldLandmarks([0.01, 0, 0.02], Math.PI / 2, 1);
    expect(p!.x).toBeCloseTo(0, 12);
    expect(p!.y).toBeCloseTo(0.01, 12);
    expect(p!.z).toBe(0.02);
  });
});

describe('One Euro filter', () => {
  it('smooths a step with the resting cutoff', () => {
    const f = new OneEuroFilter({ minCutoff: 1, beta: 0, derivativeCutoff: 1 });
    expect(f.filter(0, 0)).toBe(0);
    // alpha = 1 / (1 + tau/dt), tau = 1/(2π·1 Hz), dt = 1 s
    const alpha = 1 / (1 + 1 / (2 * Math.PI));
    expect(f.filter(10, 1000)).toBeCloseTo(10 * alpha, 9);
  });

  it('lags less on fast motion when beta is larger, and leaves a constant signal alone', () => {
    const still = new OneEuroFilter({ minCutoff: 1, beta: 0, derivativeCutoff: 1 });
    const quick = new OneEuroFilter({ minCutoff: 1, beta: 1, derivativeCutoff: 1 });
    let a = 0;
    let b = 0;
    for (let i = 0; i <= 10; i++) {
      a = still.filter(i * 10, i * 40);
      b = quick.filter(i * 10, i * 40);
    }
    expect(b).toBeGreaterThan(a);
    expect(b).toBeLessThanOrEqual(100);
    const constant = new OneEuroFilter({ minCutoff: 0.5, beta: 0.1, derivativeCutoff: 1 });
    for (let i = 0; i < 5; i++) expect(constant.filter(3, i * 33)).toBe(3);
  });
});

describe('handedness', () => {
  it("reports the person's own hand: the model's mirrored-image 'Left' is a right hand", () => {
    expect(handednessOf(0.9)).toEqual({ handedness: 'Right', handednessScore: 0.9 });
    expect(handednessOf(0.2)).toEqual({ handedness: 'Left', handednessScore: 0.8 });
    expect(handednessOf(0.5).handedness).toBe('Right');
  });
});
