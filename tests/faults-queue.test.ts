// Fault: the disk under the MQTT queue fills up or turns read-only while the broker is away.
// A real tmpfs of a few pages stands in for the full SD card (remounted read-only for the second
// case) under a real MqttBridge talking to a real Mosquitto. The queue must stay bounded, count and
// log what it could not keep, deliver what it kept, and never throw into the daemon.
// And: queue files left from before that cannot be sent (a wildcard topic, someone else's topic, no
// payload, not JSON) are set aside with one warning while the rest is delivered.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { MqttBridge } from '../src/bridge/mqtt-bridge.js';
import { configSchema } from '../src/config/schema.js';
import type { GestureEvent } from '../src/types.js';
import { setLogSink } from '../src/util/log.js';
import { startMosquitto, type MosquittoBroker } from './support/mosquitto.js';
import { subscribe } from './support/mqtt-subscriber.js';

const QUEUE_MAX = 40;

/** Mounting needs root (CAP_SYS_ADMIN); tried once so the skip reason is exact. */
function canMount(): string | null {
  if (process.getuid?.() !== 0) return 'mounting a small tmpfs to fill the disk needs root (CAP_SYS_ADMIN); skipping';
  const dir = mkdtempSync(join(tmpdir(), 'gesturegate-mount-probe-'));
  const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=16k', 'tmpfs', dir], { encoding: 'utf8' });
  if (mounted.status === 0) spawnSync('umount', [dir]);
  rmSync(dir, { recursive: true, force: true });
  return mounted.status === 0 ? null : `mount -t tmpfs failed (${mounted.stderr.trim()}); skipping`;
}
const cannotMount = canMount();

function mount(dir: string, options: string): void {
  const result = spawnSync('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', dir], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`mount failed: ${result.stderr}`);
}

function remountReadOnly(dir: string): void {
  const result = spawnSync('mount', ['-o', 'remount,ro', dir], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`remount failed: ${result.stderr}`);
}

function gesture(n: number): GestureEvent {
  return { id: `fault-${n}`, label: 'wave', phase: 'start', timestamp: Date.now(), frameTimestampMs: performance.now(), peakScore: 0.9, hands: [1] };
}

const waitUntil = async (check: () => boolean, what: string, timeoutMs = 20_000): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
};

describe.skipIf(cannotMount !== null)(`MQTT queue on a full or read-only disk${cannotMount ? ` (${cannotMount})` : ''}`, () => {
  let broker: MosquittoBroker;
  const mounts: string[] = [];
  const logs: Record<string, unknown>[] = [];
  beforeAll(async () => {
    broker = await startMosquitto();
    setLogSink((line) => logs.push(JSON.parse(line) as Record<string, unknown>));
  });
  let brokerDown = false;
  afterEach(async () => {
    if (brokerDown) await broker.restart();
    brokerDown = false;
    for (const dir of mounts.splice(0)) {
      spawnSync('umount', [dir]);
      rmSync(dir, { recursive: true, force: true });
    }
  });
  afterAll(async () => {
    setLogSink((line) => process.stdout.write(line + '\n'));
    await broker.close();
  });

  async function run(damage: (stateDir: string) => void): Promise<void> {
    const stateDir = mkdtempSync(join(tmpdir(), 'gesturegate-fault-state-'));
    mounts.push(stateDir);
    // 32 KiB: the queue directory and a few message files, then ENOSPC.
    mount(stateDir, 'size=32k,nr_inodes=64');
    const config = { ...configSchema.parse({}).mqtt, queueMax: QUEUE_MAX, homeAssistant: false };
    const bridge = new MqttBridge({ config, url: broker.url, deviceId: 'faultdoor', stateDir });
    // A persistent session: what the broker accepts while we wait is kept for this subscriber.
    const sub = await subscribe(broker.url, 'gesturegate/faultdoor/event', `fault-subscriber-${mounts.length}`);
    await broker.stop();
    brokerDown = true;
    bridge.start();
    damage(stateDir);
    logs.length = 0;

    // Three times the queue's bound while the broker is away: none of this may throw.
    for (let n = 0; n < 3 * QUEUE_MAX; n++) bridge.publishEvent(gesture(n));
    const status = bridge.status() as unknown as Record<string, number>;
    expect(status.queued).toBeLessThanOrEqual(QUEUE_MAX);
    // Every event is accounted for: still queued, dropped for the bound, or (disk) not kept.
    expect(status.droppedFromQueue).toBe(3 * QUEUE_MAX - QUEUE_MAX);
    expect(status.queueWriteErrors).toBeGreaterThan(0);
    expect(readdirSync(join(stateDir, 'mqtt-queue')).length).toBeLessThan(QUEUE_MAX);
    const warnings = logs.filter((l) => l.level === 'warn' || l.level === 'error');
    expect(warnings.some((l) => /queue/.test(String(l.msg)) && /ENOSPC|EROFS/.test(JSON.stringify(l)))).toBe(true);
    // Logged, but not once per event.
    expect(warnings.length).toBeLessThan(QUEUE_MAX);

    // The broker comes back: the newest QUEUE_MAX events arrive in order, each once.
    await broker.restart();
    brokerDown = false;
    await waitUntil(() => bridge.connected && bridge.status().queued === 0, 'queue drained after reconnect');
    await waitUntil(() => sub.messages.length >= QUEUE_MAX, 'queued events');
    const ids = [...new Set(sub.messages.map((m) => JSON.parse(m.text).id as string))];
    expect(ids).toEqual(Array.from({ length: QUEUE_MAX }, (_, i) => `fault-${2 * QUEUE_MAX + i}`));
    // And new events still go straight out.
    bridge.publishEvent(gesture(999));
    await sub.waitFor((m) => JSON.parse(m.text).id === 'fault-999');
    await bridge.stop();
    await sub.close();
  }

  it('disk full (ENOSPC): bounded, loss counted and logged, kept events delivered after reconnect', async () => {
    await run(() => undefined);
  });

  it('disk read-only (EROFS): bounded, loss counted and logged, kept events delivered after reconnect', async () => {
    await run((stateDir) => remountReadOnly(stateDir));
  });
});

describe('poisoned queue files from a previous run', () => {
  it('sets aside what cannot be sent with one warning and delivers the rest in order', async () => {
    const broker = await startMosquitto();
    const logs: Record<string, unknown>[] = [];
    setLogSink((line) => logs.push(JSON.parse(line) as Record<string, unknown>));
    try {
      const stateDir = mkdtempSync(join(tmpdir(), 'gesturegate-poison-'));
      const queueDir = join(stateDir, 'mqtt-queue');
      mkdirSync(queueDir);
      const files: [string, unknown][] = [
        ['good-1', { topic: 'gesturegate/faultdoor/event', payload: JSON.stringify({ id: 'kept-1' }) }],
        ['wildcard', { topic: 'gesturegate/ext/#', payload: '{}' }],
        ['plus', { topic: 'gesturegate/faultdoor/+', payload: '{}' }],
        ['foreign', { topic: 'homeassistant/lock/front/set', payload: 'UNLOCK' }],
        ['no payload', { topic: 'gesturegate/faultdoor/event' }],
        ['not JSON', '{"topic": "gesturegate/faultdoor/ev'],
        ['good-2', { topic: 'gesturegate/faultdoor/event', payload: JSON.stringify({ id: 'kept-2' }) }],
      ];
      files.forEach(([, content], seq) => {
        const text = typeof content === 'string' ? content : JSON.stringify({ seq, ...(content as object) });
        writeFileSync(join(queueDir, `${String(seq).padStart(12, '0')}.json`), text);
      });
      const sub = await subscribe(broker.url, 'gesturegate/#');
      const config = { ...configSchema.parse({}).mqtt, homeAssistant: false };
      const bridge = new MqttBridge({ config, url: broker.url, deviceId: 'faultdoor', stateDir });
      bridge.start();
      await waitUntil(() => sub.on('gesturegate/faultdoor/event').length >= 2, 'the two good queued events');
      expect(sub.on('gesturegate/faultdoor/event').map((m) => JSON.parse(m.text).id)).toEqual(['kept-1', 'kept-2']);
      expect(bridge.status()).toMatchObject({ queued: 0, queueSetAside: 5, reconnects: 0, connected: true });
      expect(readdirSync(join(queueDir, 'rejected'))).toHaveLength(5);
      const warnings = logs.filter((l) => l.level === 'warn' || l.level === 'error');
      expect(warnings.map((l) => l.msg)).toEqual(['queued messages that cannot be sent set aside']);
      // New events still go straight out.
      bridge.publishEvent(gesture(1));
      await sub.waitFor((m) => m.text.includes('"fault-1"'));
      await bridge.stop();
      await sub.close();
    } finally {
      setLogSink((line) => process.stdout.write(line + '\n'));
      await broker.close();
    }
  });
});
