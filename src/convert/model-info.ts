// What the four MediaPipe hand models' tensors mean, for the manifests and for choosing the
// verification tolerance of each output. Facts from MediaPipe's graphs (see docs/convert.md).
import type { MediapipeModelName } from './sources.js';

/** How an output's values are measured; sets its verification tolerance. */
export type OutputKind = 'pixels' | 'score' | 'logit' | 'metres' | 'values';

/** Largest accepted |ONNX − TFLite| per kind (pixels at model resolution). */
export const tolerance: Record<OutputKind, number> = {
  pixels: 0.05,
  score: 1e-3,
  logit: 1e-3,
  metres: 1e-3,
  values: 1e-3,
};

export interface OutputInfo {
  kind: OutputKind;
  meaning: string;
}

export interface ModelInfo {
  input: string;
  outputs: Record<string, OutputInfo>;
}

const palm: ModelInfo = {
  input: 'RGB image letterboxed to 192x192 (aspect kept, zero borders), NHWC float32, values in [0, 1]',
  outputs: {
    Identity: {
      kind: 'pixels',
      meaning: 'per anchor (2016: 24x24x2 then 12x12x6): box centre offset x, y, width, height, then 7 keypoints x, y (wrist first, middle-finger base third), in pixels of the 192x192 input, relative to the anchor centre',
    },
    Identity_1: { kind: 'logit', meaning: 'per anchor palm score logit; score = sigmoid(clip(logit, -100, 100))' },
  },
};

const landmarks: ModelInfo = {
  input: 'RGB hand crop rotated upright, 224x224, NHWC float32, values in [0, 1]',
  outputs: {
    Identity: { kind: 'pixels', meaning: '21 landmarks x, y, z in pixels of the 224x224 crop (z relative to the wrist, same scale as x)' },
    Identity_1: { kind: 'score', meaning: 'hand presence score, 0 to 1 (sigmoid applied)' },
    Identity_2: { kind: 'score', meaning: "handedness score, 0 to 1: >= 0.5 means MediaPipe's 'Left' for a mirrored (selfie) image" },
    Identity_3: { kind: 'metres', meaning: '21 world landmarks x, y, z in metres, hand-centred' },
  },
};

export const modelInfo: Record<MediapipeModelName, ModelInfo> = {
  palm_detection_full: palm,
  palm_detection_lite: palm,
  hand_landmark_full: landmarks,
  hand_landmark_lite: landmarks,
};
