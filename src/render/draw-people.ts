// Draws people on a BGR image with OpenCV: body skeleton (points the pose model sees), one colour per
// person track, and a label with the person ID above the head.
import type { PersonObservation } from '../types.js';
import { loadOpenCV, type Mat } from '../util/opencv.js';
import { putOutlinedText } from './outlined-text.js';
import { POSE_CONNECTIONS } from './pose-skeleton.js';

/** One colour per person track ID (BGR), distinct from the hand track colours' order. */
const PERSON_COLOURS: [number, number, number][] = [
  [255, 255, 0],
  [0, 165, 255],
  [255, 0, 255],
  [0, 255, 0],
  [255, 128, 128],
  [128, 128, 255],
];
/** Points less visible than this are not drawn (MediaPipe's drawing default). */
const MIN_VISIBILITY = 0.5;

/** Draws on `image` in place (BGR Mat of the frame the people were found in). */
export function drawPeople(image: Mat, people: readonly PersonObservation[]): void {
  const cv = loadOpenCV();
  const imageScale = Math.max(image.cols, image.rows) / 640;
  const point = (x: number, y: number) => new cv.Point2(Math.round(x), Math.round(y));
  for (const person of people) {
    const [b, g, r] = PERSON_COLOURS[person.trackId % PERSON_COLOURS.length]!;
    const colour = new cv.Vec3(b, g, r);
    const size = Math.max(person.box.width, person.box.height);
    const thickness = Math.max(1, Math.min(Math.round(size / 100), Math.round(2 * imageScale)));
    const lm = person.landmarks;
    const seen = (i: number) => lm[i]!.visibility >= MIN_VISIBILITY;
    for (const [a, c] of POSE_CONNECTIONS) {
      if (seen(a) && seen(c)) image.drawLine(point(lm[a]!.x, lm[a]!.y), point(lm[c]!.x, lm[c]!.y), colour, thickness, cv.LINE_AA);
    }
    lm.forEach((p, i) => {
      if (seen(i)) image.drawCircle(point(p.x, p.y), thickness + 1, colour, -1, cv.LINE_AA);
    });
    const label = `P${person.trackId}`;
    const fontScale = 0.5 * imageScale;
    const textThickness = Math.max(1, Math.round(imageScale));
    // Above the head (the highest face point), not at the box corner an outstretched arm pulls away.
    const face = lm.slice(0, 11);
    const top = Math.min(...face.map((p) => p.y));
    const anchor = point(lm[0]!.x - 8 * imageScale, Math.max(14 * imageScale, top - 8 * imageScale));
    putOutlinedText(image, label, anchor, fontScale, colour, textThickness);
  }
}
