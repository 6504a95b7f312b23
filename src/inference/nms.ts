// Non-maximum suppression over SSD detections (palms, people), MediaPipe's WEIGHTED variant: each cluster of
// boxes overlapping the best remaining one becomes one detection whose box and keypoints are
// the score-weighted mean of the cluster, keeping the best score.
import type { Box } from '../types.js';
import type { Detection } from './palm-decode.js';

/** Area where two boxes overlap (0 when they do not). */
function intersectionArea(a: Box, b: Box): number {
  const x0 = Math.max(a.xMin, b.xMin);
  const y0 = Math.max(a.yMin, b.yMin);
  const x1 = Math.min(a.xMin + a.width, b.xMin + b.width);
  const y1 = Math.min(a.yMin + a.height, b.yMin + b.height);
  return x1 <= x0 || y1 <= y0 ? 0 : (x1 - x0) * (y1 - y0);
}

export function intersectionOverUnion(a: Box, b: Box): number {
  const intersection = intersectionArea(a, b);
  if (intersection === 0) return 0;
  const union = a.width * a.height + b.width * b.height - intersection;
  return union > 0 ? intersection / union : 0;
}

/** Intersection over the smaller box's area: 1 when one box lies inside the other (a face box in the detector's larger one). */
export function overlapOfSmaller(a: Box, b: Box): number {
  const intersection = intersectionArea(a, b);
  if (intersection === 0) return 0;
  const smaller = Math.min(a.width * a.height, b.width * b.height);
  return smaller > 0 ? intersection / smaller : 0;
}

function weightedMean(cluster: Detection[]): Detection {
  const best = cluster[0]!;
  if (cluster.length === 1) return best;
  let total = 0;
  let xMin = 0;
  let yMin = 0;
  let xMax = 0;
  let yMax = 0;
  const keypoints = best.keypoints.map(() => ({ x: 0, y: 0 }));
  for (const d of cluster) {
    const w = d.score;
    total += w;
    xMin += d.box.xMin * w;
    yMin += d.box.yMin * w;
    xMax += (d.box.xMin + d.box.width) * w;
    yMax += (d.box.yMin + d.box.height) * w;
    d.keypoints.forEach((p, k) => {
      keypoints[k]!.x += p.x * w;
      keypoints[k]!.y += p.y * w;
    });
  }
  xMin /= total;
  yMin /= total;
  xMax /= total;
  yMax /= total;
  for (const p of keypoints) {
    p.x /= total;
    p.y /= total;
  }
  return { score: best.score, box: { xMin, yMin, width: xMax - xMin, height: yMax - yMin }, keypoints };
}

/** Weighted NMS; boxes overlapping the cluster head by more than iouThreshold join its cluster. */
export function weightedNonMaxSuppression(detections: readonly Detection[], iouThreshold: number): Detection[] {
  let remaining = [...detections].sort((a, b) => b.score - a.score);
  const kept: Detection[] = [];
  while (remaining.length > 0) {
    const head = remaining[0]!;
    const cluster: Detection[] = [];
    const rest: Detection[] = [];
    for (const d of remaining) {
      (d === head || intersectionOverUnion(head.box, d.box) > iouThreshold ? cluster : rest).push(d);
    }
    kept.push(weightedMean(cluster));
    remaining = rest;
  }
  return kept;
}
