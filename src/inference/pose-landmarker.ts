// People in view, shaped like tasks-vision's PoseLandmarker but for several people with track IDs: the
// person detector finds new people on the whole frame (and in closer looks: person-search.ts), the
// pose model follows each tracked person from the region its previous landmarks give, and the detector
// runs only while fewer than numPeople are tracked, every detectionIntervalFrames frames or at once
// when a track is lost. With posesPerFrame set, the pose model runs on only that many tracked people a
// frame, in turn; the others' landmarks are moved on from their last two poses for the frame.
import { join } from 'node:path';
import type { BodyHand, Box, Frame, Handedness, PersonObservation, PoseLandmark, StageTimings } from '../types.js';
import { createLogger, type Logger } from '../util/log.js';
import { DetectionSchedule } from './detection-schedule.js';
import { withFrameImage, type FrameImage } from './frame-image.js';
import { parseInferenceOptions, type ExecutionProviderName, type InferenceOptions, type InferenceOptionsInput, type PeopleOptions } from './options.js';
import { PersonSearch } from './person-search.js';
import { PersonTracks, type FoundPerson, type PersonCandidate } from './person-tracks.js';
import { PoseDetector } from './pose-detector.js';
import { PoseLandmarkModel, type PoseLandmarks } from './pose-landmark-model.js';
import type { Detection } from './palm-decode.js';
import { extrapolateLandmarks, peopleDue } from './pose-rotation.js';
import { handRegionFromBody, poseDetectionToRegion, poseLandmarksToRegion } from './pose-region.js';
import { boxOfPoints } from './region.js';
import { createSessionFactory, requireModelFiles, type SessionFactory } from './session.js';

/** What the people layer reports for one frame. */
export interface PeopleResult {
  people: PersonObservation[];
  /** Whether the person detector ran for this frame. */
  detectionRan: boolean;
  /** Person detector runs this frame (whole frame and search windows). */
  detectorRuns: number;
  timings: StageTimings;
}

export interface PoseProviderReport {
  personDetection: ExecutionProviderName;
  poseLandmarks: ExecutionProviderName;
}

export function poseModelPaths(options: Pick<InferenceOptions, 'modelDir'> & { people: Pick<PeopleOptions, 'variant'> }): {
  detector: string;
  landmarks: string;
} {
  return {
    detector: join(options.modelDir, 'pose_detection.onnx'),
    landmarks: join(options.modelDir, `pose_landmark_${options.people.variant}.onnx`),
  };
}

/** Landmarks below this visibility are left out of a person's box (MediaPipe draws them at 0.5). */
const VISIBLE = 0.5;

/** Pose landmark indices of each arm's end (MediaPipe Pose topology), the person's own sides. */
const ARMS: Record<Handedness, { elbow: number; wrist: number; pinky: number; index: number }> = {
  Left: { elbow: 13, wrist: 15, pinky: 17, index: 19 },
  Right: { elbow: 14, wrist: 16, pinky: 18, index: 20 },
};

/** The person's two arms' ends, each with the hand region the body gives. */
export function bodyHands(landmarks: readonly PoseLandmark[]): BodyHand[] {
  return (['Left', 'Right'] as const).map((side) => {
    const arm = ARMS[side];
    const wrist = landmarks[arm.wrist]!;
    const elbow = landmarks[arm.elbow]!;
    const length = Math.hypot(wrist.x - elbow.x, wrist.y - elbow.y);
    return {
      side,
      wrist,
      elbow,
      forearm: length > 0 ? { x: (wrist.x - elbow.x) / length, y: (wrist.y - elbow.y) / length } : { x: 0, y: 0 },
      region: handRegionFromBody(wrist, landmarks[arm.pinky]!, landmarks[arm.index]!),
    };
  });
}

/** Box around the landmarks the model sees in the image (all of them when none is). */
export function visibleBox(landmarks: readonly PoseLandmark[]): Box {
  const visible = landmarks.filter((p) => p.visibility >= VISIBLE && p.presence >= VISIBLE);
  return boxOfPoints(visible.length > 0 ? visible : landmarks);
}

/** Pose landmarks 0-10 are the face (nose, eyes, ears, mouth). */
const FACE_LANDMARKS = 11;

function faceBox(landmarks: readonly PoseLandmark[]): Box {
  return boxOfPoints(landmarks.slice(0, FACE_LANDMARKS));
}

type Found = FoundPerson & { pose: PoseLandmarks };

/** A tracked person's last pose (frame count and what it found) and the landmarks of the one before. */
interface LastPose {
  frame: number;
  found: Found;
  previous?: { frame: number; landmarks: readonly PoseLandmark[] };
}

export class PoseLandmarker {
  private readonly tracks: PersonTracks;
  private readonly schedule: DetectionSchedule;
  private readonly search: PersonSearch;
  private lostTrack = false;
  private lastTimestampMs = -Infinity;
  /** Video frames tracked so far, and per person track the frame count of its last pose and what it found. */
  private frameCount = 0;
  private lastPoses = new Map<number, LastPose>();

  private constructor(
    readonly options: PeopleOptions,
    readonly detector: PoseDetector,
    private readonly landmarkModel: PoseLandmarkModel,
  ) {
    this.tracks = new PersonTracks(options.minTrackingConfidence);
    // The hands' cadence rule, by frames only: every frame with nobody tracked, never with every slot taken.
    this.schedule = new DetectionSchedule({ intervalFrames: options.detectionIntervalFrames, intervalMs: 0 });
    this.search = new PersonSearch(detector, options.closerLook);
  }

  /** Validates options (the config file's `inference` section, people settings under `people`), loads both models. */
  static async createFromOptions(input: InferenceOptionsInput = {}, log: Logger = createLogger('inference')): Promise<PoseLandmarker> {
    const options = parseInferenceOptions(input);
    requireModelFiles(...Object.values(poseModelPaths(options)));
    return PoseLandmarker.load(options, await createSessionFactory(options, log), log);
  }

  /** Loads both models through `sessions` (the holistic landmarker hands every model one factory, so a failing provider is logged once). */
  static async load(options: InferenceOptions, sessions: SessionFactory, log: Logger): Promise<PoseLandmarker> {
    const paths = poseModelPaths(options);
    const detector = new PoseDetector(await sessions.create(paths.detector), options.people.minPersonDetectionConfidence);
    const landmarks = new PoseLandmarkModel(await sessions.create(paths.landmarks));
    const landmarker = new PoseLandmarker(options.people, detector, landmarks);
    log.info('pose landmarker ready', { variant: options.people.variant, ...landmarker.providers });
    return landmarker;
  }

  get providers(): PoseProviderReport {
    return { personDetection: this.detector.model.provider, poseLandmarks: this.landmarkModel.model.provider };
  }

  /** Tracks people across video frames (timestamps must increase). */
  async detectForVideo(frame: Frame): Promise<PeopleResult> {
    return withFrameImage(frame, (image) => this.track(image));
  }

  /** People in a single image: detector then pose landmarks, no tracking (IDs number the people from 1). */
  async detect(frame: Frame): Promise<PeopleResult> {
    return withFrameImage(frame, (image) => this.detectOnImage(image));
  }

  /** detect on an image the caller owns (the combined pipeline shares it with the hand models). */
  async detectOnImage(image: FrameImage): Promise<PeopleResult> {
    const timings: StageTimings = {};
    const tracks = new PersonTracks(this.options.minTrackingConfidence);
    const { candidates, detectorRuns } = await this.findNewPeople(image, this.options.numPeople, timings, tracks);
    const found = await this.runPoses(image, candidates, timings);
    const people = tracks.update(found).kept.map(({ person, id }) => observation(id, image.frame.timestampMs, person));
    return { people, detectionRan: true, detectorRuns, timings };
  }

  /** One video frame's people on an image the caller owns (the combined pipeline shares it with the hand models). */
  async track(image: FrameImage): Promise<PeopleResult> {
    const { frame } = image;
    if (frame.timestampMs < this.lastTimestampMs) {
      throw new Error(`frame ${frame.index} is older (${frame.timestampMs} ms) than the previous one (${this.lastTimestampMs} ms)`);
    }
    this.lastTimestampMs = frame.timestampMs;
    const timings: StageTimings = {};
    const candidates = this.tracks.candidates();
    const room = this.options.numPeople - candidates.length;
    const detectionRan = room > 0 && (this.lostTrack || this.schedule.due(frame.timestampMs, candidates.length, room) !== undefined);
    let detectorRuns = 0;
    if (detectionRan) {
      const found = await this.findNewPeople(image, room, timings);
      candidates.push(...found.candidates);
      detectorRuns = found.detectorRuns;
      this.lostTrack = false;
    }
    this.schedule.frame(frame.timestampMs, detectionRan);
    const frameCount = ++this.frameCount;
    const tracked = candidates.filter((c) => c.track !== undefined);
    const lastPosed = tracked.map((c) => this.lastPoses.get(c.track!.id)?.frame ?? -Infinity);
    const due = new Set(peopleDue(lastPosed, this.options.posesPerFrame).map((i) => tracked[i]!));
    const toPose = candidates.filter((c) => c.track === undefined || due.has(c));
    const posed = await this.runPoses(image, toPose, timings);
    // In the candidates' order (tracked people first win over duplicates); a person not due is moved on from its last poses.
    const found = candidates.flatMap((candidate): Found[] => {
      if (candidate.track === undefined || due.has(candidate)) return posed.filter((f) => f.candidate === candidate);
      return [heldPose(this.lastPoses.get(candidate.track.id)!, candidate, frameCount)];
    });
    const { kept, lostTrack } = this.tracks.update(found);
    if (lostTrack) this.lostTrack = true;
    const lastPoses = new Map<number, LastPose>();
    for (const { person, id } of kept) {
      const before = this.lastPoses.get(id);
      if (person.candidate.track !== undefined && !due.has(person.candidate)) lastPoses.set(id, before!);
      else lastPoses.set(id, { frame: frameCount, found: person, previous: before && { frame: before.frame, landmarks: before.found.pose.landmarks } });
    }
    this.lastPoses = lastPoses;
    const people = kept.map(({ person, id }) => observation(id, frame.timestampMs, person));
    return { people, detectionRan, detectorRuns, timings };
  }

  reset(): void {
    this.tracks.reset();
    this.schedule.reset();
    this.lostTrack = false;
    this.lastTimestampMs = -Infinity;
    this.frameCount = 0;
    this.lastPoses.clear();
  }

  async close(): Promise<void> {
    await Promise.all([this.detector.model.runner.release(), this.landmarkModel.model.runner.release()]);
  }

  /** Up to `room` people the tracks do not have: closer looks are taken only if the whole frame gives fewer. */
  private async findNewPeople(
    image: FrameImage,
    room: number,
    timings: StageTimings,
    tracks = this.tracks,
  ): Promise<{ candidates: PersonCandidate[]; detectorRuns: number }> {
    const start = performance.now();
    const detected = (d: Detection) => ({ region: poseDetectionToRegion(d), face: d.box, detectionScore: d.score });
    const newPeople = (detections: readonly Detection[]) => tracks.newCandidates(detections.map(detected), room);
    const { detections, modelRuns } = await this.search.detect(
      image,
      (whole) => newPeople(whole).length >= room,
      (d) => tracks.newCandidates([detected(d)], 1).length === 0,
    );
    timings.personDetect = performance.now() - start;
    return { candidates: newPeople(detections), detectorRuns: modelRuns };
  }

  /** The pose model once on each candidate region (on a still image, the detection's: MediaPipe's still-image mode). */
  private async runPoses(image: FrameImage, candidates: readonly PersonCandidate[], timings: StageTimings): Promise<Found[]> {
    const start = performance.now();
    const found: Found[] = [];
    for (const candidate of candidates) {
      const pose = await this.landmarkModel.run(image, candidate.region);
      if (pose.presence >= this.options.minPosePresenceConfidence) {
        found.push({ candidate, pose, box: visibleBox(pose.landmarks), face: faceBox(pose.landmarks), nextRegion: poseLandmarksToRegion(...pose.auxiliary) });
      }
    }
    timings.pose = performance.now() - start;
    return found;
  }
}

/** A person whose pose did not run this frame: the last pose's landmarks moved on at its velocity. */
function heldPose(last: LastPose, candidate: PersonCandidate, frame: number): Found {
  const { found, previous } = last;
  if (!previous) return { ...found, candidate, nextRegion: candidate.region };
  const landmarks = extrapolateLandmarks(found.pose.landmarks, previous.landmarks, last.frame - previous.frame, frame - last.frame);
  return {
    ...found,
    candidate,
    pose: { ...found.pose, landmarks },
    box: visibleBox(landmarks),
    face: faceBox(landmarks),
    nextRegion: candidate.region,
  };
}

function observation(trackId: number, timestampMs: number, found: Found): PersonObservation {
  const { pose, candidate, box } = found;
  return {
    trackId,
    timestampMs,
    landmarks: pose.landmarks,
    worldLandmarks: pose.worldLandmarks,
    score: pose.presence,
    box,
    region: candidate.region,
    hands: bodyHands(pose.landmarks),
  };
}
