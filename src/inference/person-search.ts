// Where the person detector looks: the whole frame (MediaPipe's search) and, while room is left for
// people not yet found, zoomed overlapping sub-windows of it. The pose detector was trained on people
// near the camera: its box is always a fifth of its input (the face of someone whose head and
// shoulders fill the picture), so a person only as tall as the frame shows it a face a quarter of the
// size it looks for, and a farther one less. A window of half the frame's short side shows it a
// frame-tall person at the scale it knows; windows overlap by at least that box (a fifth of a
// window), so every face lies whole in one of them. Detections from all of them are merged by weighted
// NMS on face boxes of one physical scale.
import type { Box } from '../types.js';
import type { FrameImage } from './frame-image.js';
import { weightedNonMaxSuppression } from './nms.js';
import type { Detection } from './palm-decode.js';
import type { PoseDetector } from './pose-detector.js';
import { fullFrameRect } from './ssd-detector.js';
import { tileLayout, tilesInTurn } from './strategies/tile-layout.js';

export interface SearchWindowOptions {
  /** Zoom of a window: its side is the frame's short side / zoom (1 or less: whole frame only). */
  zoom: number;
  /** Least overlap of neighbouring windows, fraction of a side. */
  overlap: number;
  /** Windows searched per detection run on video, taking turns (0: all of them). */
  perRun: number;
}

/** Square windows of (short side / zoom) frame pixels covering the frame, row by row; none at zoom ≤ 1. */
export function searchWindows(frame: { width: number; height: number }, zoom: number, overlap: number): Box[] {
  if (!(zoom > 1)) return [];
  return tileLayout(fullFrameRect(frame), Math.min(frame.width, frame.height) / zoom, overlap);
}

/**
 * Head height as a share of the distance from the face centre to the hip centre: an adult's head is
 * about 1/7.5 of their height and the hips about half way down, so the face centre is some 3.2 heads
 * above the hips (3.0–3.4 measured on the detector's own keypoints on the handshake clips' people).
 */
const HEAD_PER_FACE_TO_HIP = 1 / 3;

/**
 * The detection with its box replaced by a square face box of the person's own scale: a head's height
 * (a third of face centre to hip centre) round the box centre. The detector's box is a fixed fifth of
 * whatever input it saw, so boxes from windows of different zoom never overlap enough to be merged.
 */
export function physicalFaceBox(detection: Detection): Detection {
  const { box } = detection;
  const x = box.xMin + box.width / 2;
  const y = box.yMin + box.height / 2;
  const hip = detection.keypoints[0]!;
  const side = Math.hypot(hip.x - x, hip.y - y) * HEAD_PER_FACE_TO_HIP;
  return { ...detection, box: { xMin: x - side / 2, yMin: y - side / 2, width: side, height: side } };
}

/** Detections of the whole frame and of windows (frame pixels, before NMS) as one list of people, best first. */
export function mergePersonDetections(raw: readonly Detection[], nmsIou: number): Detection[] {
  return weightedNonMaxSuppression(raw.map(physicalFaceBox), nmsIou);
}

export interface PersonSearchResult {
  detections: Detection[];
  /** Detector runs this search took. */
  modelRuns: number;
}

export class PersonSearch {
  /** Next window to search when windows take turns. */
  private cursor = 0;

  constructor(
    readonly detector: PoseDetector,
    private readonly windows: SearchWindowOptions,
  ) {}

  /**
   * People on the whole frame (MediaPipe's search); unless `enough` says those do, also in the zoomed
   * windows (on video `perRun` of them, taking turns; on stills all of them), all merged.
   */
  async detect(image: FrameImage, video: boolean, enough: (detections: readonly Detection[]) => boolean): Promise<PersonSearchResult> {
    const whole = await this.detector.detectRaw(image, fullFrameRect(image));
    const detections = weightedNonMaxSuppression(whole, this.detector.spec.nmsIou);
    const all = searchWindows(image, this.windows.zoom, this.windows.overlap);
    if (!all.length || enough(detections)) return { detections, modelRuns: 1 };
    const turn = tilesInTurn(all, video ? this.windows.perRun : 0, this.cursor);
    this.cursor = turn.cursor;
    const raw = [...whole];
    for (const rect of turn.chosen) raw.push(...(await this.detector.detectRaw(image, rect)));
    return { detections: mergePersonDetections(raw, this.detector.spec.nmsIou), modelRuns: 1 + turn.chosen.length };
  }

  reset(): void {
    this.cursor = 0;
  }
}
