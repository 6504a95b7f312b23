// Hands and people together, MediaPipe Holistic's approach for several people: people are tracked by
// the pose models, each visible wrist gives a hand region (refined by hand_recrop) that the hand
// landmarker tries beside palm detection's, and every hand is linked to the person it belongs to.
// With inference.people.enabled off it is the hand landmarker alone.
import { join } from 'node:path';
import type { Frame, HandRegion, HandsResult, HandTracker } from '../types.js';
import { createLogger, type Logger } from '../util/log.js';
import { bodyHandRegions, linkHandsToPeople, wristKey } from './body-hands.js';
import { withFrameImage, type FrameImage } from './frame-image.js';
import { HandLandmarker, modelPaths, type ExtraHandRegion, type ProviderReport } from './hand-landmarker.js';
import { HandRecropModel } from './hand-recrop-model.js';
import { parseInferenceOptions, type InferenceOptions, type InferenceOptionsInput } from './options.js';
import { PoseLandmarker, poseModelPaths, type PeopleResult, type PoseProviderReport } from './pose-landmarker.js';
import { landmarksToRegion } from './region.js';
import { createSessionFactory, requireModelFiles } from './session.js';
import { newHandRegions } from './tracking.js';

function handRecropPath(options: Pick<InferenceOptions, 'modelDir'>): string {
  return join(options.modelDir, 'hand_recrop.onnx');
}

export class HolisticLandmarker implements HandTracker {
  /** Regions the hand tracker follows into the next frame: body regions there are not new hands. */
  private trackedHandRegions: HandRegion[] = [];
  /**
   * Frame index at which each wrist's region last failed to give a hand: it is tried again only
   * every people.detectionIntervalFrames frames (as the person detector), not on every frame.
   */
  private failedWrists = new Map<string, number>();
  /**
   * When each hand track was last linked to a person (ms): if one is lost, its body's wrist region
   * finds it again, so its loss needs no whole-frame palm search. Kept as long as a lost track lives.
   */
  private handsOnBodies = new Map<number, number>();
  /** Track IDs of the people of the last frame: a person new in a frame has had no hand search from its body yet. */
  private lastPeople = new Set<number>();

  private constructor(
    readonly options: InferenceOptions,
    readonly hands: HandLandmarker,
    readonly people: PoseLandmarker | undefined,
    private readonly recrop: HandRecropModel | undefined,
  ) {}

  /** Validates options (the config file's `inference` section), loads the hand models and, with people on, the pose models. */
  static async createFromOptions(input: InferenceOptionsInput = {}, log: Logger = createLogger('inference')): Promise<HolisticLandmarker> {
    const options = parseInferenceOptions(input);
    requireModelFiles(...Object.values(modelPaths(options)));
    // One factory for every model: a provider that fails is logged once and skipped by the rest.
    const sessions = await createSessionFactory(options, log);
    const hands = await HandLandmarker.load(options, sessions, log);
    if (!options.people.enabled) return new HolisticLandmarker(options, hands, undefined, undefined);
    requireModelFiles(...Object.values(poseModelPaths(options)));
    const pose = await PoseLandmarker.load(options, sessions, log);
    let recrop: HandRecropModel | undefined;
    if (options.people.handRecrop) {
      requireModelFiles(handRecropPath(options));
      recrop = new HandRecropModel(await sessions.create(handRecropPath(options)));
    }
    return new HolisticLandmarker(options, hands, pose, recrop);
  }

  /** Execution providers of every model session, for logs and the status page. */
  get providers(): ProviderReport & Partial<PoseProviderReport> {
    return { ...this.hands.providers, ...this.people?.providers };
  }

  async detectForVideo(frame: Frame): Promise<HandsResult> {
    if (!this.people) return this.hands.detectForVideo(frame);
    const start = performance.now();
    const retryFrames = this.options.people.detectionIntervalFrames;
    const due = (wrist: string) => frame.index - (this.failedWrists.get(wrist) ?? -Infinity) >= retryFrames;
    const { result, extra } = await withFrameImage(frame, async (image) => {
      const { people, extra, timings } = await this.bodies(image, await this.people!.track(image), this.trackedHandRegions, due);
      const context = { people: people.filter((p) => this.lastPeople.has(p.trackId)).length, handsOnBodies: new Set(this.handsOnBodies.keys()) };
      return { result: this.combine(await this.hands.track(image, extra, context), people, timings, start), extra };
    });
    this.trackedHandRegions = result.hands.map((hand) => landmarksToRegion(hand.landmarks));
    this.lastPeople = new Set(result.people.map((p) => p.trackId));
    for (const hand of result.hands) if (hand.personId !== undefined) this.handsOnBodies.set(hand.trackId, frame.timestampMs);
    for (const [id, at] of this.handsOnBodies) if (frame.timestampMs - at > this.options.tracking.bufferMs) this.handsOnBodies.delete(id);
    const found = new Set(result.people.flatMap((p) => p.hands.filter((h) => h.handTrackId !== undefined).map((h) => wristKey(p.trackId, h.side))));
    for (const { wrist } of extra) {
      if (found.has(wrist)) this.failedWrists.delete(wrist);
      else this.failedWrists.set(wrist, frame.index);
    }
    return result;
  }

  /** Hands and people in a single image, no tracking. */
  async detect(frame: Frame): Promise<HandsResult> {
    if (!this.people) return this.hands.detect(frame);
    const start = performance.now();
    return withFrameImage(frame, async (image) => {
      const { people, extra, timings } = await this.bodies(image, await this.people!.detectOnImage(image), [], () => true);
      return this.combine(await this.hands.detectOnImage(image, extra), people, timings, start);
    });
  }

  reset(): void {
    this.hands.reset();
    this.people?.reset();
    this.trackedHandRegions = [];
    this.failedWrists.clear();
    this.handsOnBodies.clear();
    this.lastPeople.clear();
  }

  async close(): Promise<void> {
    await Promise.all([this.hands.close(), this.people?.close(), this.recrop?.model.runner.release()]);
  }

  /**
   * The people found and the hand regions their wrists give (refined by hand_recrop), except where a
   * hand is tracked already or the wrist is not `due` to be tried.
   */
  private async bodies(
    image: FrameImage,
    found: PeopleResult,
    tracked: readonly HandRegion[],
    due: (wrist: string) => boolean,
  ): Promise<PeopleResult & { extra: (ExtraHandRegion & { wrist: string })[] }> {
    const wrists = bodyHandRegions(found.people).filter((c) => due(c.wrist));
    const fresh = newHandRegions(wrists, tracked, Infinity, this.options.minTrackingConfidence);
    if (!this.recrop) return { ...found, extra: fresh };
    const start = performance.now();
    const extra: (ExtraHandRegion & { wrist: string })[] = [];
    for (const candidate of fresh) extra.push({ ...candidate, region: await this.recrop.refine(image, candidate.region) });
    found.timings.pose = (found.timings.pose ?? 0) + performance.now() - start;
    return { ...found, extra };
  }

  private combine(result: HandsResult, people: PeopleResult['people'], timings: PeopleResult['timings'], start: number): HandsResult {
    const linked = linkHandsToPeople(result.hands, people);
    return { ...result, ...linked, timings: { ...timings, ...result.timings, total: performance.now() - start } };
  }
}
