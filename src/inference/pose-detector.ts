// The person (pose) detection model as an SSD detector, with pose_detection_cpu.pbtxt's settings. Each
// detection's box is the face; its 4 keypoints are the mid-hip centre, a point encoding full-body size
// and rotation, the mid-shoulder centre and the upper-body size point.
import { poseAnchorOptions } from './anchors.js';
import type { ModelSession } from './backend.js';
import { SsdDetector, type SsdDetectorSpec } from './ssd-detector.js';

export const POSE_DETECTOR: SsdDetectorSpec = {
  what: 'pose detection',
  anchors: poseAnchorOptions,
  keypointCount: 4,
  inputRange: [-1, 1],
  nmsIou: 0.3,
};

export class PoseDetector extends SsdDetector {
  constructor(model: ModelSession, /** minPersonDetectionConfidence */ minScore: number) {
    super(model, minScore, POSE_DETECTOR);
  }
}
