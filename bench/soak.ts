// Soak: the daemon as systemd runs it (its own process, `gesturegate run`), on a looping real clip in
// real time with the embedded broker and the status page, for GESTUREGATE_SOAK_MINUTES (default 20).
// Samples resident memory (/proc/PID/status) and FPS (/api/status) every 10 s. After the warm-up,
// resident memory must grow by less than 10 MB and FPS must not fall: the figures after warm-up
// are the reference, the end of the run is compared with them.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stringify as stringifyYaml } from 'yaml';
import { fitLine, median, type SoakSample } from './soak/samples.js';
import { sharedData } from '../tests/support/shared-data.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const CLIP = sharedData('video/swipe_left_right.mp4');
const MINUTES = Number(process.env.GESTUREGATE_SOAK_MINUTES ?? 20);
const WARMUP_MINUTES = Number(process.env.GESTUREGATE_SOAK_WARMUP_MINUTES ?? Math.min(3, MINUTES / 4));
const SAMPLE_MS = 10_000;
const MAX_GROWTH_MB = 10;

function residentMb(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!match) throw new Error(`no VmRSS for process ${pid}`);
  return Number(match[1]) / 1024;
}

export async function run(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'gesturegate-soak-'));
  const configPath = join(dir, 'config.yaml');
  writeFileSync(
    configPath,
    stringifyYaml({
      device: { id: 'soak', stateDir: join(dir, 'state') },
      source: { uri: CLIP, loop: true },
      mqtt: { embeddedPort: 0 },
      status: { port: 0 },
      log: { level: 'info' },
    }),
  );
  const daemon = spawn(process.execPath, [join(root, 'dist/src/cli.js'), 'run', '--config', configPath], { stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise<number | null>((resolveExit) => daemon.once('exit', (code, signal) => resolveExit(signal ? 128 : code)));
  let statusUrl: string | null = null;
  let crash: string | null = null;
  let buffered = '';
  daemon.stdout.on('data', (chunk: Buffer) => {
    buffered += chunk.toString();
    const lines = buffered.split('\n');
    buffered = lines.pop()!;
    for (const line of lines) {
      try {
        const entry = JSON.parse(line) as { msg?: string; url?: string; level?: string };
        if (entry.msg === 'status page' && entry.url) statusUrl = entry.url;
        if (entry.level === 'error') process.stderr.write(`daemon: ${line}\n`);
      } catch {
        crash ??= line;
      }
    }
  });

  const samples: SoakSample[] = [];
  const started = Date.now();
  try {
    while (Date.now() - started < MINUTES * 60_000) {
      await new Promise((r) => setTimeout(r, SAMPLE_MS));
      if (daemon.exitCode !== null || daemon.signalCode !== null)
        throw new Error(`daemon exited early (${daemon.exitCode ?? daemon.signalCode}) ${crash ?? ''}`);
      if (!statusUrl) continue;
      const status = (await (await fetch(`${statusUrl}/api/status`)).json()) as {
        pipeline: { fps: number; framesProcessed: number; frameErrors: number; framesDropped: number };
      };
      samples.push({
        minutes: (Date.now() - started) / 60_000,
        residentMb: residentMb(daemon.pid!),
        fps: status.pipeline.fps,
        framesProcessed: status.pipeline.framesProcessed,
        frameErrors: status.pipeline.frameErrors,
      });
    }
  } finally {
    daemon.kill('SIGTERM');
    await exited;
    rmSync(dir, { recursive: true, force: true });
  }
  report(samples);
}

function report(samples: SoakSample[]): void {
  const steady = samples.filter((s) => s.minutes >= WARMUP_MINUTES);
  if (steady.length < 4) throw new Error(`only ${steady.length} samples after the warm-up: run longer`);
  // Reference: the first minute after the warm-up; end: the last minute.
  const first = steady.filter((s) => s.minutes < WARMUP_MINUTES + 1);
  const last = steady.filter((s) => s.minutes >= steady.at(-1)!.minutes - 1);
  const rssStart = median(first.map((s) => s.residentMb));
  const rssEnd = median(last.map((s) => s.residentMb));
  const fpsStart = median(first.map((s) => s.fps));
  const fpsEnd = median(last.map((s) => s.fps));
  const slope = fitLine(steady.map((s) => [s.minutes, s.residentMb])).slope;
  const end = samples.at(-1)!;
  process.stdout.write(
    `clip ${CLIP} looping in real time; ${MINUTES} min, warm-up ${WARMUP_MINUTES} min, a sample every ${SAMPLE_MS / 1000} s; on this machine\n\n`,
  );
  process.stdout.write('| figure | first minute after warm-up (reference) | last minute | end / reference |\n| --- | ---: | ---: | ---: |\n');
  process.stdout.write(
    `| resident memory, MB (median) | ${rssStart.toFixed(1)} | ${rssEnd.toFixed(1)} | ${(rssEnd / rssStart).toFixed(3)} (${(rssEnd - rssStart).toFixed(1)} MB) |\n`,
  );
  process.stdout.write(`| FPS (median) | ${fpsStart.toFixed(2)} | ${fpsEnd.toFixed(2)} | ${(fpsEnd / fpsStart).toFixed(3)} |\n\n`);
  process.stdout.write(`resident memory trend after warm-up: ${(slope * 60).toFixed(1)} MB/hour (least squares over ${steady.length} samples)\n`);
  process.stdout.write(
    `frames processed ${end.framesProcessed}, frame errors ${end.frameErrors}, peak resident ${Math.max(...samples.map((s) => s.residentMb)).toFixed(1)} MB\n`,
  );
  const grewOk = rssEnd - rssStart < MAX_GROWTH_MB;
  const fpsOk = fpsEnd >= 0.95 * fpsStart;
  process.stdout.write(`verdict: memory growth < ${MAX_GROWTH_MB} MB: ${grewOk ? 'yes' : 'NO'}; FPS held (>= 95% of reference): ${fpsOk ? 'yes' : 'NO'}\n\n`);
  process.stdout.write('| minute | resident MB | FPS |\n| ---: | ---: | ---: |\n');
  for (let minute = 1; minute <= Math.ceil(samples.at(-1)!.minutes); minute++) {
    const inMinute = samples.filter((s) => s.minutes > minute - 1 && s.minutes <= minute);
    if (inMinute.length)
      process.stdout.write(`| ${minute} | ${median(inMinute.map((s) => s.residentMb)).toFixed(1)} | ${median(inMinute.map((s) => s.fps)).toFixed(2)} |\n`);
  }
}
