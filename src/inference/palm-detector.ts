// The palm detection model (MediaPipe's palm_detection_cpu.pbtxt settings) as an SSD detector.
import { palmAnchorOptions } from './anchors.js';
import { weightedNonMaxSuppression } from './nms.js';
import { PALM_KEYPOINTS, type PalmDetection } from './palm-decode.js';
import type { ModelSession, OnnxRuntime } from './session.js';
import { SsdDetector, type SsdDetectorSpec } from './ssd-detector.js';

export { fullFrameRect } from './ssd-detector.js';

/** MediaPipe's palm NMS overlap threshold. */
export const PALM_NMS_IOU = 0.3;

export const PALM_DETECTOR: SsdDetectorSpec = {
  what: 'palm detection',
  anchors: palmAnchorOptions,
  keypointCount: PALM_KEYPOINTS,
  inputRange: [0, 1],
  nmsIou: PALM_NMS_IOU,
};

/** Merges overlapping palm detections (e.g. from overlapping tiles) as MediaPipe's weighted NMS does. */
export function suppressOverlappingPalms(detections: readonly PalmDetection[]): PalmDetection[] {
  return weightedNonMaxSuppression(detections, PALM_NMS_IOU);
}

export class PalmDetector extends SsdDetector {
  constructor(runtime: OnnxRuntime, model: ModelSession, /** minHandDetectionConfidence */ minScore: number) {
    super(runtime, model, minScore, PALM_DETECTOR);
  }
}
