// The library: what an application embedding gesturegate imports (`import { HandLandmarker } from
// 'gesturegate'`). Shaped like MediaPipe tasks-vision: HandLandmarker.createFromOptions or
// createFromModelPath, then detect(frame) for images and detectForVideo(frame) for video; the gesture
// engine turns each result into gesture events. Importing it starts nothing: no model, camera or log
// line until a function is called.

// Hands per frame (HandLandmarker), people (PoseLandmarker), or both with each hand tied to its person (HolisticLandmarker).
export {
  HandLandmarker,
  type HandLandmarkerOptions,
  type ProviderReport,
} from './inference/hand-landmarker.js';
export { PoseLandmarker } from './inference/pose-landmarker.js';
export { HolisticLandmarker } from './inference/holistic-landmarker.js';
export type { ExecutionProviderName, InferenceOptions, InferenceOptionsInput } from './inference/options.js';
export type {
  BodyHand,
  Box,
  Frame,
  GestureEvent,
  GesturePhase,
  Handedness,
  HandObservation,
  HandRegion,
  HandsResult,
  HandTracker,
  Landmark,
  PersonObservation,
  PoseLandmark,
  StageTimings,
} from './types.js';

// Frames: from the caller's own pixels, or decoded from files.
export { frameFromBgr, type BgrFrameOptions } from './capture/bgr-frame.js';
export { listMedia, mediaKind, readImageFrame, readVideoFrames, type MediaFile, type MediaKind, type VideoReadOptions } from './capture/media.js';

// Gestures: built-in recognisers and trained models, with start/end event logic.
export { createGestureEngine, type ActiveGesture, type FrameEvents, type GestureEngine } from './gestures/engine.js';
export { BUILT_IN_GESTURES, parseGesturesConfig, type BuiltInGesture, type GesturesConfig } from './gestures/config.js';

// Logs (JSON lines on stdout by default): setLogSink(() => {}) silences them, setLogSink(write) redirects them.
export { setLogLevel, setLogSink, type LogLevel } from './util/log.js';
/** Thrown for bad input (a missing model, an invalid option, an undecodable file); its message is one line. */
export { UserError } from './util/errors.js';
/** Where the `gesturegate convert` of this installation puts the models (createFromOptions' default modelDir). */
export { defaultModelDir } from './util/install-dir.js';
export { VERSION } from './version.js';
