// --crop DIR: each found hand cut out to DIR/LABEL/, and a contact sheet of what was found per label.
import { mkdirSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import type { Frame, HandObservation } from '../../types.js';
import { drawHands } from '../../render/draw-hands.js';
import { loadOpenCV, type Mat } from '../../util/opencv.js';

const CROP_SIZE = 128;
const THUMB = 96;
const SHEET_COLUMNS = 10;
const LABEL_WIDTH = 140;
/** Box margin around the landmarks, as a fraction of the box's long side. */
const MARGIN = 0.2;

export class CropWriter {
  private readonly thumbs = new Map<string, Mat[]>();

  constructor(readonly dir: string) {
    mkdirSync(dir, { recursive: true });
  }

  add(frame: Frame, label: string, source: string, hands: readonly HandObservation[]): void {
    if (!hands.length) return;
    const cv = loadOpenCV();
    const { data } = frame;
    const image = new cv.Mat(Buffer.from(data.buffer, data.byteOffset, data.byteLength), frame.height, frame.width, cv.CV_8UC3);
    // The sheet shows what the pipeline found: its thumbnails carry the drawn landmarks.
    let annotated: Mat | undefined;
    hands.forEach((hand, i) => {
      const side = Math.max(hand.box.width, hand.box.height) * (1 + 2 * MARGIN);
      const cx = hand.box.xMin + hand.box.width / 2;
      const cy = hand.box.yMin + hand.box.height / 2;
      const x = Math.max(0, Math.round(cx - side / 2));
      const y = Math.max(0, Math.round(cy - side / 2));
      const w = Math.min(image.cols - x, Math.round(side));
      const h = Math.min(image.rows - y, Math.round(side));
      if (w < 2 || h < 2) return;
      const crop = image.getRegion(new cv.Rect(x, y, w, h)).resize(CROP_SIZE, CROP_SIZE);
      const folder = join(this.dir, label);
      mkdirSync(folder, { recursive: true });
      cv.imwrite(join(folder, `${basename(source, extname(source))}_f${frame.index}_h${i}.jpg`), crop);
      const list = this.thumbs.get(label) ?? [];
      if (list.length < SHEET_COLUMNS) {
        if (!annotated) {
          annotated = image.copy();
          drawHands(annotated, hands);
        }
        list.push(annotated.getRegion(new cv.Rect(x, y, w, h)).resize(THUMB, THUMB));
      }
      this.thumbs.set(label, list);
    });
  }

  /** DIR/contact-sheet.jpg: one row per label with its first hands found. */
  writeContactSheet(): string | undefined {
    if (!this.thumbs.size) return undefined;
    const cv = loadOpenCV();
    const labels = [...this.thumbs.keys()].sort();
    const sheet = new cv.Mat(labels.length * THUMB, LABEL_WIDTH + SHEET_COLUMNS * THUMB, cv.CV_8UC3, [40, 40, 40]);
    labels.forEach((label, row) => {
      sheet.putText(label, new cv.Point2(8, row * THUMB + THUMB / 2 + 6), cv.FONT_HERSHEY_SIMPLEX, 0.6, new cv.Vec3(255, 255, 255), 1, cv.LINE_AA);
      this.thumbs.get(label)!.forEach((thumb, col) => thumb.copyTo(sheet.getRegion(new cv.Rect(LABEL_WIDTH + col * THUMB, row * THUMB, THUMB, THUMB))));
    });
    const path = join(this.dir, 'contact-sheet.jpg');
    cv.imwrite(path, sheet);
    return path;
  }
}
