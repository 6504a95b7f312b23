// SSD detector output → detections, as MediaPipe's TensorsToDetectionsCalculator configures it for
// the palm and pose detection models: regressors are box and keypoint offsets in input pixels
// relative to an anchor (x before y), scores are logits.
import type { Box } from '../types.js';
import type { Anchor } from './anchors.js';

export interface Point2 {
  x: number;
  y: number;
}

/** One detection: box, keypoints and score. */
export interface Detection {
  score: number;
  box: Box;
  keypoints: Point2[];
}

/** A palm: box around it and 7 keypoints (0 wrist, 2 middle-finger base, ...). */
export type PalmDetection = Detection;

export const PALM_KEYPOINTS = 7;
/** MediaPipe clips logits to ±100 before the sigmoid. */
const SCORE_CLIP = 100;

/** A score logit as MediaPipe uses it: clipped to ±100. */
export function clipScoreLogit(logit: number): number {
  return Math.max(-SCORE_CLIP, Math.min(SCORE_CLIP, logit));
}

export function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

/** Score threshold in logit space, so most anchors are rejected without an exp(). */
function logitOf(probability: number): number {
  if (probability <= 0) return -Infinity;
  if (probability >= 1) return Infinity;
  return Math.log(probability / (1 - probability));
}

/**
 * Decodes detections scoring at least minScore, each with `keypointCount` keypoints (7 for palms,
 * 4 for people). Coordinates come out normalised to the model input (0..1 across the square the model saw).
 */
export function decodeDetections(
  regressors: Float32Array,
  logits: Float32Array,
  anchors: readonly Anchor[],
  inputSize: number,
  minScore: number,
  keypointCount = PALM_KEYPOINTS,
): Detection[] {
  const valuesPerAnchor = 4 + 2 * keypointCount;
  if (logits.length !== anchors.length || regressors.length !== anchors.length * valuesPerAnchor) {
    throw new Error(
      `detector outputs do not match ${anchors.length} anchors of ${keypointCount} keypoints (regressors ${regressors.length}, scores ${logits.length})`,
    );
  }
  const minLogit = logitOf(minScore);
  const detections: Detection[] = [];
  for (let i = 0; i < anchors.length; i++) {
    const logit = clipScoreLogit(logits[i]!);
    if (logit < minLogit) continue;
    const anchor = anchors[i]!;
    const base = i * valuesPerAnchor;
    const xCenter = (regressors[base]! / inputSize) * anchor.width + anchor.xCenter;
    const yCenter = (regressors[base + 1]! / inputSize) * anchor.height + anchor.yCenter;
    const width = (regressors[base + 2]! / inputSize) * anchor.width;
    const height = (regressors[base + 3]! / inputSize) * anchor.height;
    const keypoints: Point2[] = [];
    for (let k = 0; k < keypointCount; k++) {
      keypoints.push({
        x: (regressors[base + 4 + 2 * k]! / inputSize) * anchor.width + anchor.xCenter,
        y: (regressors[base + 5 + 2 * k]! / inputSize) * anchor.height + anchor.yCenter,
      });
    }
    detections.push({
      score: sigmoid(logit),
      box: { xMin: xCenter - width / 2, yMin: yCenter - height / 2, width, height },
      keypoints,
    });
  }
  return detections;
}

/** Maps a detection through x' = x * scale + offsetX, y' = y * scale + offsetY (e.g. crop → frame pixels). */
export function scaleDetection(d: Detection, scale: number, offsetX: number, offsetY: number): Detection {
  return {
    score: d.score,
    box: {
      xMin: d.box.xMin * scale + offsetX,
      yMin: d.box.yMin * scale + offsetY,
      width: d.box.width * scale,
      height: d.box.height * scale,
    },
    keypoints: d.keypoints.map((p) => ({ x: p.x * scale + offsetX, y: p.y * scale + offsetY })),
  };
}
