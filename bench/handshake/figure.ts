// The figure in docs/gestures.md: one real frame from the middle of a handshake's contact window,
// twice its size, with the people and hands the pipeline found and the body handshake's geometry
// drawn over them. The frame is from UT-Interaction (research use with citation), so the picture is too.
import { bodyClasp } from '../../src/gestures/handshake-people.js';
import { personSample } from '../../src/gestures/people-history.js';
import { drawHands } from '../../src/render/draw-hands.js';
import { drawHandshakeGeometry } from '../../src/render/draw-handshake.js';
import { drawPeople } from '../../src/render/draw-people.js';
import type { BodyHand, HandObservation, HandsResult, PersonObservation } from '../../src/types.js';
import { loadOpenCV } from '../../src/util/opencv.js';
import type { Clip } from './clips.js';

const SCALE = 2;

const scalePoint = <P extends { x: number; y: number }>(p: P): P => ({ ...p, x: p.x * SCALE, y: p.y * SCALE });
const scaleBox = (b: { xMin: number; yMin: number; width: number; height: number }) => ({
  xMin: b.xMin * SCALE,
  yMin: b.yMin * SCALE,
  width: b.width * SCALE,
  height: b.height * SCALE,
});
const scaleRegion = <R extends { xCenter: number; yCenter: number; width: number; height: number }>(r: R): R => ({
  ...r,
  xCenter: r.xCenter * SCALE,
  yCenter: r.yCenter * SCALE,
  width: r.width * SCALE,
  height: r.height * SCALE,
});

function scalePerson(p: PersonObservation): PersonObservation {
  const hand = (h: BodyHand): BodyHand => ({ ...h, wrist: scalePoint(h.wrist), elbow: scalePoint(h.elbow), region: scaleRegion(h.region) });
  return { ...p, landmarks: p.landmarks.map(scalePoint), box: scaleBox(p.box), region: scaleRegion(p.region), hands: p.hands.map(hand) };
}

function scaleHand(h: HandObservation): HandObservation {
  return { ...h, landmarks: h.landmarks.map(scalePoint), box: scaleBox(h.box), region: scaleRegion(h.region) };
}

/** Writes the figure as a PNG; returns the time of the frame drawn, seconds. */
export function writeFigure(clip: Clip, frames: readonly HandsResult[], outPath: string): number {
  const cv = loadOpenCV();
  const middle = clip.contact ? (clip.contact.from + clip.contact.to) / 2 : 0;
  const index = frames.reduce((best, f, i) => (Math.abs(f.timestampMs / 1000 - middle) < Math.abs(frames[best]!.timestampMs / 1000 - middle) ? i : best), 0);
  const result = frames[index]!;
  if (result.people.length < 2) throw new Error(`${clip.name}: fewer than two people at ${middle} s`);
  const capture = new cv.VideoCapture(clip.path);
  let image: ReturnType<typeof capture.read>;
  try {
    capture.set(cv.CAP_PROP_POS_FRAMES, result.frameIndex);
    image = capture.read();
  } finally {
    capture.release();
  }
  image = image.resize(image.rows * SCALE, image.cols * SCALE, 0, 0, cv.INTER_CUBIC);
  const [pa, pb] = result.people.slice(0, 2).map(scalePerson) as [PersonObservation, PersonObservation];
  const [a, b] = [personSample(pa), personSample(pb)];
  let best: { arms: [BodyHand, BodyHand]; clasp: ReturnType<typeof bodyClasp> } | null = null;
  for (const ha of pa.hands)
    for (const hb of pb.hands) {
      const clasp = bodyClasp(a, ha, b, hb);
      if (!best || clasp.geometry > best.clasp.geometry) best = { arms: [ha, hb], clasp };
    }
  drawPeople(image, [pa, pb]);
  drawHands(image, result.hands.map(scaleHand));
  drawHandshakeGeometry(image, a, b, best!.arms, best!.clasp);
  cv.imwrite(outPath, image);
  return result.timestampMs / 1000;
}
