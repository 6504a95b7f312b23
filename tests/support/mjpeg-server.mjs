// node mjpeg-server.mjs PORT CLIP FPS: serves CLIP, looping, as HTTP MJPEG (multipart/x-mixed-replace)
// on 127.0.0.1:PORT, encoded live by ffmpeg. A separate process so that tests can kill it like a
// camera losing power, and so that OpenCV's blocking open in the test process cannot stall it.
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';

const [port, clip, fps = '15'] = process.argv.slice(2);
const BOUNDARY = 'gesturegateframe';
const SOI = Buffer.from([0xff, 0xd8]);
const EOI = Buffer.from([0xff, 0xd9]);
const clients = new Set();

const encoder = spawn(
  'ffmpeg',
  ['-nostdin', '-loglevel', 'error', '-re', '-stream_loop', '-1', '-i', clip, '-r', fps, '-f', 'image2pipe', '-c:v', 'mjpeg', '-q:v', '5', '-'],
  {
    stdio: ['ignore', 'pipe', 'inherit'],
  },
);
encoder.on('exit', (code) => process.exit(code ?? 1));
let pending = Buffer.alloc(0);
encoder.stdout.on('data', (chunk) => {
  pending = Buffer.concat([pending, chunk]);
  for (;;) {
    const start = pending.indexOf(SOI);
    const end = start < 0 ? -1 : pending.indexOf(EOI, start + 2);
    if (end < 0) return;
    const jpeg = pending.subarray(start, end + 2);
    pending = pending.subarray(end + 2);
    const head = Buffer.from(`--${BOUNDARY}\r\nContent-Type: image/jpeg\r\nContent-Length: ${jpeg.length}\r\n\r\n`);
    for (const client of clients) client.write(Buffer.concat([head, jpeg, Buffer.from('\r\n')]));
  }
});

createServer((req, res) => {
  res.writeHead(200, { 'Content-Type': `multipart/x-mixed-replace;boundary=${BOUNDARY}`, 'Cache-Control': 'no-cache' });
  clients.add(res);
  req.on('close', () => clients.delete(res));
}).listen(Number(port), '127.0.0.1', () => process.stdout.write('listening\n'));
