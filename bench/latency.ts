// Glass-to-MQTT latency (frame capture time to the event arriving at a subscriber), sustained FPS,
// dropped frames and CPU of the whole daemon on a looping real clip played in real time, with the
// status page's live view watched and not: printed side by side (unwatched is the reference).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { configSchema } from '../src/config/schema.js';
import { createDaemon } from '../src/daemon/daemon.js';
import { setLogLevel } from '../src/util/log.js';
import { measurePhase, type PhaseResult } from './latency/phase.js';
import { sharedData } from '../tests/support/shared-data.js';

const CLIP = sharedData('video/swipe_left_right.mp4');
const SECONDS = Number(process.env.GESTUREGATE_BENCH_SECONDS ?? 30);

export async function run(): Promise<void> {
  setLogLevel('warn');
  const config = configSchema.parse({
    device: { id: 'bench', stateDir: mkdtempSync(join(tmpdir(), 'gesturegate-bench-')) },
    source: { uri: CLIP, loop: true },
    mqtt: { embeddedPort: 0 },
    status: { port: 0 },
    log: { level: 'warn' },
  });
  const daemon = await createDaemon(config);
  await daemon.start();
  try {
    const results: PhaseResult[] = [];
    for (const watched of [false, true]) results.push(await measurePhase(daemon, watched, SECONDS));
    print(results[0]!, results[1]!);
  } finally {
    await daemon.stop('bench done');
  }
}

function print(unwatched: PhaseResult, watched: PhaseResult): void {
  const rows: [string, (r: PhaseResult) => number | null, number][] = [
    ['events received', (r) => r.events, 0],
    ['glass→MQTT p50 ms', (r) => r.latencyP50Ms, 1],
    ['glass→MQTT p95 ms', (r) => r.latencyP95Ms, 1],
    ['sustained FPS', (r) => r.fps, 2],
    ['frames dropped %', (r) => r.droppedPercent, 1],
    ['pipeline total mean ms', (r) => r.totalMeanMs, 1],
    ['daemon CPU % of a core', (r) => r.cpuPercent, 1],
    ['live-view frames sent', (r) => r.liveFrames, 0],
  ];
  const cell = (v: number | null, digits: number): string => (v === null ? 'n/a' : v.toFixed(digits));
  process.stdout.write(`clip ${CLIP} looping in real time, ${SECONDS} s per column, on this machine\n\n`);
  process.stdout.write('| figure | live view not watched (reference) | live view watched | watched / reference |\n| --- | ---: | ---: | ---: |\n');
  for (const [name, get, digits] of rows) {
    const a = get(unwatched);
    const b = get(watched);
    const ratio = a && b !== null ? (b / a).toFixed(2) : 'n/a';
    process.stdout.write(`| ${name} | ${cell(a, digits)} | ${cell(b, digits)} | ${ratio} |\n`);
  }
}
