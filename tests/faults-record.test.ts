// Fault: Record pressed on the status page when the record folder cannot be written (a read-only file
// system, as under the systemd unit's ProtectSystem=strict, or a path under a regular file). The
// real daemon process must answer the request with the reason and keep running; by default clips go
// under the state directory, whatever the working directory.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startDaemonProcess, type DaemonProcess } from './support/daemon-process.js';
import { hasSharedData, sharedData, sharedDataMissing } from './support/shared-data.js';

const clip = 'video/swipe_left_right.mp4';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A read-only tmpfs needs root; otherwise that case is skipped with the reason. */
function readOnlyDir(): string | null {
  const dir = mkdtempSync(join(tmpdir(), 'gesturegate-ro-'));
  const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'ro,size=64k', 'tmpfs', dir]);
  return mounted.status === 0 ? dir : null;
}

async function record(url: string, body: Record<string, unknown>): Promise<{ status: number; body: { error?: string } }> {
  const res = await fetch(`${url}/api/record`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as { error?: string } };
}

describe.skipIf(!hasSharedData(clip))(`record into a folder that cannot be written${hasSharedData(clip) ? '' : ` (${sharedDataMissing})`}`, () => {
  const dir = mkdtempSync(join(tmpdir(), 'gesturegate-record-fault-'));
  const readOnly = readOnlyDir();
  const daemons: DaemonProcess[] = [];
  afterAll(() => {
    for (const d of daemons) d.kill();
    if (readOnly) spawnSync('umount', [readOnly]);
    rmSync(dir, { recursive: true, force: true });
  });

  function start(status: Record<string, unknown>, cwd?: string): DaemonProcess {
    const daemon = startDaemonProcess(
      {
        device: { id: 'recdoor', stateDir: join(dir, `state-${daemons.length}`) },
        source: { uri: sharedData(clip), loop: true },
        mqtt: { enabled: false },
        status: { port: 0, liveView: false, ...status },
        log: { level: 'info' },
      },
      { cwd },
    );
    daemons.push(daemon);
    return daemon;
  }

  const file = join(dir, 'a-file');
  writeFileSync(file, 'not a folder\n');
  const cases: [string, string | null, RegExp][] = [
    ['a path under a regular file', join(file, 'recordings'), /ENOTDIR|EEXIST/],
    ['a read-only file system', readOnly && join(readOnly, 'recordings'), /EROFS/],
  ];
  for (const [name, recordDir, code] of cases) {
    it.skipIf(!recordDir)(`${name}: answered 503 with the reason, with and without a countdown; the daemon keeps running`, async () => {
      const daemon = start({ recordDir });
      const url = await daemon.statusUrl();
      for (const countdownS of [1, 0]) {
        const answer = await record(url, { label: 'wave', seconds: 1, countdownS });
        expect(answer.status).toBe(503);
        expect(answer.body.error).toMatch(/^cannot record into .*wave: /);
        expect(answer.body.error).toMatch(code);
      }
      // The old crash came from the countdown timer 3 s later.
      await sleep(3500);
      expect(daemon.child.exitCode, daemon.output().slice(-2000)).toBeNull();
      const status = (await (await fetch(`${url}/api/status`)).json()) as { extensions: { recorder: { phase: string } } };
      expect(status.extensions.recorder.phase).toBe('idle');
      daemon.child.kill('SIGTERM');
      expect(await daemon.exited).toBe(0);
      expect(daemon.output()).not.toMatch(/uncaught|Error: .*\n\s+at /i);
    });
  }

  it('by default records under the state directory, not the working directory', async () => {
    const cwd = mkdtempSync(join(dir, 'cwd-'));
    const daemon = start({}, cwd);
    const url = await daemon.statusUrl();
    expect((await record(url, { label: 'wave', seconds: 1, countdownS: 0 })).status).toBe(202);
    const saved = await daemon.waitForOutput(/"msg":"clip recorded","path":"([^"]+)"/, 20_000);
    expect(saved[1]!.startsWith(join(dir, `state-${daemons.length - 1}`, 'recordings', 'wave', 'wave_'))).toBe(true);
    expect(readdirSync(cwd)).toEqual([]);
    daemon.child.kill('SIGTERM');
    expect(await daemon.exited).toBe(0);
  });
});
