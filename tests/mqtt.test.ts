// The MQTT bridge against a real Mosquitto broker and the embedded aedes broker.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedBroker } from '../src/bridge/embedded-broker.js';
import { MqttBridge } from '../src/bridge/mqtt-bridge.js';
import { statePayload } from '../src/bridge/payloads.js';
import { configSchema } from '../src/config/schema.js';
import type { GestureEvent } from '../src/types.js';
import { setLogSink } from '../src/util/log.js';
import { startMosquitto, type MosquittoBroker } from './support/mosquitto.js';
import { makeTestCertificates } from './support/tls-certs.js';
import { subscribe } from './support/mqtt-subscriber.js';

const mqttConfig = configSchema.parse({}).mqtt;
function bridgeFor(url: string, stateDir = mkdtempSync(join(tmpdir(), 'gesturegate-state-')), config = mqttConfig): MqttBridge {
  return new MqttBridge({ config, url, deviceId: 'testdoor', stateDir });
}

function gesture(n: number, phase: 'start' | 'end' = 'start'): GestureEvent {
  return {
    id: `ev-${n}`,
    label: 'wave',
    phase,
    timestamp: Date.now(),
    frameTimestampMs: performance.now() - 5,
    peakScore: 0.9,
    durationMs: phase === 'end' ? 1200 : undefined,
    hands: [n],
  };
}

const waitUntil = async (check: () => boolean, what: string, timeoutMs = 10_000): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
};

describe('MQTT bridge with Mosquitto', () => {
  let broker: MosquittoBroker;
  beforeAll(async () => {
    broker = await startMosquitto();
  });
  afterAll(async () => {
    await broker.close();
  });

  it('publishes availability, retained state and events; lets extensions publish on each connect', async () => {
    const sub = await subscribe(broker.url, '#');
    const bridge = bridgeFor(broker.url);
    let connects = 0;
    bridge.onConnected(async () => {
      connects++;
      await bridge.publishRetained('homeassistant/sensor/x/config', '{"name":"x"}');
    });
    bridge.start();
    await sub.waitFor((m) => m.topic === 'gesturegate/testdoor/availability' && m.text === 'online');
    bridge.setState(statePayload([3, 4], [{ id: 'h1', label: 'handshake', hands: [3, 4] }], 'running'));
    bridge.publishEvent(gesture(1));
    bridge.publishEvent(gesture(1, 'end'));
    const state = await sub.waitFor((m) => m.topic === 'gesturegate/testdoor/state');
    expect(state.retain).toBe(false); // live delivery to an existing subscriber
    expect(JSON.parse(state.text)).toMatchObject({ hands: 2, track_ids: [3, 4], handshake: true, source: 'running' });
    await waitUntil(() => sub.on('gesturegate/testdoor/event').length === 2, 'two events');
    const [start, end] = sub.on('gesturegate/testdoor/event').map((m) => JSON.parse(m.text));
    expect(start).toMatchObject({ id: 'ev-1', label: 'wave', phase: 'start', event_type: 'wave_start', hands: [1], duration_ms: null });
    expect(end).toMatchObject({ id: 'ev-1', phase: 'end', duration_ms: 1200 });
    expect(start.captured_at).toBeLessThanOrEqual(start.timestamp + 1);
    // The connect hook ran after "online" and before the state.
    const topics = sub.messages.map((m) => m.topic);
    expect(connects).toBe(1);
    expect(topics.indexOf('homeassistant/sensor/x/config')).toBeGreaterThan(topics.indexOf('gesturegate/testdoor/availability'));

    await bridge.stop();
    await sub.waitFor((m) => m.topic.endsWith('/availability') && m.text === 'offline');
    // A late subscriber sees the retained state and availability.
    const late = await subscribe(broker.url, 'gesturegate/testdoor/+');
    const retained = await late.waitFor((m) => m.topic.endsWith('/state'));
    expect(retained.retain).toBe(true);
    expect((await late.waitFor((m) => m.topic.endsWith('/availability'))).text).toBe('offline');
    await late.close();
    await sub.close();
  });

  it('stops without a warning: a clean stop is not a lost broker (journalctl -p warning stays quiet)', async () => {
    const lines: string[] = [];
    setLogSink((line) => lines.push(line));
    try {
      const sub = await subscribe(broker.url, 'gesturegate/quietdoor/state');
      const bridge = new MqttBridge({
        config: mqttConfig,
        url: broker.url,
        deviceId: 'quietdoor',
        stateDir: mkdtempSync(join(tmpdir(), 'gesturegate-state-')),
      });
      bridge.start();
      bridge.setState(statePayload([], [], 'running'));
      await sub.waitFor(() => true);
      await bridge.stop();
      await sub.close();
      expect(lines.some((l) => /"msg":"connected"/.test(l))).toBe(true);
      expect(lines.filter((l) => /"level":"(warn|error)"/.test(l))).toEqual([]);
    } finally {
      setLogSink((line) => process.stdout.write(line + '\n'));
    }
  });

  it('keeps events raised while the broker is down and delivers them in order after reconnect', async () => {
    const bridge = bridgeFor(broker.url);
    const sub = await subscribe(broker.url, 'gesturegate/testdoor/event', 'persistent-subscriber');
    bridge.start();
    await waitUntil(() => bridge.connected, 'first connection');
    await broker.stop();
    await waitUntil(() => !bridge.connected, 'disconnect');
    for (let n = 1; n <= 20; n++) bridge.publishEvent(gesture(n));
    expect(bridge.status().queued).toBe(20);
    await broker.restart();
    await waitUntil(() => sub.messages.length >= 20, 'queued events after reconnect', 20_000);
    expect(sub.messages.map((m) => JSON.parse(m.text).id)).toEqual(Array.from({ length: 20 }, (_, i) => `ev-${i + 1}`));
    expect(bridge.status()).toMatchObject({ connected: true, queued: 0, droppedFromQueue: 0 });
    await bridge.stop();
    await sub.close();
  });

  it('keeps queued events across a restart of the daemon (on disk)', async () => {
    const stateDir = mkdtempSync(join(tmpdir(), 'gesturegate-state-'));
    await broker.stop();
    const first = bridgeFor(broker.url, stateDir);
    first.start();
    first.publishEvent(gesture(101));
    first.publishEvent(gesture(102));
    await first.stop(100);
    await broker.restart();
    const sub = await subscribe(broker.url, 'gesturegate/testdoor/event');
    const second = bridgeFor(broker.url, stateDir);
    second.start();
    await waitUntil(() => sub.messages.length >= 2, 'events from the previous run');
    expect(sub.messages.map((m) => JSON.parse(m.text).id)).toEqual(['ev-101', 'ev-102']);
    await second.stop();
    await sub.close();
  });
});

describe('MQTT bridge with a secured Mosquitto', () => {
  it('connects over TLS with a client certificate, and only with one', async () => {
    const certs = makeTestCertificates();
    const broker = await startMosquitto({
      listener: [`cafile ${certs.ca}`, `certfile ${certs.serverCert}`, `keyfile ${certs.serverKey}`, 'require_certificate true'],
    });
    const url = broker.url.replace('mqtt://', 'mqtts://');
    try {
      const tls = configSchema.parse({ mqtt: { ca: certs.ca, cert: certs.clientCert, key: certs.clientKey } }).mqtt;
      const bridge = bridgeFor(url, undefined, tls);
      bridge.start();
      await waitUntil(() => bridge.connected, 'TLS connection');
      await bridge.stop();

      const withoutClientCert = bridgeFor(url, undefined, configSchema.parse({ mqtt: { ca: certs.ca } }).mqtt);
      withoutClientCert.start();
      // The broker ends the handshake: the client keeps retrying and never gets connected.
      await waitUntil(() => withoutClientCert.status().reconnects >= 2, 'retries');
      expect(withoutClientCert.connected).toBe(false);
      await withoutClientCert.stop(100);
    } finally {
      await broker.close();
    }
  });

  it('logs in with a user name and password, and is refused with a wrong one', async () => {
    const broker = await startMosquitto({ users: { door: 'open-sesame' } });
    try {
      const good = bridgeFor(broker.url, undefined, configSchema.parse({ mqtt: { username: 'door', password: 'open-sesame' } }).mqtt);
      good.start();
      await waitUntil(() => good.connected, 'login');
      await good.stop();
      const bad = bridgeFor(broker.url, undefined, configSchema.parse({ mqtt: { username: 'door', password: 'wrong' } }).mqtt);
      bad.start();
      await waitUntil(() => bad.status().lastError !== null, 'refusal');
      expect(bad.status().lastError).toMatch(/authori[sz]ed/i);
      expect(bad.connected).toBe(false);
      await bad.stop(100);
    } finally {
      await broker.close();
    }
  });

  it('names the key of an unreadable certificate file', () => {
    const config = configSchema.parse({ mqtt: { ca: '/nonexistent/ca.pem' } }).mqtt;
    expect(() => bridgeFor('mqtts://127.0.0.1:1', undefined, config).start()).toThrow(/mqtt\.ca: cannot read \/nonexistent\/ca\.pem/);
  });
});

describe('embedded aedes broker', () => {
  it('serves the bridge and local subscribers on loopback when no broker is configured', async () => {
    const embedded = await startEmbeddedBroker(0);
    expect(embedded.url).toMatch(/^mqtt:\/\/127\.0\.0\.1:\d+$/);
    const sub = await subscribe(embedded.url, 'gesturegate/#');
    const bridge = bridgeFor(embedded.url, undefined, { ...mqttConfig, ...embedded.credentials });
    bridge.start();
    bridge.publishEvent(gesture(7));
    const event = await sub.waitFor((m) => m.topic === 'gesturegate/testdoor/event');
    expect(JSON.parse(event.text).id).toBe('ev-7');
    expect((await sub.waitFor((m) => m.topic.endsWith('/availability'))).text).toBe('online');
    await bridge.stop();
    await sub.close();
    await embedded.close();
  });

  it('says which key to change when the port is taken', async () => {
    const first = await startEmbeddedBroker(0);
    await expect(startEmbeddedBroker(first.port)).rejects.toThrow(/mqtt\.embeddedPort: port \d+ .* in use/);
    await first.close();
  });
});
