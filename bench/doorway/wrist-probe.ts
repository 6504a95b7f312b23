// How far a better hand region could take the doorway cells: for each wrist of a cell the people path
// missed, the hand landmark model's presence on the region the pipeline gives it and the best presence
// over a fixed set of other regions around the same wrist (scaled, shifted, and the region of the
// model's own landmarks, as tracking would try next). No check is applied to the best one, so the
// count of cells it lifts over the threshold is an upper bound on what choosing regions can add.
import { join } from 'node:path';
import { MIN_WRIST_VISIBILITY } from '../../src/inference/body-hands.js';
import { withFrameImage, type FrameImage } from '../../src/inference/frame-image.js';
import { HandRecropModel } from '../../src/inference/hand-recrop-model.js';
import { LandmarkModel } from '../../src/inference/landmark-model.js';
import { parseInferenceOptions } from '../../src/inference/options.js';
import { landmarksToRegion } from '../../src/inference/region.js';
import { createSessionFactory } from '../../src/inference/session.js';
import type { Frame, HandRegion, PersonObservation } from '../../src/types.js';
import { createLogger } from '../../src/util/log.js';

const SCALES = [0.7, 0.85, 1.2, 1.4];
/** Shifts of the region's centre, in region sides. */
const SHIFTS: ReadonlyArray<[number, number]> = [
  [0.2, 0],
  [-0.2, 0],
  [0, 0.2],
  [0, -0.2],
];

export interface WristProbe {
  /** Presence on the region the pipeline tries (the body region refined by hand_recrop). */
  pipeline: number;
  /** Best presence over the 15 probe regions, and which one. */
  best: number;
  bestRegion: string;
}

const scaled = (r: HandRegion, k: number): HandRegion => ({ ...r, width: r.width * k, height: r.height * k });
const shifted = (r: HandRegion, dx: number, dy: number): HandRegion => ({ ...r, xCenter: r.xCenter + dx * r.width, yCenter: r.yCenter + dy * r.height });

export class WristProber {
  private constructor(
    private readonly landmarks: LandmarkModel,
    private readonly recrop: HandRecropModel,
  ) {}

  /** The full hand landmark model and hand_recrop from `modelDir`, as the doorway pipelines load them. */
  static async load(modelDir: string): Promise<WristProber> {
    const sessions = await createSessionFactory(parseInferenceOptions({ modelDir }), createLogger('wrist-probe'));
    return new WristProber(
      new LandmarkModel(await sessions.create(join(modelDir, 'hand_landmark_full.onnx'))),
      new HandRecropModel(await sessions.create(join(modelDir, 'hand_recrop.onnx'))),
    );
  }

  /** One probe per visible wrist of the people found in `frame`. */
  probe(frame: Frame, people: readonly PersonObservation[]): Promise<WristProbe[]> {
    return withFrameImage(frame, async (image) => {
      const probes: WristProbe[] = [];
      for (const hand of people.flatMap((p) => p.hands)) {
        if (hand.wrist.visibility >= MIN_WRIST_VISIBILITY) probes.push(await this.probeWrist(image, hand.region));
      }
      return probes;
    });
  }

  async close(): Promise<void> {
    await Promise.all([this.landmarks.model.runner.release(), this.recrop.model.runner.release()]);
  }

  private async probeWrist(image: FrameImage, body: HandRegion): Promise<WristProbe> {
    const refined = await this.recrop.refine(image, body);
    const first = await this.landmarks.run(image, refined);
    const regions: Array<[string, HandRegion]> = [
      ['body region', body],
      ...SCALES.flatMap(
        (k): Array<[string, HandRegion]> => [
          [`refined x${k}`, scaled(refined, k)],
          [`body x${k}`, scaled(body, k)],
        ],
      ),
      ...SHIFTS.map(([dx, dy]): [string, HandRegion] => [`refined moved ${dx},${dy}`, shifted(refined, dx, dy)]),
      ['own landmarks', landmarksToRegion(first.landmarks)],
    ];
    let best = first.presence;
    let bestRegion = 'refined';
    for (const [name, region] of regions) {
      const { presence } = await this.landmarks.run(image, region);
      if (presence > best) [best, bestRegion] = [presence, name];
    }
    return { pipeline: first.presence, best, bestRegion };
  }
}
