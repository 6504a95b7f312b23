// The annotated live view: frames with hand skeletons, track IDs and gesture labels, JPEG-encoded
// only while someone watches and at most `fps` a second, pushed to MJPEG clients.
import type { Response } from 'express';
import type { FrameProcessed } from '../../bus.js';
import { drawHands } from '../../../render/draw-hands.js';
import { drawPeople } from '../../../render/draw-people.js';
import { loadOpenCV } from '../../../util/opencv.js';
import { oneLine } from '../../../util/errors.js';
import type { Logger } from '../../../util/log.js';

const BOUNDARY = 'gesturegateframe';

export class LiveView {
  private readonly clients = new Set<Response>();
  private latest: FrameProcessed | null = null;
  private jpeg: Buffer | null = null;
  private encoding = false;
  private lastEncodeAt = -Infinity;
  framesSent = 0;

  constructor(
    private readonly fps: number,
    private readonly quality: number,
    private readonly log: Logger,
  ) {}

  get watchers(): number {
    return this.clients.size;
  }

  /** Called for every processed frame; encodes only when someone watches and the rate allows. */
  offer(processed: FrameProcessed): void {
    this.latest = processed;
    if (!this.clients.size || this.encoding) return;
    const now = performance.now();
    if (now - this.lastEncodeAt < 1000 / this.fps) return;
    this.lastEncodeAt = now;
    this.encoding = true;
    this.encode(processed)
      .then((jpeg) => {
        this.jpeg = jpeg;
        for (const client of this.clients) this.send(client, jpeg);
      })
      .catch((error) => this.log.warn('live view frame failed', { error: oneLine(error) }))
      .finally(() => {
        this.encoding = false;
      });
  }

  /** The newest annotated frame as JPEG (encoded now if none is fresh). */
  async snapshot(): Promise<Buffer | null> {
    if (!this.latest) return null;
    return this.encode(this.latest);
  }

  /** Streams multipart/x-mixed-replace JPEGs to this response until it closes. */
  attach(res: Response): void {
    res.writeHead(200, {
      'Content-Type': `multipart/x-mixed-replace; boundary=${BOUNDARY}`,
      'Cache-Control': 'no-store',
      Connection: 'close',
    });
    this.clients.add(res);
    res.on('close', () => this.clients.delete(res));
    if (this.jpeg) this.send(res, this.jpeg);
  }

  close(): void {
    for (const client of this.clients) client.end();
    this.clients.clear();
  }

  private send(res: Response, jpeg: Buffer): void {
    // A slow client skips frames instead of buffering them.
    if (res.writableNeedDrain) return;
    res.write(`--${BOUNDARY}\r\nContent-Type: image/jpeg\r\nContent-Length: ${jpeg.length}\r\n\r\n`);
    res.write(jpeg);
    res.write('\r\n');
    this.framesSent++;
  }

  private async encode({ frame, hands, active }: FrameProcessed): Promise<Buffer> {
    const cv = loadOpenCV();
    // A copy: the frame's bytes are shared with other listeners (the recorder writes them raw).
    const image = new cv.Mat(Buffer.from(frame.data), frame.height, frame.width, cv.CV_8UC3);
    drawPeople(image, hands.people);
    drawHands(image, hands.hands);
    const scale = Math.max(0.5, Math.max(frame.width, frame.height) / 960);
    active.forEach((g, i) => {
      const text = `${g.label} ${Math.round(g.score * 100)}% [${g.hands.join(',')}]`;
      const origin = new cv.Point2(10, Math.round((i + 1) * 30 * scale));
      image.putText(text, origin, cv.FONT_HERSHEY_SIMPLEX, 0.8 * scale, new cv.Vec3(0, 0, 0), Math.round(4 * scale) || 1);
      image.putText(text, origin, cv.FONT_HERSHEY_SIMPLEX, 0.8 * scale, new cv.Vec3(80, 255, 80), Math.round(2 * scale) || 1);
    });
    try {
      return await cv.imencodeAsync('.jpg', image, [cv.IMWRITE_JPEG_QUALITY, this.quality]);
    } finally {
      image.release();
    }
  }
}
