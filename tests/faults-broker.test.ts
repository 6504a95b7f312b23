// Fault: the MQTT broker is down for 30 seconds while gestures happen. The daemon runs as systemd
// runs it (`gesturegate run`, its own process) on a looping real clip; a real Mosquitto is stopped
// for 30 s and started again. Ground truth is the daemon's own gesture stream on the status page
// (server-sent events, independent of MQTT): every event it raised must reach a subscriber after
// the reconnect, in order, each once after deduplication by event ID and phase (QoS 1 may repeat).
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify as stringifyYaml } from 'yaml';
import { startMosquitto, type MosquittoBroker } from './support/mosquitto.js';
import { subscribe, type TestSubscriber } from './support/mqtt-subscriber.js';
import { hasSharedData, repoRoot, sharedData, sharedDataMissing } from './support/shared-data.js';

const clip = 'video/swipe_left_right.mp4';
const OUTAGE_MS = 30_000;
const cli = join(repoRoot, 'dist/src/cli.js');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface RaisedEvent {
  id: string;
  phase: string;
  /** When the status page told us, epoch ms. */
  seenAt: number;
}

/** Follows the status page's server-sent `gesture` events. */
function followGestures(url: string, raised: RaisedEvent[]): AbortController {
  const abort = new AbortController();
  void (async () => {
    const response = await fetch(`${url}/api/events`, { signal: abort.signal });
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    let text = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      text += decoder.decode(value, { stream: true });
      const blocks = text.split('\n\n');
      text = blocks.pop()!;
      for (const block of blocks) {
        if (!block.startsWith('event: gesture\n')) continue;
        const data = JSON.parse(block.slice(block.indexOf('data: ') + 6)) as { id: string; phase: string };
        raised.push({ id: data.id, phase: data.phase, seenAt: Date.now() });
      }
    }
  })().catch(() => undefined);
  return abort;
}

describe.skipIf(!hasSharedData(clip))(`broker down for 30 s while gestures happen${hasSharedData(clip) ? '' : ` (${sharedDataMissing})`}`, () => {
  let broker: MosquittoBroker;
  let daemon: ChildProcess | undefined;
  let dir: string;
  beforeAll(async () => {
    if (!existsSync(cli)) throw new Error(`${cli} is missing: run \`npm run build\` first`);
    broker = await startMosquitto();
    dir = mkdtempSync(join(tmpdir(), 'gesturegate-broker-fault-'));
  });
  afterAll(async () => {
    daemon?.kill('SIGKILL');
    await broker.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('delivers every event raised during the outage after reconnect, in order, each once', async () => {
    // A persistent session, so the broker keeps for us what it accepts while we are looking away.
    const sub: TestSubscriber = await subscribe(broker.url, 'gesturegate/faultdoor/event', 'broker-fault-subscriber');
    const configPath = join(dir, 'config.yaml');
    writeFileSync(
      configPath,
      stringifyYaml({
        device: { id: 'faultdoor', stateDir: join(dir, 'state') },
        // As fast as the pipeline goes, so gestures keep coming on a slow machine too.
        source: { uri: sharedData(clip), loop: true, realtime: false },
        mqtt: { url: broker.url, homeAssistant: false },
        status: { port: 0, liveView: false },
        log: { level: 'info' },
      }),
    );
    daemon = spawn(process.execPath, [cli, 'run', '--config', configPath], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    let statusUrl: string | undefined;
    daemon.stdout!.on('data', (chunk: Buffer) => {
      output += chunk;
      statusUrl ??= /"msg":"status page","url":"([^"]+)"/.exec(output)?.[1];
    });
    daemon.stderr!.on('data', (chunk: Buffer) => (output += chunk));
    const raised: RaisedEvent[] = [];
    for (let waited = 0; !statusUrl; waited += 50) {
      if (waited > 60_000 || daemon.exitCode !== null) throw new Error(`daemon did not start: ${output.slice(-2000)}`);
      await sleep(50);
    }
    const following = followGestures(statusUrl, raised);

    // Working normally first.
    await sub.waitFor(() => true, 90_000);
    await broker.stop();
    const downAt = Date.now();
    await sleep(OUTAGE_MS);
    const raisedWhileDown = raised.filter((e) => e.seenAt >= downAt).length;
    await broker.restart();
    const upAt = Date.now();

    // Events raised up to a few seconds after the broker came back must all arrive.
    await sleep(3000);
    const expected = raised.map((e) => `${e.id}/${e.phase}`);
    const key = (text: string): string => {
      const event = JSON.parse(text) as { id: string; phase: string };
      return `${event.id}/${event.phase}`;
    };
    const deadline = Date.now() + 30_000;
    const firstSeen = (): string[] => [...new Set(sub.messages.map((m) => key(m.text)))];
    while (!expected.every((k) => firstSeen().includes(k))) {
      if (Date.now() > deadline) break;
      await sleep(100);
    }
    following.abort();
    // The daemon kept running through it (no restart, no crash).
    expect(daemon.exitCode, output.slice(-2000)).toBeNull();
    daemon.kill('SIGTERM');
    const delivered = firstSeen();
    // Nothing lost, nothing invented, nothing out of order.
    expect(delivered.slice(0, expected.length)).toEqual(expected);
    expect(raisedWhileDown, 'gestures must happen while the broker is down').toBeGreaterThan(0);
    const duplicates = sub.messages.length - delivered.length;
    expect(output).not.toMatch(/Fatal error|internal error|Check failed/);
    console.info(
      `broker outage ${OUTAGE_MS / 1000} s: ${expected.length} events raised (${raisedWhileDown} while down), delivered ${delivered.length} distinct, ${duplicates} duplicates, reconnected after ${((upAt - downAt) / 1000).toFixed(0)} s`,
    );
    await sub.close();
  });
});
