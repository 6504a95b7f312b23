// Regions for the people layer, in frame pixels, with the constants of MediaPipe's pose and holistic
// graphs: the person region from a pose detection or from the previous frame's auxiliary landmarks
// (pose_detection_to_roi, pose_landmarks_to_roi), and a hand region cut from the body's wrist, pinky
// and index points (holistic's hand_landmarks_from_pose_to_recrop_roi), refined by hand_recrop.
import type { HandRegion } from '../types.js';
import type { Detection, Point2 } from './palm-decode.js';
import { rotationToUpright, transformRegion, type RegionTransform } from './region.js';

/**
 * MediaPipe's AlignmentPointsRectsCalculator: a square centred on `centre` whose side is twice the
 * distance to `scale`, rotated so that centre → scale points to targetAngle (upright by default).
 */
export function alignmentPointsRegion(centre: Point2, scale: Point2, targetAngle = Math.PI / 2): HandRegion {
  const side = 2 * Math.hypot(scale.x - centre.x, scale.y - centre.y);
  return { xCenter: centre.x, yCenter: centre.y, width: side, height: side, rotation: rotationToUpright(centre, scale, targetAngle) };
}

/** Person region margin used in training (pose_detection_to_roi / pose_landmarks_to_roi). */
export const PERSON_REGION: RegionTransform = { scaleX: 1.25, scaleY: 1.25, shiftX: 0, shiftY: 0, squareLong: true };

/** Pose detection keypoints: 0 mid-hip centre, 1 a point encoding full-body size and rotation. */
export function poseDetectionToRegion(detection: Detection): HandRegion {
  return transformRegion(alignmentPointsRegion(detection.keypoints[0]!, detection.keypoints[1]!), PERSON_REGION);
}

/** The next frame's person region from the pose model's two auxiliary landmarks (33: hip centre, 34: size and rotation). */
export function poseLandmarksToRegion(hipCentre: Point2, sizePoint: Point2): HandRegion {
  return transformRegion(alignmentPointsRegion(hipCentre, sizePoint), PERSON_REGION);
}

/** Hand region from the body: 2.7x the wrist–middle square, shifted toward the fingers (holistic's constants). */
export const HAND_FROM_BODY: RegionTransform = { scaleX: 2.7, scaleY: 2.7, shiftX: 0, shiftY: -0.1, squareLong: true };

/**
 * MediaPipe's HandDetectionsFromPoseToRectsCalculator then HAND_FROM_BODY: the middle finger is
 * estimated at (2 index + pinky) / 3, the square is centred there with a side of twice its distance
 * to the wrist, rotated so that wrist → middle finger points up.
 */
export function handRegionFromBody(wrist: Point2, pinky: Point2, index: Point2): HandRegion {
  const middle = { x: (2 * index.x + pinky.x) / 3, y: (2 * index.y + pinky.y) / 3 };
  const side = 2 * Math.hypot(middle.x - wrist.x, middle.y - wrist.y);
  const raw = { xCenter: middle.x, yCenter: middle.y, width: side, height: side, rotation: rotationToUpright(wrist, middle) };
  return transformRegion(raw, HAND_FROM_BODY);
}

/** hand_recrop_by_roi: its two points' region (pointing down: target −90°), nudged toward the fingertips. */
export const HAND_RECROP: RegionTransform = { scaleX: 1, scaleY: 1, shiftX: 0, shiftY: -0.1, squareLong: true };

/** The refined hand region from the hand_recrop model's two points (already in frame pixels). */
export function recropRegion(centre: Point2, scale: Point2): HandRegion {
  return transformRegion(alignmentPointsRegion(centre, scale, -Math.PI / 2), HAND_RECROP);
}
