// Fault: the broker refuses our login (a wrong password, or an account not yet allowed). The real
// daemon process runs against a real Mosquitto that knows another password for our user; the
// broker's password file is then fixed and reloaded. The daemon must keep retrying with growing
// delays, log the refusal once for the streak (not once per attempt), say so on /healthz after
// mqtt.unhealthyAfterS, and connect and deliver once the broker takes the login.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startDaemonProcess, type DaemonProcess } from './support/daemon-process.js';
import { startMosquitto, type MosquittoBroker } from './support/mosquitto.js';
import { subscribe } from './support/mqtt-subscriber.js';
import { hasSharedData, sharedData, sharedDataMissing } from './support/shared-data.js';

const clip = 'video/swipe_left_right.mp4';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.skipIf(!hasSharedData(clip))(`broker refuses the login, then the password is fixed${hasSharedData(clip) ? '' : ` (${sharedDataMissing})`}`, () => {
  let broker: MosquittoBroker | undefined;
  let daemon: DaemonProcess | undefined;
  const dir = mkdtempSync(join(tmpdir(), 'gesturegate-login-fault-'));
  afterAll(async () => {
    daemon?.kill();
    await broker?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('retries with backoff, logs the refusal once, reports MQTT down on /healthz, and recovers', async () => {
    broker = await startMosquitto({ users: { door: 'not-yet-this-one', watcher: 'watch' } });
    daemon = startDaemonProcess({
      device: { id: 'logindoor', stateDir: join(dir, 'state') },
      source: { uri: sharedData(clip), loop: true },
      mqtt: { url: broker.url, username: 'door', password: 'the-right-one', homeAssistant: false, unhealthyAfterS: 2 },
      status: { port: 0, liveView: false },
      log: { level: 'info' },
    });
    const url = await daemon.statusUrl();
    await daemon.waitForOutput(/"msg":"broker connection failed".*Connection refused: Not authori[sz]ed/);
    // Past mqtt.unhealthyAfterS: /healthz says so.
    await sleep(3000);
    const health = await fetch(`${url}/healthz`);
    expect(health.status).toBe(503);
    expect(((await health.json()) as { mqtt?: string }).mqtt).toMatch(/^down since \d{4}-\d\d-\d\dT/);
    const status = (await (await fetch(`${url}/api/status`)).json()) as { extensions: { mqtt: { connected: boolean; down: boolean; reconnects: number } } };
    expect(status.extensions.mqtt).toMatchObject({ connected: false, down: true });
    expect(status.extensions.mqtt.reconnects).toBeGreaterThanOrEqual(1);

    // The administrator fixes the broker's password file; no restart of the daemon.
    const sub = await subscribe(broker.url.replace('mqtt://', 'mqtt://watcher:watch@'), 'gesturegate/logindoor/availability');
    broker.setUsers({ door: 'the-right-one', watcher: 'watch' });
    await sub.waitFor((m) => m.text === 'online', 20_000);
    await daemon.waitForOutput(/"msg":"broker connection works again"/, 5000);
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    const refusals = daemon.output().match(/"msg":"broker connection failed"/g) ?? [];
    expect(refusals).toHaveLength(1);
    await sub.close();
    daemon.child.kill('SIGTERM');
    expect(await daemon.exited).toBe(0);
  });
});
