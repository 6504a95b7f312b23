// Fault: two daemons on one state directory (the default is relative to the working directory),
// which would share and corrupt one MQTT queue. Real daemon processes: the second refuses with one
// line naming the first; a lock left by a killed daemon does not stop the next one.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startDaemonProcess, type DaemonProcess } from './support/daemon-process.js';
import { hasSharedData, sharedData, sharedDataMissing } from './support/shared-data.js';

const clip = 'video/swipe_left_right.mp4';

describe.skipIf(!hasSharedData(clip))(`two daemons on one state directory${hasSharedData(clip) ? '' : ` (${sharedDataMissing})`}`, () => {
  const dir = mkdtempSync(join(tmpdir(), 'gesturegate-lock-'));
  const stateDir = join(dir, 'state');
  const daemons: DaemonProcess[] = [];
  afterAll(() => {
    for (const d of daemons) d.kill();
    rmSync(dir, { recursive: true, force: true });
  });
  const start = (): DaemonProcess => {
    const daemon = startDaemonProcess({
      device: { id: 'lockdoor', stateDir },
      source: { uri: sharedData(clip), loop: true },
      mqtt: { enabled: false },
      status: { port: 0, liveView: false },
    });
    daemons.push(daemon);
    return daemon;
  };

  it('the second refuses with one line naming the first, which keeps running; the lock goes with the first', async () => {
    const first = start();
    await first.statusUrl();
    const lock = join(stateDir, 'gesturegate.lock');
    expect(readFileSync(lock, 'utf8').trim()).toBe(String(first.child.pid));
    const second = start();
    expect(await second.exited).toBe(1);
    const lines = second
      .output()
      .split('\n')
      .filter((l) => l.startsWith('gesturegate: '));
    expect(lines).toEqual([
      `gesturegate: device.stateDir ${stateDir} is in use by another gesturegate (PID ${first.child.pid}, ${lock}); give each daemon its own state directory`,
    ]);
    expect(first.child.exitCode).toBeNull();
    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);
    expect(existsSync(lock)).toBe(false);
  });

  it('takes over a lock whose process is gone', async () => {
    mkdirSync(stateDir, { recursive: true });
    // PIDs above pid_max (4194304 at most) never belong to a live process.
    writeFileSync(join(stateDir, 'gesturegate.lock'), '4194305\n');
    const daemon = start();
    await daemon.statusUrl();
    daemon.child.kill('SIGTERM');
    expect(await daemon.exited).toBe(0);
  });
});
