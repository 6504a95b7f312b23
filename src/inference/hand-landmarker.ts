// MediaPipe's hand tracking for several hands, shaped like tasks-vision's HandLandmarker: palm
// detection finds new hands, the landmark model follows each hand from the region its previous
// landmarks give (moved on at the hand's velocity), palm detection runs on a schedule while fewer
// than numHands hands are tracked, and the object tracker keeps one ID per hand through short gaps.
import { join } from 'node:path';
import type { Frame, HandObservation, HandRegion, HandsResult, HandTracker, StageTimings } from '../types.js';
import { createLogger, type Logger } from '../util/log.js';
import { createDetectionStrategy, type DetectionStrategy } from './detection.js';
import { withFrameImage, type FrameImage } from './frame-image.js';
import { LandmarkModel, type HandLandmarks } from './landmark-model.js';
import { intersectionOverUnion } from './nms.js';
import { parseInferenceOptions, type ExecutionProviderName, type InferenceOptions, type InferenceOptionsInput } from './options.js';
import { DetectionSchedule } from './detection-schedule.js';
import { HAND_TRACKER_DEFAULTS, ObjectTracker, type Prediction } from './object-tracker.js';
import { PalmDetector } from './palm-detector.js';
import { boxOfPoints, landmarksToRegion, palmToRegion } from './region.js';
import { createSessionFactory, requireModelFiles, type SessionFactory } from './session.js';
import { distinctHands, LandmarkSmoother, newHandRegions } from './tracking.js';

/** What the landmarker keeps per track beside the object tracker's state. */
interface HandTrack {
  /** The region the last landmarks give (before moving it on by the prediction). */
  region: HandRegion;
  detectionScore: number;
  smoother: LandmarkSmoother | undefined;
  /** When it was last seen with presence above minHandPresenceConfidence, ms. */
  confidentAt: number;
}

interface Candidate {
  /** The track whose predicted region this is, or undefined for a new palm. */
  trackId: number | undefined;
  region: HandRegion;
  detectionScore: number;
}

/** HandLandmarker's options: the config file's `inference` section, every key optional (MediaPipe's names where they exist). */
export type HandLandmarkerOptions = NonNullable<InferenceOptionsInput>;

export interface ProviderReport {
  palmDetection: ExecutionProviderName;
  handLandmarks: ExecutionProviderName;
}

/**
 * A region where a hand may be that did not come from palm detection (e.g. cut from a person's
 * body): tried like a new palm detection when no tracked hand is there already.
 */
export interface ExtraHandRegion {
  region: HandRegion;
  /** Reported as the hand's detectionScore. */
  score: number;
}

/** What the people layer tells the hand tracker about a frame (HolisticLandmarker). */
export interface BodyContext {
  /** People tracked in this frame and the last: the hands of each are looked for from the body (ExtraHandRegion). */
  people: number;
  /** Track IDs of hands linked to a body: one lost is found again from the body's wrist, without a palm search in the same frame. */
  handsOnBodies: ReadonlySet<number>;
}

const NO_BODIES: BodyContext = { people: 0, handsOnBodies: new Set() };

export function modelPaths(options: Pick<InferenceOptions, 'modelDir' | 'variant'>): { palm: string; landmarks: string } {
  return {
    palm: join(options.modelDir, `palm_detection_${options.variant}.onnx`),
    landmarks: join(options.modelDir, `hand_landmark_${options.variant}.onnx`),
  };
}

export class HandLandmarker implements HandTracker {
  private readonly tracker: ObjectTracker;
  private readonly handTracks = new Map<number, HandTrack>();
  private readonly schedule: DetectionSchedule;
  private lastTimestampMs = -Infinity;

  private constructor(
    readonly options: InferenceOptions,
    readonly palmDetector: PalmDetector,
    private readonly landmarkModel: LandmarkModel,
    private readonly strategy: DetectionStrategy,
  ) {
    const t = options.tracking;
    this.tracker = new ObjectTracker({
      ...t,
      highScore: options.minHandPresenceConfidence,
      lowScore: Math.min(t.minLowPresence, options.minHandPresenceConfidence),
      velocityGain: HAND_TRACKER_DEFAULTS.velocityGain,
      maxPredictMs: HAND_TRACKER_DEFAULTS.maxPredictMs,
    });
    this.schedule = new DetectionSchedule(options.detection);
  }

  /** Validates options (the config file's `inference` section shape), loads both models. */
  static async createFromOptions(input: HandLandmarkerOptions = {}, log: Logger = createLogger('inference')): Promise<HandLandmarker> {
    const options = parseInferenceOptions(input);
    requireModelFiles(...Object.values(modelPaths(options)));
    return HandLandmarker.load(options, await createSessionFactory(options, log), log);
  }

  /** Loads both models through `sessions` (the holistic landmarker hands every model one factory, so a failing provider is logged once). */
  static async load(options: InferenceOptions, sessions: SessionFactory, log: Logger): Promise<HandLandmarker> {
    const paths = modelPaths(options);
    const palm = new PalmDetector(await sessions.create(paths.palm), options.minHandDetectionConfidence);
    const landmarks = new LandmarkModel(await sessions.create(paths.landmarks));
    const strategy = await createDetectionStrategy(palm, options.detection);
    const landmarker = new HandLandmarker(options, palm, landmarks, strategy);
    log.info('hand landmarker ready', { variant: options.variant, strategy: strategy.name, ...landmarker.providers });
    return landmarker;
  }

  /**
   * Loads the converted models from `modelDir` (a folder holding palm_detection_*.onnx and
   * hand_landmark_*.onnx, as `gesturegate convert --out DIR` writes them); other options as in
   * createFromOptions.
   */
  static createFromModelPath(modelDir: string, options: Omit<HandLandmarkerOptions, 'modelDir'> = {}, log?: Logger): Promise<HandLandmarker> {
    return HandLandmarker.createFromOptions({ ...options, modelDir }, log);
  }

  /** The execution provider each model session runs on (for logs and the status page). */
  get providers(): ProviderReport {
    return { palmDetection: this.palmDetector.model.provider, handLandmarks: this.landmarkModel.model.provider };
  }

  /**
   * Tracks hands across video frames (timestamps must increase). `extra` regions (best first) are
   * looked at as new hands beside palm detection's, where no tracked hand is.
   */
  async detectForVideo(frame: Frame, extra: readonly ExtraHandRegion[] = []): Promise<HandsResult> {
    return withFrameImage(frame, (image) => this.track(image, extra));
  }

  /** One video frame's hands on an image the caller owns (the combined pipeline shares it with the pose models). */
  async track(image: FrameImage, extra: readonly ExtraHandRegion[] = [], bodies: BodyContext = NO_BODIES): Promise<HandsResult> {
    const { frame } = image;
    if (frame.timestampMs < this.lastTimestampMs) {
      throw new Error(`frame ${frame.index} is older (${frame.timestampMs} ms) than the previous one (${this.lastTimestampMs} ms)`);
    }
    this.lastTimestampMs = frame.timestampMs;
    const start = performance.now();
    const timings: StageTimings = {};
    const predictions = this.tracker.predict(frame.timestampMs);
    const candidates = this.trackCandidates(predictions, frame);
    const seen = new Set(predictions.filter((p) => p.seen).map((p) => p.id));
    // Probes of lost hands do not take slots from the search: a lost hand may be anywhere.
    const room = this.options.numHands - seen.size;
    candidates.push(...this.extraCandidates(extra, candidates, room));
    // Tracked people count as tracked: their hands come from their bodies, so the palm search (for hands of nobody) keeps its cadence.
    let detectionRan = this.schedule.due(frame.timestampMs, seen.size + bodies.people, room) !== undefined;

    const confident = (f: { hand: HandLandmarks }) => this.confident(f.hand);
    const lowPresence = this.tracker.options.lowScore;
    if (detectionRan) {
      // Palms are new only away from hands seen last frame; a lost hand's probe may be off, so a
      // palm near it is kept (duplicates are dropped after the landmarks).
      const tracked = candidates.filter((c) => c.trackId !== undefined && seen.has(c.trackId)).map((c) => c.region);
      candidates.push(...(await this.findNewHands(image, room, timings, tracked)));
    }
    const found = await this.runLandmarks(image, candidates, timings, false, (c) => (c.trackId === undefined ? undefined : lowPresence));
    const held = found.filter(confident);
    const lost = candidates.some(
      (c) => c.trackId !== undefined && seen.has(c.trackId) && !bodies.handsOnBodies.has(c.trackId) && !held.some((f) => f.candidate === c),
    );
    if (lost && !detectionRan && this.options.detection.onTrackLost) {
      // A hand that outran its region: search the whole frame now, so it is found where it went.
      detectionRan = true;
      const more = await this.findNewHands(
        image,
        this.options.numHands - held.length,
        timings,
        held.map((f) => landmarksToRegion(f.hand.landmarks)),
      );
      found.push(...(await this.runLandmarks(image, more, timings)));
    }
    this.schedule.frame(frame.timestampMs, detectionRan);

    const trackStart = performance.now();
    const hands = this.updateTracks(found, frame.timestampMs, seen);
    timings.track = performance.now() - trackStart;
    timings.total = performance.now() - start;
    return {
      frameIndex: frame.index,
      timestampMs: frame.timestampMs,
      imageSize: { width: frame.width, height: frame.height },
      hands,
      people: [],
      confirmedTrackIds: this.tracker.confirmed(frame.timestampMs),
      detectionRan,
      timings,
    };
  }

  /**
   * Regions to run the landmark model on before any search: each hand seen on the last frame in the
   * region its landmarks gave (MediaPipe's; moving it on by the velocity found no more hands on the
   * swipe clips and moved landmarks away from MediaPipe's, docs/pipeline.md), then hands lost within
   * the buffer where they would be had they kept going, while that is in the frame and slots remain. Hands seen
   * confidently most recently come first (they win when two regions converge on one hand), then older.
   */
  private trackCandidates(predictions: readonly Prediction[], frame: Frame): Candidate[] {
    const candidates: Candidate[] = [];
    const confidentAt = (p: Prediction) => this.handTracks.get(p.id)!.confidentAt;
    for (const p of predictions.filter((p) => p.seen).sort((a, b) => confidentAt(b) - confidentAt(a))) {
      const hand = this.handTracks.get(p.id)!;
      candidates.push({ trackId: p.id, region: hand.region, detectionScore: hand.detectionScore });
    }
    for (const p of predictions.filter((p) => !p.seen)) {
      const hand = this.handTracks.get(p.id)!;
      // Looked for where it would be had it kept going; a probe that catches another hand is a
      // guess and yields to sure hands (updateTracks), and pairing uses the shorter prediction.
      const region = { ...hand.region, xCenter: hand.region.xCenter + p.reach.x, yCenter: hand.region.yCenter + p.reach.y };
      const inFrame = region.xCenter >= 0 && region.yCenter >= 0 && region.xCenter < frame.width && region.yCenter < frame.height;
      if (inFrame && candidates.length < this.options.numHands) candidates.push({ trackId: p.id, region, detectionScore: hand.detectionScore });
    }
    return candidates;
  }

  /** Hands in a single image: palm detection (and `extra` regions) then landmarks, no tracking (track IDs number the hands from 1). */
  async detect(frame: Frame, extra: readonly ExtraHandRegion[] = []): Promise<HandsResult> {
    return withFrameImage(frame, (image) => this.detectOnImage(image, extra));
  }

  /** detect on an image the caller owns (the combined pipeline shares it with the pose models). */
  async detectOnImage(image: FrameImage, extra: readonly ExtraHandRegion[] = []): Promise<HandsResult> {
    const { frame } = image;
    const start = performance.now();
    const timings: StageTimings = {};
    const candidates = this.extraCandidates(extra, [], this.options.numHands);
    candidates.push(
      ...(await this.findNewHands(
        image,
        this.options.numHands,
        timings,
        candidates.map((c) => c.region),
      )),
    );
    const found = await this.runLandmarks(image, candidates, timings, this.refineStill);
    const hands = this.distinct(found).map(({ hand, candidate }, i) => observation(i + 1, frame.timestampMs, hand, candidate));
    timings.total = performance.now() - start;
    return {
      frameIndex: frame.index,
      timestampMs: frame.timestampMs,
      imageSize: { width: frame.width, height: frame.height },
      hands,
      people: [],
      detectionRan: true,
      timings,
    };
  }

  reset(): void {
    this.tracker.reset();
    this.handTracks.clear();
    this.schedule.reset();
    this.lastTimestampMs = -Infinity;
    this.strategy.reset?.();
  }

  async close(): Promise<void> {
    await Promise.all([this.palmDetector.model.runner.release(), this.landmarkModel.model.runner.release()]);
  }

  /**
   * Extra regions not overlapping a candidate already taken, at most `room`. They do not take palm
   * detection's room: a wrong guess from a body must not keep palm detection from a real hand
   * (duplicates of one hand are dropped after the landmark model).
   */
  private extraCandidates(extra: readonly ExtraHandRegion[], taken: readonly Candidate[], room: number): Candidate[] {
    const fresh = extra.map((e) => ({ region: e.region, detectionScore: e.score, trackId: undefined }));
    return newHandRegions(
      fresh,
      taken.map((c) => c.region),
      room,
      this.options.minTrackingConfidence,
    );
  }

  private async findNewHands(image: FrameImage, room: number, timings: StageTimings, tracked: readonly HandRegion[]): Promise<Candidate[]> {
    const { detections, cost } = await this.strategy.detect(image, tracked);
    timings.detect = cost.ms;
    const palmRegions = detections.map((d) => ({ region: palmToRegion(d), detectionScore: d.score, trackId: undefined }));
    return newHandRegions(palmRegions, tracked, room, this.options.minTrackingConfidence);
  }

  /** Refinement pass for still images (a non-`full` strategy's `tiles.refine`); video keeps MediaPipe's single pass. */
  private get refineStill(): boolean {
    return this.options.detection.strategy !== 'full' && this.options.detection.tiles.refine;
  }

  /**
   * The landmark model again on the region its first landmarks give (what video tracking does on the
   * next frame), which often fits a small hand better than the palm box. A hand is kept only if this
   * second pass confirms it too (the better pass is reported). A hand the first pass did not confirm
   * is accepted only if that pass was not far off (RESCUE_MIN_PRESENCE) and a third pass, on the
   * refined landmarks' region, confirms it again: landmarks on a face or cloth drift, a hand's stay.
   */
  private async refined(image: FrameImage, first: HandLandmarks): Promise<HandLandmarks> {
    const threshold = this.options.minHandPresenceConfidence;
    if (first.presence < RESCUE_MIN_PRESENCE) return first;
    const again = await this.landmarkModel.run(image, landmarksToRegion(first.landmarks));
    if (again.presence < threshold) return again;
    if (first.presence >= threshold) return again.presence > first.presence ? again : first;
    const confirm = await this.landmarkModel.run(image, landmarksToRegion(again.landmarks));
    return confirm.presence >= threshold ? again : first;
  }

  /** Landmarks in each candidate region; kept when presence reaches minHandPresenceConfidence, or the candidate's own lower bar. */
  private async runLandmarks(
    image: FrameImage,
    candidates: Candidate[],
    timings: StageTimings,
    refine = false,
    lowerBar: (candidate: Candidate) => number | undefined = () => undefined,
  ): Promise<{ hand: HandLandmarks; candidate: Candidate }[]> {
    const start = performance.now();
    const found: { hand: HandLandmarks; candidate: Candidate }[] = [];
    for (const candidate of candidates) {
      const first = await this.landmarkModel.run(image, candidate.region);
      const hand = refine ? await this.refined(image, first) : first;
      if (hand.presence >= (lowerBar(candidate) ?? this.options.minHandPresenceConfidence)) found.push({ hand, candidate });
    }
    timings.landmarks = (timings.landmarks ?? 0) + performance.now() - start;
    return found;
  }

  private confident(hand: HandLandmarks): boolean {
    return hand.presence >= this.options.minHandPresenceConfidence;
  }

  /** Drops hands whose landmarks overlap an earlier (older track, or better detection) hand. */
  private distinct<T extends { hand: HandLandmarks }>(found: T[]): T[] {
    const boxes = found.map((f) => boxOfPoints(f.hand.landmarks));
    return distinctHands(boxes, this.options.minTrackingConfidence).map((i) => found[i]!);
  }

  /**
   * Hands of this frame to tracks: duplicates dropped (hands seen last frame, most recently
   * confident first, then new palms, then guesses),
   * the object tracker assigns IDs, and the next regions come from the raw landmarks (smoothing is
   * for what we report). Hands below minHandPresenceConfidence only keep their track alive.
   */
  private updateTracks(found: { hand: HandLandmarks; candidate: Candidate }[], timestampMs: number, seen: ReadonlySet<number>): HandObservation[] {
    // Sure hands (confident, from a region of a hand seen last frame or from a new palm) are
    // deduplicated as MediaPipe does. Guesses (a lost hand's probe at its predicted place, or a
    // faint hand) are kept only clear of every kept hand: a probe that caught the edge of a
    // neighbour, or a faint second copy, must not hold a track on a hand another one has.
    const sure = (f: { hand: HandLandmarks; candidate: Candidate }) =>
      this.confident(f.hand) && (f.candidate.trackId === undefined || seen.has(f.candidate.trackId));
    const kept = this.distinct(found.filter(sure)).slice(0, this.options.numHands);
    const keptBoxes = kept.map((f) => boxOfPoints(f.hand.landmarks));
    const guesses = found.filter((f) => !sure(f));
    for (const f of [...guesses.filter((f) => this.confident(f.hand)), ...guesses.filter((f) => !this.confident(f.hand))]) {
      if (kept.length >= this.options.numHands) break;
      const box = boxOfPoints(f.hand.landmarks);
      if (keptBoxes.some((k) => intersectionOverUnion(k, box) > this.tracker.options.minOverlap)) continue;
      kept.push(f);
      keptBoxes.push(box);
    }
    const { assignments, expired } = this.tracker.update(
      kept.map(({ hand, candidate }) => ({
        box: boxOfPoints(hand.landmarks),
        keypoints: hand.landmarks,
        score: hand.presence,
        sourceTrackId: candidate.trackId,
      })),
      timestampMs,
    );
    for (const id of expired) this.handTracks.delete(id);

    const smoothing = this.options.smoothing;
    const hands: HandObservation[] = [];
    kept.forEach(({ hand, candidate }, i) => {
      const id = assignments[i];
      if (id === undefined) return;
      let track = this.handTracks.get(id);
      if (!track) {
        track = {
          region: candidate.region,
          detectionScore: candidate.detectionScore,
          smoother: smoothing.enabled ? new LandmarkSmoother(smoothing) : undefined,
          confidentAt: timestampMs,
        };
        this.handTracks.set(id, track);
      } else if (candidate.trackId !== id) {
        // Re-attached from another region (a new palm, or a neighbour's): its detection score is this one's.
        track.detectionScore = candidate.detectionScore;
      }
      track.region = landmarksToRegion(hand.landmarks);
      if (!this.confident(hand)) return;
      track.confidentAt = timestampMs;
      const reported = track.smoother ? { ...hand, landmarks: track.smoother.smooth(hand.landmarks, timestampMs, handSize(hand)) } : hand;
      hands.push(observation(id, timestampMs, reported, { ...candidate, detectionScore: track.detectionScore }));
    });
    return hands.sort((a, b) => a.trackId - b.trackId);
  }
}

/** Least first-pass presence of a hand that the refinement pass may still confirm (measured: docs/doorway.md). */
const RESCUE_MIN_PRESENCE = 0.25;

function handSize(hand: HandLandmarks): number {
  const box = boxOfPoints(hand.landmarks);
  return Math.max(box.width, box.height);
}

function observation(trackId: number, timestampMs: number, hand: HandLandmarks, candidate: Candidate): HandObservation {
  return {
    trackId,
    timestampMs,
    landmarks: hand.landmarks,
    worldLandmarks: hand.worldLandmarks,
    handedness: hand.handedness,
    handednessScore: hand.handednessScore,
    presence: hand.presence,
    detectionScore: candidate.detectionScore,
    box: boxOfPoints(hand.landmarks),
    region: candidate.region,
  };
}
