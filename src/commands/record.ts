// `gesturegate record`: labelled clips for the training workbench, written as DIR/<label>/<label>_<time>.mp4.
// From a camera or file directly, or (--daemon URL) by the running daemon, whose status page shows the countdown.
import type { Command } from 'commander';
import { ClipWriter, checkLabel, clipPath } from '../capture/clip-writer.js';
import { FrameGrabber } from '../capture/frame-grabber.js';
import { createFrameSource } from '../capture/frame-source.js';
import { configSchema } from '../config/schema.js';
import { UserError } from '../util/errors.js';
import { logToStderr } from '../util/log.js';
import { numberFlag } from './flags.js';

interface RecordFlags {
  label: string;
  source?: string;
  out: string;
  seconds: string;
  countdown: string;
  clips: string;
  fps?: string;
  width?: string;
  height?: string;
  daemon?: string;
  token?: string;
}

const say = (text: string): boolean => process.stderr.write(text);
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function countdown(seconds: number, label: string): Promise<void> {
  for (let s = seconds; s > 0; s--) {
    say(`recording "${label}" in ${s}…\n`);
    await sleep(1000);
  }
}

/** Records clips straight from a source; returns the files written. */
async function recordFromSource(flags: RecordFlags, seconds: number, countdownS: number, clips: number): Promise<string[]> {
  if (!flags.source) throw new UserError('--source is required (or --daemon URL to record through a running daemon)');
  const num = (v?: string): number | null => (v === undefined ? null : numberFlag('--fps/--width/--height', v, { above: 0 }));
  const source = createFrameSource(
    configSchema.parse({ source: { uri: flags.source, fps: num(flags.fps), width: num(flags.width), height: num(flags.height), realtime: false } }).source,
  );
  // Files: every frame, at the pipeline's pace; cameras: live frames as they come.
  const grabber = new FrameGrabber(source, { reconnectMinMs: 500, reconnectMaxMs: 5000, lossless: source.finite });
  await grabber.start();
  // A camera that cannot be opened is not waited for (the grabber would retry it forever): say why and stop.
  const opened = grabber.getStatus();
  if (opened.state === 'reconnecting') {
    await grabber.stop();
    throw new UserError(opened.lastError ?? `cannot open ${source.description}`);
  }
  const written: string[] = [];
  try {
    for (let clip = 0; clip < clips; clip++) {
      if (!source.finite) await countdown(countdownS, flags.label);
      const fps = source.nominalFps ?? 30;
      const writer = new ClipWriter(clipPath(flags.out, flags.label), fps);
      const wanted = Math.round(seconds * fps);
      say(`● recording "${flags.label}" (${seconds} s, ${clip + 1}/${clips})\n`);
      let frame = await grabber.next();
      for (; frame && writer.frames < wanted; frame = writer.frames < wanted ? await grabber.next() : null) writer.write(frame);
      const done = await writer.close();
      if (done.frames === 0) throw new UserError(`no frames from ${source.description}`);
      say(`saved ${done.frames} frames\n`);
      written.push(done.path);
      if (grabber.getStatus().state === 'ended') break;
    }
  } finally {
    await grabber.stop();
  }
  return written;
}

/** Asks a running daemon to record (its status page shows the countdown) and follows its progress. */
async function recordThroughDaemon(flags: RecordFlags, seconds: number, countdownS: number): Promise<string[]> {
  const base = flags.daemon!.replace(/\/+$/, '');
  const headers: Record<string, string> = { 'Content-Type': 'application/json', ...(flags.token ? { Authorization: `Bearer ${flags.token}` } : {}) };
  const request = async (path: string, init?: RequestInit): Promise<Record<string, unknown>> => {
    let res: Response;
    try {
      res = await fetch(`${base}${path}`, { ...init, headers });
    } catch {
      throw new UserError(`--daemon: cannot reach ${base}`);
    }
    const body = (await res.json().catch(() => ({}))) as Record<string, unknown>;
    if (!res.ok) throw new UserError(`daemon refused (${res.status}): ${String(body.error ?? res.statusText)}`);
    return body;
  };
  await request('/api/record', { method: 'POST', body: JSON.stringify({ label: flags.label, seconds, countdownS }) });
  let last = '';
  for (;;) {
    const status = await request('/api/status');
    const state = (status.extensions as Record<string, Record<string, unknown>>).recorder!;
    const line =
      state.phase === 'countdown'
        ? `recording "${flags.label}" in ${state.remainingS}…`
        : state.phase === 'recording'
          ? `● recording, ${state.remainingS} s left`
          : '';
    if (line && line !== last) say(`${line}\n`);
    last = line;
    if (state.phase === 'idle') {
      const clip = state.last as { path: string; frames: number } | null;
      if (!clip) throw new UserError('the daemon recorded nothing');
      say(`saved ${clip.frames} frames\n`);
      return [clip.path];
    }
    await sleep(250);
  }
}

export function register(program: Command): void {
  program
    .command('record')
    .description('record labelled clips for training: DIR/<label>/<label>_<time>.mp4, with a countdown')
    .requiredOption('-l, --label <name>', 'gesture label (the folder name)')
    .option('-s, --source <uri>', 'camera index, /dev/videoN, video file, URL or GStreamer pipeline')
    .option('-o, --out <dir>', 'dataset folder (one subfolder per label)', 'recordings')
    .option('--seconds <n>', 'length of each clip', '3')
    .option('--countdown <n>', 'seconds of countdown before each clip (cameras)', '3')
    .option('--clips <n>', 'how many clips to record one after another', '1')
    .option('--fps <n>', 'camera frame rate')
    .option('--width <n>', 'camera width')
    .option('--height <n>', 'camera height')
    .option('--daemon <url>', "record through a running daemon's status page (its camera), e.g. http://127.0.0.1:8080")
    .option('--token <token>', "the daemon's status.token, if it has one")
    .action(async (flags: RecordFlags) => {
      logToStderr();
      checkLabel(flags.label);
      const seconds = numberFlag('--seconds', flags.seconds, { above: 0 });
      const countdownS = numberFlag('--countdown', flags.countdown, { min: 0 });
      const clips = Math.round(numberFlag('--clips', flags.clips, { above: 0 }));
      const written = flags.daemon ? await recordThroughDaemon(flags, seconds, countdownS) : await recordFromSource(flags, seconds, countdownS, clips);
      for (const path of written) process.stdout.write(`${path}\n`);
    });
}
