// The helper process of probeStream: reads its request from stdin, opens the stream as the daemon
// would, reads one frame, exits 0; on failure prints the one-line reason on stderr and exits 1.
import { text } from 'node:stream/consumers';
import { oneLine } from '../util/errors.js';
import { OpenCvSource } from './opencv-source.js';
import type { ProbeRequest } from './stream-probe.js';

try {
  const { spec, config } = JSON.parse(await text(process.stdin)) as ProbeRequest;
  // No probe inside the probe; no pacing for a single frame.
  const source = new OpenCvSource(spec, { ...config, openTimeoutMs: 0, realtime: false });
  await source.open();
  const frame = await source.read();
  source.close();
  if (!frame) throw new Error(`${source.description} ended before its first frame`);
  process.exit(0);
} catch (error) {
  process.stderr.write(oneLine(error) + '\n');
  process.exit(1);
}
