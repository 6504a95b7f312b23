// The three values that cross stage boundaries: source → detector → landmarker → tracker →
// gesture models → event logic → bridges. Every stage speaks these types and nothing wider.

/** One decoded camera or file frame. Pixels are BGR, 8 bits a channel, row-major, no padding. */
export interface Frame {
  /** Sequence number from the source, starting at 0; gaps mean dropped frames. */
  readonly index: number;
  /** Monotonic capture time in milliseconds (performance.now() clock of this process). */
  readonly timestampMs: number;
  readonly width: number;
  readonly height: number;
  /** BGR bytes, width * height * 3. */
  readonly data: Uint8Array;
  /** Where the frame came from (device, file or URL), for logs and the status page. */
  readonly source: string;
}

/** A point in image pixels (x right, y down); z is depth relative to the wrist, in the same scale as x. */
export interface Landmark {
  x: number;
  y: number;
  z: number;
}

/** Axis-aligned box in image pixels. */
export interface Box {
  xMin: number;
  yMin: number;
  width: number;
  height: number;
}

/** A rotated square region in image pixels, the crop the landmark model looks at. */
export interface HandRegion {
  xCenter: number;
  yCenter: number;
  width: number;
  height: number;
  /** Radians, counter-clockwise positive as in MediaPipe's NormalizedRect. */
  rotation: number;
}

export type Handedness = 'Left' | 'Right';

/** Time spent per pipeline stage for one frame, milliseconds. Absent keys did not run. */
export type StageTimings = Partial<
  Record<'capture' | 'personDetect' | 'pose' | 'detect' | 'landmarks' | 'track' | 'gestures' | 'events' | 'publish' | 'total', number>
>;

/** One hand seen in one frame. */
export interface HandObservation {
  /** Stable across frames while the hand is tracked. */
  trackId: number;
  /** Timestamp of the frame this was seen in (Frame.timestampMs). */
  timestampMs: number;
  /** 21 landmarks in image pixels, MediaPipe's order (0 wrist, 4 thumb tip, 8 index tip, ...). */
  landmarks: Landmark[];
  /** 21 landmarks in metres, hand-centred, from the landmark model. */
  worldLandmarks: Landmark[];
  /** As MediaPipe reports it for a non-mirrored image: the person's own hand, so a right hand is 'Right'. */
  handedness: Handedness;
  /** Confidence of the handedness label, 0.5 to 1. */
  handednessScore: number;
  /** Hand presence score from the landmark model, 0 to 1. */
  presence: number;
  /** Palm detection score when this track was (re)found, 0 to 1. */
  detectionScore: number;
  /** Box around the landmarks, image pixels. */
  box: Box;
  /** The region the landmark model was run on. */
  region: HandRegion;
  /** Track ID of the person this hand belongs to, when the people layer is on and the hand is on a body. */
  personId?: number;
}

/** A body landmark (MediaPipe Pose's 33 points) in image pixels, with the pose model's confidences. */
export interface PoseLandmark extends Landmark {
  /** Likelihood that the point is visible (not occluded), 0 to 1. */
  visibility: number;
  /** Likelihood that the point is inside the image, 0 to 1. */
  presence: number;
}

/**
 * One arm's end as the body model sees it: where a hand is even when it is too small for the hand
 * model, so the gesture layer can still reason about it.
 */
export interface BodyHand {
  /** The person's own side (pose landmarks 15/17/19/21 are 'Left', 16/18/20/22 'Right'). */
  side: Handedness;
  wrist: PoseLandmark;
  elbow: PoseLandmark;
  /** Unit vector from the elbow to the wrist, image pixels. */
  forearm: { x: number; y: number };
  /** Where the hand landmark model looks for this hand, cut from the wrist, index and pinky points. */
  region: HandRegion;
  /** Track ID of the hand found in that region (HandObservation.trackId), if the hand model confirmed one. */
  handTrackId?: number;
}

/** One person seen in one frame. */
export interface PersonObservation {
  /** Stable across frames while the person is tracked; separate numbering from hand track IDs. */
  trackId: number;
  timestampMs: number;
  /** 33 landmarks in MediaPipe Pose's order (0 nose, 11/12 shoulders, 13/14 elbows, 15/16 wrists, 23/24 hips), image pixels. */
  landmarks: PoseLandmark[];
  /** The same 33 points in metres, centred between the hips. */
  worldLandmarks: Landmark[];
  /** Pose presence score from the landmark model, 0 to 1. */
  score: number;
  /** Box around the visible landmarks, image pixels. */
  box: Box;
  /** The region the pose landmark model was run on. */
  region: HandRegion;
  /** The person's two arms' ends (left, right), each with its hand region. */
  hands: BodyHand[];
}

/** What the hand pipeline reports for one frame. */
export interface HandsResult {
  frameIndex: number;
  timestampMs: number;
  /** Size of the frame the landmarks are in, pixels (trajectory features are in image units). */
  imageSize: { width: number; height: number };
  hands: HandObservation[];
  /** People in view (empty when the people layer is off). */
  people: PersonObservation[];
  /**
   * Track IDs of the hands that count as in view (`hands in view`, the MQTT state): tracked on a few
   * frames and not gone longer than a short hold, so counts do not flicker. May name a hand missing
   * from `hands` for a frame or two. Absent from producers without a tracker: use the IDs of `hands`.
   */
  confirmedTrackIds?: number[];
  /** Whether palm detection ran for this frame (false when every hand was tracked). */
  detectionRan: boolean;
  timings: StageTimings;
}

export type GesturePhase = 'start' | 'end';

/** A gesture occurrence boundary, as published to MQTT and shown on the status page. */
export interface GestureEvent {
  /** One ID per occurrence: the start and end events of one handshake share it. */
  id: string;
  label: string;
  phase: GesturePhase;
  /** Wall-clock time, milliseconds since the epoch, for subscribers. */
  timestamp: number;
  /** Monotonic time of the frame that caused the event (Frame.timestampMs). */
  frameTimestampMs: number;
  /** Highest score seen during the occurrence so far. */
  peakScore: number;
  /** Present on 'end': how long the gesture lasted. */
  durationMs?: number;
  /** Track IDs of the hands involved. */
  hands: number[];
  /** Track IDs of the people involved (PersonObservation.trackId), when the gesture is about people. */
  people?: number[];
}

/**
 * The hand pipeline as the rest of the program sees it (implemented in src/inference by
 * HandLandmarker, shaped like MediaPipe tasks-vision's API). Frames must come in timestamp order.
 */
export interface HandTracker {
  detectForVideo(frame: Frame): Promise<HandsResult>;
  /** Forget all tracks (e.g. after a source reconnects). */
  reset(): void;
  close(): Promise<void>;
}
