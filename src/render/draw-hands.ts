// Draws hands on a BGR image with OpenCV: skeleton, landmark dots coloured by finger, the landmark
// model's region (rotated square) and a label with track ID, handedness and scores.
import type { HandObservation } from '../types.js';
import { loadOpenCV, type Mat } from '../util/opencv.js';
import { regionCorners } from '../inference/region.js';
import { fingerOf, HAND_CONNECTIONS } from './hand-skeleton.js';
import { putOutlinedText } from './outlined-text.js';

/** BGR colours: palm, thumb, index, middle, ring, pinky. */
const FINGER_COLOURS: [number, number, number][] = [
  [255, 255, 255],
  [0, 140, 255],
  [0, 230, 255],
  [60, 220, 60],
  [255, 160, 0],
  [220, 60, 220],
];
/** One colour per track ID so the same hand keeps its colour across frames. */
const TRACK_COLOURS: [number, number, number][] = [
  [80, 80, 255],
  [255, 200, 0],
  [0, 220, 120],
  [240, 80, 240],
  [0, 200, 255],
  [255, 120, 120],
];

export interface DrawOptions {
  /** Draw the rotated region the landmark model looked at. */
  regions?: boolean;
}

/** Draws on `image` in place (BGR Mat of the frame the hands were found in). */
export function drawHands(image: Mat, hands: readonly HandObservation[], options: DrawOptions = {}): void {
  const cv = loadOpenCV();
  const imageScale = Math.max(image.cols, image.rows) / 640;
  const point = (x: number, y: number) => new cv.Point2(Math.round(x), Math.round(y));
  const colour = ([b, g, r]: [number, number, number]) => new cv.Vec3(b, g, r);

  for (const hand of hands) {
    // Lines and dots follow the hand's size so small hands stay readable; the label follows the image.
    const handSize = Math.max(hand.box.width, hand.box.height);
    const thickness = Math.max(1, Math.min(Math.round(handSize / 60), Math.round(2 * imageScale)));
    const radius = Math.max(1, Math.min(Math.round(handSize / 30), Math.round(4 * imageScale)));
    const trackColour = colour(TRACK_COLOURS[hand.trackId % TRACK_COLOURS.length]!);
    if (options.regions) {
      const corners = regionCorners(hand.region);
      corners.forEach((c, i) => {
        const next = corners[(i + 1) % corners.length]!;
        image.drawLine(point(c.x, c.y), point(next.x, next.y), trackColour, Math.max(1, thickness - 1), cv.LINE_AA);
      });
    }
    const lm = hand.landmarks;
    for (const [a, b] of HAND_CONNECTIONS) {
      image.drawLine(point(lm[a]!.x, lm[a]!.y), point(lm[b]!.x, lm[b]!.y), trackColour, thickness, cv.LINE_AA);
    }
    lm.forEach((p, i) => {
      image.drawCircle(point(p.x, p.y), radius, colour(FINGER_COLOURS[fingerOf(i)]!), -1, cv.LINE_AA);
    });
    const label = `#${hand.trackId} ${hand.handedness} ${hand.handednessScore.toFixed(2)}`;
    const fontScale = 0.4 * imageScale;
    const textThickness = Math.max(1, Math.round(imageScale));
    const anchor = point(hand.box.xMin, Math.max(12 * imageScale, hand.box.yMin - 4 * imageScale));
    putOutlinedText(image, label, anchor, fontScale, trackColour, textThickness);
  }
}
