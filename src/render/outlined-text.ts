// Labels drawn over a dark outline of themselves, so they read on any background.
import { loadOpenCV, type Mat, type OpenCV } from '../util/opencv.js';

/** Puts `text` at `anchor` (its baseline's left end) in `colour`, over a black copy two pixels thicker. */
export function putOutlinedText(
  image: Mat,
  text: string,
  anchor: InstanceType<OpenCV['Point2']>,
  fontScale: number,
  colour: InstanceType<OpenCV['Vec3']>,
  thickness: number,
): void {
  const cv = loadOpenCV();
  image.putText(text, anchor, cv.FONT_HERSHEY_SIMPLEX, fontScale, new cv.Vec3(0, 0, 0), thickness + 2, cv.LINE_AA);
  image.putText(text, anchor, cv.FONT_HERSHEY_SIMPLEX, fontScale, colour, thickness, cv.LINE_AA);
}
