// Fault: any local process filling the embedded broker's memory: oversized packets, retained
// messages that live as long as the broker, persistent sessions that queue for absent subscribers.
// A real embedded broker (aedes in this process) serves a real bridge; hostile local clients are
// real MQTT clients over loopback. The broker must refuse them and keep serving the daemon.
import { mkdtempSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EMBEDDED_MAX_PACKET_BYTES, packetSizeGuard, startEmbeddedBroker, type EmbeddedBroker } from '../src/bridge/embedded-broker.js';
import { MqttBridge } from '../src/bridge/mqtt-bridge.js';
import { configSchema } from '../src/config/schema.js';
import { subscribe } from './support/mqtt-subscriber.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Connects a plain local client, runs `act`, and says whether the broker closed the connection within a second after. */
async function closedAfter(url: string, act: (client: mqtt.MqttClient) => void | Promise<void>, options: mqtt.IClientOptions = {}): Promise<boolean> {
  const client = await mqtt.connectAsync(url, { reconnectPeriod: 0, protocolVersion: 4, ...options });
  let closed = false;
  client.on('close', () => (closed = true));
  client.on('error', () => undefined);
  await act(client);
  for (let waited = 0; !closed && waited < 1000; waited += 20) await sleep(20);
  client.end(true);
  return closed;
}

describe('embedded broker memory bounds', () => {
  let broker: EmbeddedBroker;
  let bridge: MqttBridge;
  beforeAll(async () => {
    broker = await startEmbeddedBroker(0);
    const config = { ...configSchema.parse({}).mqtt, ...broker.credentials, homeAssistant: false };
    bridge = new MqttBridge({ config, url: broker.url, deviceId: 'memdoor', stateDir: mkdtempSync(join(tmpdir(), 'gesturegate-mem-')) });
    bridge.start();
    for (let waited = 0; !bridge.connected; waited += 20) {
      if (waited > 10_000) throw new Error('bridge did not connect to the embedded broker');
      await sleep(20);
    }
  });
  afterAll(async () => {
    await bridge.stop(100);
    await broker.close();
  });

  it('cuts a client off as soon as a packet header announces more than the limit, before the body is buffered', async () => {
    const sub = await subscribe(broker.url, 'flood/#');
    const rssBefore = process.memoryUsage.rss();
    for (let n = 0; n < 5; n++) {
      expect(await closedAfter(broker.url, (c) => void c.publish('flood/big', Buffer.alloc(20 * 2 ** 20, 7)))).toBe(true);
    }
    // Growth stays far below the 100 MB offered (the client's own buffers are in this process too).
    expect(sub.on('flood/big')).toHaveLength(0);
    expect(process.memoryUsage.rss() - rssBefore).toBeLessThan(400 * 2 ** 20);
    // A header alone that announces 20 MB is enough: no body needs to arrive.
    const raw = connect(broker.port, '127.0.0.1');
    await new Promise((r) => raw.once('connect', r));
    const closed = new Promise<boolean>((resolve) => {
      raw.once('close', () => resolve(true));
      setTimeout(() => resolve(false), 2000);
    });
    raw.write(Buffer.from([0x30, 0x80, 0x80, 0x80, 0x0a]));
    expect(await closed).toBe(true);
    // A message under the limit still goes through.
    const small = await mqtt.connectAsync(broker.url, { protocolVersion: 4 });
    await small.publishAsync('flood/small', Buffer.alloc(EMBEDDED_MAX_PACKET_BYTES / 2, 1));
    await sub.waitFor((m) => m.topic === 'flood/small');
    await small.endAsync();
    await sub.close();
  });

  it('keeps retained messages from its own client only', async () => {
    const junk = await mqtt.connectAsync(broker.url, { protocolVersion: 4, reconnectPeriod: 0 });
    junk.on('error', () => undefined);
    for (let n = 0; n < 35; n++) junk.publish(`junk/${n}`, Buffer.alloc(1000, 1), { retain: true, qos: 0 });
    await sleep(300);
    junk.end(true);
    // Someone else pretending to be us is refused at login.
    await expect(mqtt.connectAsync(broker.url, { protocolVersion: 4, reconnectPeriod: 0, username: 'gesturegate', password: 'guess' })).rejects.toThrow(
      /Bad username or password|Not authorized/i,
    );
    const late = await subscribe(broker.url, '#');
    await late.waitFor((m) => m.topic === 'gesturegate/memdoor/availability' && m.retain && m.text === 'online');
    await sleep(300);
    expect(late.messages.filter((m) => m.topic.startsWith('junk/'))).toEqual([]);
    await late.close();
  });

  it('refuses persistent sessions from other clients (they queue for absent subscribers without bound)', async () => {
    await expect(
      mqtt.connectAsync(broker.url, { protocolVersion: 4, reconnectPeriod: 0, clean: false, clientId: 'hoarder', connectTimeout: 2000 }),
    ).rejects.toThrow();
    expect(bridge.connected).toBe(true);
  });

  it('parses packet lengths split across chunks (the guard alone)', () => {
    const fits = packetSizeGuard(300);
    // PUBLISH of 200 bytes, its length byte pair split, then a PINGREQ, then a 301-byte packet.
    expect(fits(Buffer.from([0x30, 0xc8]))).toBe(true);
    expect(fits(Buffer.concat([Buffer.from([0x01]), Buffer.alloc(200), Buffer.from([0xc0, 0x00])]))).toBe(true);
    expect(fits(Buffer.from([0x30, 0xad, 0x02]))).toBe(false);
  });
});
