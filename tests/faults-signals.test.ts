// Fault: signals at awkward moments. SIGHUP (a closed terminal, `kill -HUP`) must stop the daemon as
// cleanly as SIGTERM: exit 0 and `offline` on MQTT. SIGTERM while the network-camera check is still
// waiting must end the daemon at once with exit 0 and take the check's helper process with it. Real
// daemon processes, a real Mosquitto, a real camera that accepts and never answers.
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startDaemonProcess, type DaemonProcess } from './support/daemon-process.js';
import { startSilentCamera } from './support/mjpeg-camera.js';
import { startMosquitto } from './support/mosquitto.js';
import { subscribe } from './support/mqtt-subscriber.js';
import { hasSharedData, sharedData, sharedDataMissing } from './support/shared-data.js';

const clip = 'video/swipe_left_right.mp4';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** PIDs of the running children of `parent` (from /proc), with their command lines. */
function childrenOf(parent: number): { pid: number; cmdline: string }[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .flatMap((name) => {
      try {
        const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        if (Number(fields[1]) !== parent || fields[0] === 'Z') return [];
        return [{ pid: Number(name), cmdline: readFileSync(`/proc/${name}/cmdline`, 'utf8').replace(/\0/g, ' ') }];
      } catch {
        return [];
      }
    });
}

function running(pid: number): boolean {
  try {
    return !readFileSync(`/proc/${pid}/stat`, 'utf8').includes(') Z ');
  } catch {
    return false;
  }
}

describe('signals', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gesturegate-signals-'));
  const daemons: DaemonProcess[] = [];
  afterAll(() => {
    for (const d of daemons) d.kill();
    rmSync(dir, { recursive: true, force: true });
  });

  it.skipIf(!hasSharedData(clip))(`SIGHUP stops cleanly: exit 0, offline on MQTT${hasSharedData(clip) ? '' : ` (${sharedDataMissing})`}`, async () => {
    const broker = await startMosquitto();
    try {
      const sub = await subscribe(broker.url, 'gesturegate/hupdoor/availability');
      const daemon = startDaemonProcess({
        device: { id: 'hupdoor', stateDir: join(dir, 'hup') },
        source: { uri: sharedData(clip), loop: true },
        mqtt: { url: broker.url, homeAssistant: false },
        status: { port: 0, liveView: false },
        log: { level: 'info' },
      });
      daemons.push(daemon);
      await sub.waitFor((m) => m.text === 'online', 60_000);
      daemon.child.kill('SIGHUP');
      expect(await daemon.exited).toBe(0);
      await sub.waitFor((m) => m.text === 'offline', 5000);
      expect(daemon.output()).toMatch(/"msg":"stopped","reason":"SIGHUP"/);
      await sub.close();
    } finally {
      await broker.close();
    }
  });

  it('SIGTERM during the network-camera check: exit 0 at once, the helper killed with it', async () => {
    const silent = await startSilentCamera();
    try {
      const daemon = startDaemonProcess({
        device: { id: 'termdoor', stateDir: join(dir, 'term') },
        source: { uri: `http://127.0.0.1:${silent.port}/video.mjpg`, openTimeoutMs: 60_000 },
        mqtt: { enabled: false },
        status: { port: 0, liveView: false },
      });
      daemons.push(daemon);
      let helper: { pid: number } | undefined;
      for (let waited = 0; !helper || silent.sockets.length === 0; waited += 50) {
        if (waited > 60_000 || daemon.child.exitCode !== null) throw new Error(`no stream check started: ${daemon.output().slice(-2000)}`);
        helper = childrenOf(daemon.child.pid!).find((c) => c.cmdline.includes('stream-probe-main'));
        await sleep(50);
      }
      expect(running(helper.pid)).toBe(true);
      daemon.child.kill('SIGTERM');
      // Exit 1 would be the 2 s stop deadline giving up on a stop that waits for the check.
      expect(await daemon.exited).toBe(0);
      await sleep(100);
      expect(running(helper.pid)).toBe(false);
      expect(existsSync(join(dir, 'term', 'gesturegate.lock'))).toBe(false);
    } finally {
      silent.close();
    }
  });
});
