// Hand regions (rotated squares in frame pixels) from palm detections and from landmarks, and the
// mapping between a region's crop and the frame. MediaPipe does this in normalised coordinates
// with the image size folded in; in pixels the formulas are the same without the folding.
import type { Box, HandRegion, Landmark } from '../types.js';
import type { PalmDetection, Point2 } from './palm-decode.js';

export function normalizeRadians(angle: number): number {
  return angle - 2 * Math.PI * Math.floor((angle + Math.PI) / (2 * Math.PI));
}

/**
 * Rotation that turns the vector from → to upright (pointing up the image), MediaPipe's convention;
 * another targetAngle (radians, counter-clockwise from the x axis) turns it to that direction instead.
 */
export function rotationToUpright(from: Point2, to: Point2, targetAngle = Math.PI / 2): number {
  return normalizeRadians(targetAngle - Math.atan2(-(to.y - from.y), to.x - from.x));
}

export interface RegionTransform {
  scaleX: number;
  scaleY: number;
  /** Shifts in units of the region's width/height, along the region's own (rotated) axes. */
  shiftX: number;
  shiftY: number;
  /** Make the region square on its longer side before scaling. */
  squareLong: boolean;
}

/** MediaPipe's RectTransformationCalculator, in pixels. */
export function transformRegion(region: HandRegion, t: RegionTransform): HandRegion {
  const { width, height, rotation } = region;
  const cos = Math.cos(rotation);
  const sin = Math.sin(rotation);
  const xCenter = region.xCenter + width * t.shiftX * cos - height * t.shiftY * sin;
  const yCenter = region.yCenter + width * t.shiftX * sin + height * t.shiftY * cos;
  const side = Math.max(width, height);
  const w = t.squareLong ? side : width;
  const h = t.squareLong ? side : height;
  return { xCenter, yCenter, width: w * t.scaleX, height: h * t.scaleY, rotation };
}

/** Palm → landmark-model region: rotation wrist → middle-finger base, 2.6x, shifted toward the fingers. */
export const PALM_TO_REGION: RegionTransform = { scaleX: 2.6, scaleY: 2.6, shiftX: 0, shiftY: -0.5, squareLong: true };
/** Landmarks → next frame's region. */
export const LANDMARKS_TO_REGION: RegionTransform = { scaleX: 2.0, scaleY: 2.0, shiftX: 0, shiftY: -0.1, squareLong: true };

const WRIST = 0;
const MIDDLE_FINGER_BASE_KEYPOINT = 2;

export function palmToRegion(palm: PalmDetection): HandRegion {
  const rotation = rotationToUpright(palm.keypoints[WRIST]!, palm.keypoints[MIDDLE_FINGER_BASE_KEYPOINT]!);
  const box = palm.box;
  return transformRegion(
    { xCenter: box.xMin + box.width / 2, yCenter: box.yMin + box.height / 2, width: box.width, height: box.height, rotation },
    PALM_TO_REGION,
  );
}

/** The landmarks MediaPipe bases the next region on: wrist, thumb base joints and the finger bases (MCP, PIP). */
const REGION_LANDMARKS = [0, 1, 2, 3, 5, 6, 9, 10, 13, 14, 17, 18];

/** MediaPipe's HandLandmarksToRectCalculator + RectTransformation (scale 2, shift −0.1), in pixels. */
export function landmarksToRegion(landmarks: readonly Landmark[]): HandRegion {
  const pts = REGION_LANDMARKS.map((i) => landmarks[i]!);
  const wrist = landmarks[0]!;
  // Direction wrist → (mean of index and ring bases, averaged with the middle base).
  const sideMid = { x: (landmarks[5]!.x + landmarks[13]!.x) / 2, y: (landmarks[5]!.y + landmarks[13]!.y) / 2 };
  const target = { x: (sideMid.x + landmarks[9]!.x) / 2, y: (sideMid.y + landmarks[9]!.y) / 2 };
  const rotation = rotationToUpright(wrist, target);

  const bounds = boxOfPoints(pts);
  const cx = bounds.xMin + bounds.width / 2;
  const cy = bounds.yMin + bounds.height / 2;
  // Bounds in the hand's own frame (rotated back by −rotation around the axis-aligned centre).
  const cos = Math.cos(-rotation);
  const sin = Math.sin(-rotation);
  let minX = Infinity;
  let maxX = -Infinity;
  let minY = Infinity;
  let maxY = -Infinity;
  for (const p of pts) {
    const dx = p.x - cx;
    const dy = p.y - cy;
    const rx = dx * cos - dy * sin;
    const ry = dx * sin + dy * cos;
    minX = Math.min(minX, rx);
    maxX = Math.max(maxX, rx);
    minY = Math.min(minY, ry);
    maxY = Math.max(maxY, ry);
  }
  const px = (minX + maxX) / 2;
  const py = (minY + maxY) / 2;
  const c = Math.cos(rotation);
  const s = Math.sin(rotation);
  const region: HandRegion = {
    xCenter: cx + px * c - py * s,
    yCenter: cy + px * s + py * c,
    width: maxX - minX,
    height: maxY - minY,
    rotation,
  };
  return transformRegion(region, LANDMARKS_TO_REGION);
}

export function boxOfPoints(points: readonly Point2[]): Box {
  let xMin = Infinity;
  let yMin = Infinity;
  let xMax = -Infinity;
  let yMax = -Infinity;
  for (const p of points) {
    xMin = Math.min(xMin, p.x);
    yMin = Math.min(yMin, p.y);
    xMax = Math.max(xMax, p.x);
    yMax = Math.max(yMax, p.y);
  }
  return { xMin, yMin, width: xMax - xMin, height: yMax - yMin };
}

/** Corners of a region in frame pixels: top-left, top-right, bottom-right, bottom-left of its crop. */
export function regionCorners(region: HandRegion): Point2[] {
  const toFrame = cropToFrame(region, 1);
  return [
    [0, 0],
    [1, 0],
    [1, 1],
    [0, 1],
  ].map(([u, v]) => toFrame(u!, v!));
}

/** Axis-aligned box around a (rotated) region. */
export function regionBox(region: HandRegion): Box {
  return boxOfPoints(regionCorners(region));
}

/**
 * Affine map (row-major 2x3) from crop pixel (u, v) of a size×size crop to frame pixels: the crop's
 * corners 0 and size land on the region's corners, as MediaPipe's ImageToTensor warp does.
 */
export function cropToFrameMatrix(region: HandRegion, size: number): [number, number, number, number, number, number] {
  const cos = Math.cos(region.rotation);
  const sin = Math.sin(region.rotation);
  const w = region.width;
  const h = region.height;
  return [
    (cos * w) / size,
    (-sin * h) / size,
    region.xCenter - (cos * w) / 2 + (sin * h) / 2,
    (sin * w) / size,
    (cos * h) / size,
    region.yCenter - (sin * w) / 2 - (cos * h) / 2,
  ];
}

/**
 * The map (row-major 2x3) from crop pixel index to the frame pixel index (centres at integers) that
 * MediaPipe's GPU ImageToTensor reads it from (gpu-crop.ts): crop pixel (i, j) samples at its centre
 * (i + 0.5, j + 0.5) mapped through the region. Its CPU one (cv::warpPerspective of the region's
 * corners) samples at cropToFrameMatrix(i, j), half a crop pixel less half a frame pixel away: enough
 * to move pose landmarks by several percent of the torso and hand landmarks by 1.5% of the hand.
 */
export function gpuSamplingMatrix(region: HandRegion, size: number): [number, number, number, number, number, number] {
  const m = cropToFrameMatrix(region, size);
  return [m[0], m[1], m[2] + (m[0] + m[1]) / 2 - 0.5, m[3], m[4], m[5] + (m[3] + m[4]) / 2 - 0.5];
}

/** cropToFrameMatrix as a function: crop pixel (u, v) of a size×size crop → frame pixels. */
export function cropToFrame(region: HandRegion, size: number): (u: number, v: number) => Point2 {
  const m = cropToFrameMatrix(region, size);
  return (u, v) => ({ x: m[0] * u + m[1] * v + m[2], y: m[3] * u + m[4] * v + m[5] });
}

/** TensorsToLandmarksCalculator's normalize_z in MediaPipe's hand landmark graph (its pose graph leaves it at 1). */
export const HAND_Z_NORMALISATION = 0.4;

/**
 * Landmark model output (x, y, z in crop pixels of inputSize, `stride` values a landmark: 3 for hands,
 * 5 for the pose model's x, y, z, visibility, presence) → frame pixels; z scaled like x and divided
 * by the graph's z normalisation (the hands' 0.4 by default).
 */
export function projectLandmarks(
  raw: ArrayLike<number>,
  region: HandRegion,
  inputSize: number,
  count = 21,
  stride = 3,
  zNormalisation = HAND_Z_NORMALISATION,
): Landmark[] {
  const m = cropToFrameMatrix(region, inputSize);
  const zScale = region.width / inputSize / zNormalisation;
  const out: Landmark[] = [];
  for (let i = 0; i < count; i++) {
    const u = raw[stride * i]!;
    const v = raw[stride * i + 1]!;
    out.push({ x: m[0] * u + m[1] * v + m[2], y: m[3] * u + m[4] * v + m[5], z: raw[stride * i + 2]! * zScale });
  }
  return out;
}

/** World landmarks come out in the crop's orientation; rotate x, y by the region's rotation as MediaPipe does. */
export function rotateWorldLandmarks(raw: ArrayLike<number>, rotation: number, count = 21): Landmark[] {
  const cos = Math.cos(rotation);
  const sin = Math.sin(rotation);
  const out: Landmark[] = [];
  for (let i = 0; i < count; i++) {
    const x = raw[3 * i]!;
    const y = raw[3 * i + 1]!;
    out.push({ x: cos * x - sin * y, y: sin * x + cos * y, z: raw[3 * i + 2]! });
  }
  return out;
}

/** The square (in frame pixels) a sub-rectangle is letterboxed into: same centre, side = longer edge. */
export function letterboxSquare(rect: Box): HandRegion {
  const side = Math.max(rect.width, rect.height);
  return { xCenter: rect.xMin + rect.width / 2, yCenter: rect.yMin + rect.height / 2, width: side, height: side, rotation: 0 };
}
