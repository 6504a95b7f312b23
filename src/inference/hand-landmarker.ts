// MediaPipe's hand tracking for several hands, shaped like tasks-vision's HandLandmarker: palm
// detection finds new hands, the landmark model follows each hand from the region its previous
// landmarks give, and palm detection runs only while fewer than numHands hands are tracked.
import { join } from 'node:path';
import type { Frame, HandObservation, HandRegion, HandsResult, HandTracker, StageTimings } from '../types.js';
import { createLogger, type Logger } from '../util/log.js';
import { createDetectionStrategy, type DetectionStrategy } from './detection.js';
import { FrameImage } from './frame-image.js';
import { LandmarkModel, type HandLandmarks } from './landmark-model.js';
import { parseInferenceOptions, type ExecutionProviderName, type InferenceOptions, type InferenceOptionsInput } from './options.js';
import { PalmDetector } from './palm-detector.js';
import { boxOfPoints, landmarksToRegion, palmToRegion } from './region.js';
import { createSessionFactory, requireModelFiles } from './session.js';
import { distinctHands, LandmarkSmoother, newHandRegions } from './tracking.js';

interface Track {
  id: number;
  /** Where to look for the hand in the next frame. */
  region: HandRegion;
  detectionScore: number;
  smoother: LandmarkSmoother | undefined;
}

interface Candidate {
  track: Track | undefined;
  region: HandRegion;
  detectionScore: number;
}

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

export function modelPaths(options: Pick<InferenceOptions, 'modelDir' | 'variant'>): { palm: string; landmarks: string } {
  return {
    palm: join(options.modelDir, `palm_detection_${options.variant}.onnx`),
    landmarks: join(options.modelDir, `hand_landmark_${options.variant}.onnx`),
  };
}

export class HandLandmarker implements HandTracker {
  private tracks: Track[] = [];
  private nextTrackId = 1;
  private framesSinceDetection = Infinity;
  /** A track was lost since palm detection last ran: look again now. */
  private lostTrack = false;
  private lastTimestampMs = -Infinity;

  private constructor(
    readonly options: InferenceOptions,
    readonly palmDetector: PalmDetector,
    private readonly landmarkModel: LandmarkModel,
    private readonly strategy: DetectionStrategy,
  ) {}

  /** Validates options (the config file's `inference` section shape), loads both models. */
  static async createFromOptions(input: InferenceOptionsInput = {}, log: Logger = createLogger('inference')): Promise<HandLandmarker> {
    const options = parseInferenceOptions(input);
    const paths = modelPaths(options);
    requireModelFiles(paths.palm, paths.landmarks);
    const { runtime, sessions } = await createSessionFactory(options, log);
    const palm = new PalmDetector(runtime, await sessions.create(paths.palm), options.minHandDetectionConfidence);
    const landmarks = new LandmarkModel(runtime, await sessions.create(paths.landmarks));
    const strategy = await createDetectionStrategy(palm, options.detection);
    const landmarker = new HandLandmarker(options, palm, landmarks, strategy);
    log.info('hand landmarker ready', { variant: options.variant, strategy: strategy.name, ...landmarker.providers });
    return landmarker;
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
    if (frame.timestampMs < this.lastTimestampMs) {
      throw new Error(`frame ${frame.index} is older (${frame.timestampMs} ms) than the previous one (${this.lastTimestampMs} ms)`);
    }
    this.lastTimestampMs = frame.timestampMs;
    const start = performance.now();
    const timings: StageTimings = {};
    const candidates: Candidate[] = this.tracks.map((track) => ({ track, region: track.region, detectionScore: track.detectionScore }));
    const room = this.options.numHands - this.tracks.length;
    candidates.push(...this.extraCandidates(extra, candidates, room));
    const detectionDue =
      this.tracks.length === 0 || this.lostTrack || this.framesSinceDetection + 1 >= this.options.detection.intervalFrames;
    const detectionRan = room > 0 && detectionDue;

    const found = await this.withImage(frame, async (image) => {
      if (detectionRan) {
        candidates.push(...(await this.findNewHands(image, room, timings, candidates.map((c) => c.region))));
        this.framesSinceDetection = 0;
        this.lostTrack = false;
      } else {
        this.framesSinceDetection++;
      }
      return this.runLandmarks(image, candidates, timings);
    });

    const trackStart = performance.now();
    const hands = this.updateTracks(found, frame.timestampMs);
    timings.track = performance.now() - trackStart;
    timings.total = performance.now() - start;
    return { frameIndex: frame.index, timestampMs: frame.timestampMs, imageSize: { width: frame.width, height: frame.height }, hands, people: [], detectionRan, timings };
  }

  /** Hands in a single image: palm detection (and `extra` regions) then landmarks, no tracking (track IDs number the hands from 1). */
  async detect(frame: Frame, extra: readonly ExtraHandRegion[] = []): Promise<HandsResult> {
    const start = performance.now();
    const timings: StageTimings = {};
    const found = await this.withImage(frame, async (image) => {
      const candidates = this.extraCandidates(extra, [], this.options.numHands);
      candidates.push(...(await this.findNewHands(image, this.options.numHands, timings, candidates.map((c) => c.region))));
      return this.runLandmarks(image, candidates, timings, this.refineStill);
    });
    const hands = this.distinct(found).map(({ hand, candidate }, i) => observation(i + 1, frame.timestampMs, hand, candidate));
    timings.total = performance.now() - start;
    return { frameIndex: frame.index, timestampMs: frame.timestampMs, imageSize: { width: frame.width, height: frame.height }, hands, people: [], detectionRan: true, timings };
  }

  /** Runs `body` with the frame as an image and frees the image's native memory right after. */
  private async withImage<T>(frame: Frame, body: (image: FrameImage) => Promise<T>): Promise<T> {
    const image = new FrameImage(frame);
    try {
      return await body(image);
    } finally {
      image.release();
    }
  }

  reset(): void {
    this.tracks = [];
    this.framesSinceDetection = Infinity;
    this.lostTrack = false;
    this.lastTimestampMs = -Infinity;
    this.strategy.reset?.();
  }

  async close(): Promise<void> {
    await Promise.all([this.palmDetector.model.session.release(), this.landmarkModel.model.session.release()]);
  }

  /**
   * Extra regions not overlapping a candidate already taken, at most `room`. They do not take palm
   * detection's room: a wrong guess from a body must not keep palm detection from a real hand
   * (duplicates of one hand are dropped after the landmark model).
   */
  private extraCandidates(extra: readonly ExtraHandRegion[], taken: readonly Candidate[], room: number): Candidate[] {
    const fresh = extra.map((e) => ({ region: e.region, detectionScore: e.score, track: undefined }));
    return newHandRegions(fresh, taken.map((c) => c.region), room, this.options.minTrackingConfidence);
  }

  private async findNewHands(image: FrameImage, room: number, timings: StageTimings, tracked: readonly HandRegion[]): Promise<Candidate[]> {
    const { detections, cost } = await this.strategy.detect(image, tracked);
    timings.detect = cost.ms;
    const palmRegions = detections.map((d) => ({ region: palmToRegion(d), detectionScore: d.score, track: undefined }));
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

  private async runLandmarks(
    image: FrameImage,
    candidates: Candidate[],
    timings: StageTimings,
    refine = false,
  ): Promise<{ hand: HandLandmarks; candidate: Candidate }[]> {
    const start = performance.now();
    const found: { hand: HandLandmarks; candidate: Candidate }[] = [];
    for (const candidate of candidates) {
      const first = await this.landmarkModel.run(image, candidate.region);
      const hand = refine ? await this.refined(image, first) : first;
      if (hand.presence >= this.options.minHandPresenceConfidence) found.push({ hand, candidate });
      else if (candidate.track) this.lostTrack = true;
    }
    timings.landmarks = performance.now() - start;
    return found;
  }

  /** Drops hands whose landmarks overlap an earlier (older track, or better detection) hand. */
  private distinct<T extends { hand: HandLandmarks }>(found: T[]): T[] {
    const boxes = found.map((f) => boxOfPoints(f.hand.landmarks));
    return distinctHands(boxes, this.options.minTrackingConfidence).map((i) => found[i]!);
  }

  private updateTracks(found: { hand: HandLandmarks; candidate: Candidate }[], timestampMs: number): HandObservation[] {
    const kept = this.distinct(found);
    if (kept.length < found.length && found.some((f) => f.candidate.track && !kept.includes(f))) this.lostTrack = true;
    const smoothing = this.options.smoothing;
    this.tracks = [];
    const hands: HandObservation[] = [];
    for (const { hand, candidate } of kept) {
      const track: Track = candidate.track ?? {
        id: this.nextTrackId++,
        region: candidate.region,
        detectionScore: candidate.detectionScore,
        smoother: smoothing.enabled ? new LandmarkSmoother(smoothing) : undefined,
      };
      // The next region comes from the raw landmarks; smoothing is for what we report.
      track.region = landmarksToRegion(hand.landmarks);
      this.tracks.push(track);
      const reported = track.smoother
        ? { ...hand, landmarks: track.smoother.smooth(hand.landmarks, timestampMs, handSize(hand)) }
        : hand;
      hands.push(observation(track.id, timestampMs, reported, candidate));
    }
    return hands;
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
