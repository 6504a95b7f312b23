// `gesturegate record`: clips from a real file, and through a running daemon's status page.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createDaemon } from '../src/daemon/daemon.js';
import { loadOpenCV } from '../src/util/opencv.js';
import { setLogLevel } from '../src/util/log.js';
import { testDaemonConfig } from './support/daemon.js';
import { hasSharedData, repoRoot, sharedData, sharedDataMissing } from './support/shared-data.js';

const clip = 'video/swipe_left_right.mp4'; // 530x292, 15 fps
const cli = join(repoRoot, 'dist/src/cli.js');
setLogLevel('warn');

/** Runs the built CLI; one still running after `timeoutMs` is killed (code null). */
function runCli(args: string[], timeoutMs?: number): Promise<{ code: number | null; stdout: string; stderr: string }> {
  if (!existsSync(cli)) throw new Error('dist/src/cli.js missing: run `npm run build` first (npm test does)');
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cli, ...args], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'], timeout: timeoutMs });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

function videoInfo(path: string): { frames: number; width: number; height: number } {
  const cv = loadOpenCV();
  const capture = new cv.VideoCapture(path);
  const info = { frames: capture.get(cv.CAP_PROP_FRAME_COUNT), width: capture.get(cv.CAP_PROP_FRAME_WIDTH), height: capture.get(cv.CAP_PROP_FRAME_HEIGHT) };
  capture.release();
  return info;
}

describe('record from a source that cannot be opened', () => {
  it('a network camera that refuses: one line with the password masked, exit 1, no countdown', async () => {
    const port = await new Promise<number>((resolve) => {
      const server = createServer().listen(0, '127.0.0.1', () => {
        const { port } = server.address() as AddressInfo;
        server.close(() => resolve(port));
      });
    });
    const out = mkdtempSync(join(tmpdir(), 'gesturegate-record-refused-'));
    // It used to count down, announce the recording and wait for the camera forever.
    const { code, stderr } = await runCli(['record', '--label', 'wave', '--source', `rtsp://admin:s3cret@127.0.0.1:${port}/s`, '--out', out], 30_000);
    expect(code, stderr).toBe(1);
    expect(stderr.split('\n').filter((l) => l.startsWith('gesturegate:'))).toEqual([
      `gesturegate: cannot open rtsp://***@127.0.0.1:${port}/s: connection refused`,
    ]);
    expect(stderr).not.toContain('s3cret');
    expect(stderr).not.toContain('recording');
    expect(readdirSync(out)).toEqual([]);
  }, 40_000);
});

describe.skipIf(!hasSharedData(clip))('record', () => {
  if (!hasSharedData(clip)) console.warn(sharedDataMissing);

  it('writes an mp4 of the asked length into DIR/<label>/ from a video file', async () => {
    const out = mkdtempSync(join(tmpdir(), 'gesturegate-record-'));
    const { code, stdout, stderr } = await runCli(['record', '--label', 'wave', '--source', sharedData(clip), '--out', out, '--seconds', '2']);
    expect(code, stderr).toBe(0);
    const path = stdout.trim();
    expect(path.startsWith(join(out, 'wave', 'wave_'))).toBe(true);
    expect(path.endsWith('.mp4')).toBe(true);
    expect(readdirSync(out)).toEqual(['wave']);
    expect(videoInfo(path)).toEqual({ frames: 30, width: 530, height: 292 });
    expect(stderr).toContain('saved 30 frames');
  });

  it('refuses a label that is not a plain folder name', async () => {
    const { code, stderr } = await runCli(['record', '--label', '../up', '--source', sharedData(clip)]);
    expect(code).toBe(1);
    expect(stderr).toMatch(/^gesturegate: label "\.\.\/up": use 1 to 64 letters/);
  });

  it('records through a running daemon, whose page gets the countdown', async () => {
    const recordDir = mkdtempSync(join(tmpdir(), 'gesturegate-record-daemon-'));
    const config = testDaemonConfig({ source: { uri: sharedData(clip), loop: true }, mqtt: { enabled: false }, status: { recordDir } });
    const daemon = await createDaemon(config);
    await daemon.start();
    try {
      const url = (daemon.status().extensions.frontend as { url: string }).url;
      const events = await fetch(`${url}/api/events`);
      const reader = events.body!.getReader();
      const { code, stdout, stderr } = await runCli(['record', '--label', 'thumbs_up', '--daemon', url, '--seconds', '1', '--countdown', '1']);
      expect(code, stderr).toBe(0);
      expect(stderr).toContain('recording "thumbs_up" in 1…');
      const path = stdout.trim();
      expect(path.startsWith(join(recordDir, 'thumbs_up', 'thumbs_up_'))).toBe(true);
      expect(videoInfo(path).frames).toBeGreaterThan(0);
      let sse = '';
      while (!sse.includes('"phase":"idle"')) sse += new TextDecoder().decode((await reader.read()).value);
      expect(sse).toMatch(/event: record\ndata: \{"phase":"countdown","label":"thumbs_up","remainingS":1\}/);
      expect(sse).toMatch(/event: record\ndata: \{"phase":"recording"/);
      await reader.cancel();
    } finally {
      await daemon.stop('test');
    }
  });
});
