// Draws the body handshake's geometry on a BGR image with OpenCV, for the live view and the figure
// in docs/gestures.md: each torso (mid-hip → mid-shoulder, the yardstick T) with its waist-to-chest
// band, the line between the torso centres, each shaking forearm as an arrow, the wrists, and the
// circle of wristsTogether T round the meeting point inside which the wrists count as together.
// The figure is drawn after the people and hands, so it stays on top.
import type { Mat } from '../util/opencv.js';
import { bodyHandshakeModel, type BodyClasp } from '../gestures/handshake-people.js';
import type { PersonSample } from '../gestures/people-history.js';
import type { BodyHand } from '../types.js';
import { loadOpenCV } from '../util/opencv.js';
import { putOutlinedText } from './outlined-text.js';

// BGR; chosen apart from the people's and hands' track colours.
const CYAN: [number, number, number] = [255, 255, 0];
const GREEN: [number, number, number] = [60, 220, 60];
const WHITE: [number, number, number] = [255, 255, 255];
const RED: [number, number, number] = [40, 40, 255];
const YELLOW: [number, number, number] = [0, 230, 255];

/** Draws on `image` in place; `a` and `b` are the two people, `arms` the shaking arm of each, `clasp` their cues. */
export function drawHandshakeGeometry(image: Mat, a: PersonSample, b: PersonSample, arms: [BodyHand, BodyHand], clasp: BodyClasp): void {
  const cv = loadOpenCV();
  const imageScale = Math.max(image.cols, image.rows) / 640;
  const thickness = Math.max(1, Math.round(1.5 * imageScale));
  const point = (p: { x: number; y: number }) => new cv.Point2(Math.round(p.x), Math.round(p.y));
  const colour = ([bl, g, r]: [number, number, number]) => new cv.Vec3(bl, g, r);
  const text = (label: string, at: { x: number; y: number }, c: [number, number, number]): void => {
    putOutlinedText(image, label, point(at), 0.42 * imageScale, colour(c), thickness);
  };
  const torso = (a.torso + b.torso) / 2;
  for (const p of [a, b]) {
    const along = (k: number) => ({ x: p.hip.x + p.up.x * k * p.torso, y: p.hip.y + p.up.y * k * p.torso });
    // The torso itself, then the band where a handshake's hands are (full score), beside it.
    image.drawLine(point(along(0)), point(along(1)), colour(WHITE), thickness, cv.LINE_AA);
    const side = { x: -p.up.y * 0.12 * p.torso, y: p.up.x * 0.12 * p.torso };
    const low = along(bodyHandshakeModel.lowFull);
    const high = along(bodyHandshakeModel.highFull);
    image.drawLine(point({ x: low.x + side.x, y: low.y + side.y }), point({ x: high.x + side.x, y: high.y + side.y }), colour(GREEN), thickness, cv.LINE_AA);
    image.drawCircle(point(p.centre), thickness + 2, colour(WHITE), -1, cv.LINE_AA);
    text(`T=${p.torso.toFixed(0)}px`, { x: along(1).x + 6 * imageScale, y: along(1).y }, WHITE);
  }
  image.drawLine(point(a.centre), point(b.centre), colour(WHITE), Math.max(1, thickness - 1), cv.LINE_AA);
  for (const arm of arms) {
    image.drawArrowedLine(point(arm.elbow), point(arm.wrist), colour(CYAN), thickness + 1, cv.LINE_AA, 0, 0.3);
    image.drawCircle(point(arm.wrist), thickness + 2, colour(RED), -1, cv.LINE_AA);
  }
  image.drawCircle(point(clasp.meeting), Math.round(bodyHandshakeModel.wristsTogether * torso), colour(RED), thickness, cv.LINE_AA);
  const cues = `together ${clasp.together.toFixed(2)}  apart ${clasp.apart.toFixed(2)}  between ${clasp.between.toFixed(2)}  reach ${clasp.reachA.toFixed(2)}/${clasp.reachB.toFixed(2)}  height ${clasp.heightA.toFixed(2)}/${clasp.heightB.toFixed(2)}`;
  text(cues, { x: 8 * imageScale, y: image.rows - 10 * imageScale }, YELLOW);
}
