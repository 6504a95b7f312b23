// What the MediaPipe models' tensors mean, for the manifests and for choosing the verification
// tolerance of each output. Facts from MediaPipe's graphs (hand_landmark, palm_detection,
// pose_detection_cpu, tensors_to_pose_landmarks_and_segmentation, hand_recrop_by_roi_cpu; see
// docs/convert.md).
import type { MediapipeModelName } from './sources.js';

/**
 * How an output's values are measured; sets its verification tolerance. 'heatmap' and 'mask' are
 * logits only ever used through a sigmoid, so they are compared as probabilities:
 * - 'heatmap' (pose landmark refinement; MediaPipe thresholds and weights sigmoid(heatmap)) with
 *   the score target: its logits reach ±110, and in pose_landmark_heavy onnxruntime against itself
 *   (graph optimisations on vs off) already differs by 1.05e-3 in logit;
 * - 'mask' (the pose segmentation) with a 0.02 target: its logits reach ±2000 and the last layers
 *   cancel large terms, so summation order alone moves the mask: onnxruntime against itself differs
 *   by 0.67 in logit and 0.011 in probability on a real frame (pose_landmark_full).
 */
export type OutputKind = 'pixels' | 'score' | 'logit' | 'heatmap' | 'mask' | 'metres' | 'values';

/** Kinds compared after a sigmoid. */
export const comparedAsProbability: ReadonlySet<OutputKind> = new Set(['heatmap', 'mask']);

/** Largest accepted |ONNX − TFLite| per kind (pixels at model resolution). */
export const tolerance: Record<OutputKind, number> = {
  pixels: 0.05,
  score: 1e-3,
  logit: 1e-3,
  heatmap: 1e-3,
  mask: 0.02,
  metres: 1e-3,
  values: 1e-3,
};

export interface OutputInfo {
  kind: OutputKind;
  meaning: string;
  /**
   * For outputs that interleave kinds (pose landmarks: x, y, z in pixels, then visibility and
   * presence logits): the kind of element i is interleaved[i % length]; `kind` names the first.
   */
  interleaved?: OutputKind[];
}

export interface ModelInfo {
  input: string;
  /** Value range the model expects its input pixels mapped to. */
  range: [number, number];
  outputs: Record<string, OutputInfo>;
}

const palm: ModelInfo = {
  input: 'RGB image letterboxed to 192x192 (aspect kept, zero borders), NHWC float32, values in [0, 1]',
  range: [0, 1],
  outputs: {
    Identity: {
      kind: 'pixels',
      meaning:
        'per anchor (2016: 24x24x2 then 12x12x6): box centre offset x, y, width, height, then 7 keypoints x, y (wrist first, middle-finger base third), in pixels of the 192x192 input, relative to the anchor centre',
    },
    Identity_1: { kind: 'logit', meaning: 'per anchor palm score logit; score = sigmoid(clip(logit, -100, 100))' },
  },
};

const landmarks: ModelInfo = {
  input: 'RGB hand crop rotated upright, 224x224, NHWC float32, values in [0, 1]',
  range: [0, 1],
  outputs: {
    Identity: { kind: 'pixels', meaning: '21 landmarks x, y, z in pixels of the 224x224 crop (z relative to the wrist, same scale as x)' },
    Identity_1: { kind: 'score', meaning: 'hand presence score, 0 to 1 (sigmoid applied)' },
    Identity_2: { kind: 'score', meaning: "handedness score, 0 to 1: >= 0.5 means MediaPipe's 'Left' for a mirrored (selfie) image" },
    Identity_3: { kind: 'metres', meaning: '21 world landmarks x, y, z in metres, hand-centred' },
  },
};

const poseDetection: ModelInfo = {
  input: 'RGB image letterboxed to 224x224 (aspect kept, zero borders), NHWC float32, values in [-1, 1]',
  range: [-1, 1],
  outputs: {
    Identity: {
      kind: 'pixels',
      meaning:
        'per anchor (2254: 28x28x2, 14x14x2, 7x7x6; strides 8, 16, 32): box centre offset x, y, width, height (the face box), then 4 keypoints x, y (mid-hip centre, full-body size/rotation point, mid-shoulder centre, upper-body size/rotation point), in pixels of the 224x224 input, relative to the anchor centre',
    },
    Identity_1: { kind: 'logit', meaning: 'per anchor person score logit; score = sigmoid(clip(logit, -100, 100))' },
  },
};

const poseLandmarks: ModelInfo = {
  input: 'RGB person crop rotated upright (hips to shoulders vertical), letterboxed to 256x256, NHWC float32, values in [0, 1]',
  range: [0, 1],
  outputs: {
    Identity: {
      kind: 'pixels',
      interleaved: ['pixels', 'pixels', 'pixels', 'logit', 'logit'],
      meaning:
        '39 landmarks x, y, z (pixels of the 256x256 crop, z relative to the hips at the scale of x), visibility logit, presence logit; 0-32 the body (MediaPipe order), 33-34 the auxiliary ROI points (hip centre, size/rotation point), 35-38 unused',
    },
    Identity_1: { kind: 'score', meaning: 'pose presence score, 0 to 1 (sigmoid applied; MediaPipe keeps the pose at >= 0.5)' },
    Identity_2: { kind: 'mask', meaning: 'segmentation logits for the 256x256 crop (person = sigmoid > 0.5)' },
    Identity_3: {
      kind: 'heatmap',
      meaning: '64x64 heatmap logits, one channel per landmark (39), for refining landmark positions (MediaPipe uses sigmoid(logit))',
    },
    Identity_4: { kind: 'metres', meaning: '39 world landmarks x, y, z in metres, origin between the hips' },
  },
};

const handRecrop: ModelInfo = {
  input: 'RGB crop around a hand region guessed from the body (wrist, index, pinky), letterboxed to 256x256, NHWC float32, values in [0, 1]',
  range: [0, 1],
  outputs: {
    output_crop: {
      kind: 'pixels',
      meaning:
        '2 points x, y in pixels of the 256x256 crop: the new hand region centre, and a point whose direction from the centre gives the rotation (target angle -90 degrees) and whose distance from it is half the region size',
    },
  },
};

export const modelInfo: Record<MediapipeModelName, ModelInfo> = {
  palm_detection_full: palm,
  palm_detection_lite: palm,
  hand_landmark_full: landmarks,
  hand_landmark_lite: landmarks,
  pose_detection: poseDetection,
  pose_landmark_lite: poseLandmarks,
  pose_landmark_full: poseLandmarks,
  pose_landmark_heavy: poseLandmarks,
  hand_recrop: handRecrop,
};
