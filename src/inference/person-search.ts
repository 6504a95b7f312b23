// Where the person detector looks: the whole frame (MediaPipe's search) and, while room is left for
// people not yet found, a closer look at the places the whole frame only half believes in. The pose
// detector was trained on people near the camera: its box is always a fifth of its input, the face of
// someone whose head and shoulders fill the picture. A person only as tall as the frame shows it a
// face a quarter of that size or less, and it scores them under its threshold or misses them. So each
// weak whole-frame detection (minScore up to minPersonDetectionConfidence) is searched again in a
// window round that person, zoomed so their head is a fifth of the window, where it must pass the
// usual threshold. A window only where the whole frame saw someone: a grid of zoomed windows over the
// whole frame made people of legs and heads that the pose model then tracked (docs/people.md).
import type { Box } from '../types.js';
import type { FrameImage } from './frame-image.js';
import { intersectionOverUnion, weightedNonMaxSuppression } from './nms.js';
import type { Detection } from './palm-decode.js';
import type { PoseDetector } from './pose-detector.js';
import { fullFrameRect } from './ssd-detector.js';

export interface CloserLookOptions {
  /** Whole-frame detections from this score (below the detector's threshold) get a closer look; 1: none. */
  minScore: number;
  /** Most closer looks per detection run (each one detector run). */
  maxLooks: number;
}

/**
 * Head height as a share of the distance from the face centre to the hip centre: an adult's head is
 * about 1/7.5 of their height and the hips about half way down, so the face centre is some 3.2 heads
 * above the hips (about 3 on the detector's own keypoints for the two people of handshake clip 4_1:
 * faces about 30 px, face centre to hip centre 91–98 px).
 */
const HEAD_PER_FACE_TO_HIP = 1 / 3;
/** The detector's box is this share of its input: a look is zoomed so the person's head fills it. */
const FACE_SHARE_OF_INPUT = 0.2;
/** A closer look zooms at most this much into the frame (a window of input / 8 frame pixels at least). */
const MAX_ZOOM = 8;

function centre(box: Box): { x: number; y: number } {
  return { x: box.xMin + box.width / 2, y: box.yMin + box.height / 2 };
}

/** The person's head height in frame pixels, from the detection's face centre and hip centre. */
export function headHeight(detection: Detection): number {
  const face = centre(detection.box);
  const hip = detection.keypoints[0]!;
  return Math.hypot(hip.x - face.x, hip.y - face.y) * HEAD_PER_FACE_TO_HIP;
}

/**
 * The detection with its box replaced by a square face box of the person's own scale: a head's height
 * round the box centre. The detector's box is a fixed fifth of whatever input it saw, so boxes from
 * inputs of different zoom never overlap enough to be merged.
 */
export function physicalFaceBox(detection: Detection): Detection {
  const { x, y } = centre(detection.box);
  const side = headHeight(detection);
  return { ...detection, box: { xMin: x - side / 2, yMin: y - side / 2, width: side, height: side } };
}

/**
 * The window a closer look searches: centred half way from the face to the hips (head and upper body
 * in view), its side five heads so the head is the fifth of the input the detector's box is, and at
 * least inputSize / MAX_ZOOM frame pixels.
 */
export function closerLookWindow(detection: Detection, inputSize: number): Box {
  const face = centre(detection.box);
  const hip = detection.keypoints[0]!;
  const side = Math.max(headHeight(detection) / FACE_SHARE_OF_INPUT, inputSize / MAX_ZOOM);
  const x = (face.x + hip.x) / 2;
  const y = (face.y + hip.y) / 2;
  return { xMin: x - side / 2, yMin: y - side / 2, width: side, height: side };
}

/** Detections of the whole frame and of closer looks (frame pixels) as one list of people, best first. */
export function mergePersonDetections(detections: readonly Detection[], nmsIou: number): Detection[] {
  return weightedNonMaxSuppression(detections.map(physicalFaceBox), nmsIou);
}

export interface PersonSearchResult {
  detections: Detection[];
  /** Detector runs this search took. */
  modelRuns: number;
}

export class PersonSearch {
  constructor(
    readonly detector: PoseDetector,
    private readonly closer: CloserLookOptions,
  ) {}

  /**
   * People on the whole frame (MediaPipe's detections, unchanged); unless `enough` says those do, the
   * best `maxLooks` weak ones that are not `known` people are looked at closer, and what the looks
   * confirm is merged in.
   */
  async detect(
    image: FrameImage,
    enough: (detections: readonly Detection[]) => boolean,
    known: (detection: Detection) => boolean,
  ): Promise<PersonSearchResult> {
    const { minScore: threshold, spec } = this.detector;
    const floor = Math.min(this.closer.minScore, threshold);
    const raw = await this.detector.detectRaw(image, fullFrameRect(image), floor);
    const confident = raw.filter((d) => d.score >= threshold);
    const detections = weightedNonMaxSuppression(confident, spec.nmsIou);
    if (floor >= threshold || this.closer.maxLooks <= 0 || enough(detections)) return { detections, modelRuns: 1 };
    const weak = weightedNonMaxSuppression(
      raw.filter((d) => d.score < threshold),
      spec.nmsIou,
    )
      .filter((w) => !known(w) && detections.every((d) => intersectionOverUnion(d.box, w.box) <= spec.nmsIou))
      .slice(0, this.closer.maxLooks);
    if (!weak.length) return { detections, modelRuns: 1 };
    const confirmed: Detection[] = [];
    for (const proposal of weak) {
      // The best detection of the look is the person it was centred on.
      const [best] = await this.detector.detect(image, closerLookWindow(proposal, this.detector.inputSize));
      if (best) confirmed.push(best);
    }
    return { detections: mergePersonDetections([...confident, ...confirmed], spec.nmsIou), modelRuns: 1 + weak.length };
  }
}
