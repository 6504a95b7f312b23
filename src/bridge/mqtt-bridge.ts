// Publishes availability, state, events and stats with QoS 1. Events go through the on-disk queue
// first and leave it only when the broker acknowledged them, so none are lost while it is unreachable
// and they arrive in order after reconnect.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';
import type { MqttConfig } from '../config/schema.js';
import type { GestureEvent } from '../types.js';
import { backoffDelayMs } from '../capture/backoff.js';
import { ErrorStreak } from '../util/error-streak.js';
import { UserError, oneLine } from '../util/errors.js';
import { createLogger } from '../util/log.js';
import { maskCredentials } from '../util/url.js';
import { DiskQueue } from './event-queue.js';
import { eventPayload, type StatePayload } from './payloads.js';
import { topicsFor, type Topics } from './topics.js';

export interface MqttBridgeOptions {
  config: MqttConfig;
  /** Broker URL to use (the configured one or the embedded broker's). */
  url: string;
  deviceId: string;
  stateDir: string;
}

export interface MqttBridgeStatus {
  url: string;
  connected: boolean;
  queued: number;
  droppedFromQueue: number;
  /** Events the disk could not take (full or read-only): kept in memory only. */
  queueWriteErrors: number;
  /** Queue files from before the start that could not be sent (moved to mqtt-queue/rejected/). */
  queueSetAside: number;
  published: number;
  /** Connection attempts after the first. */
  reconnects: number;
  lastError: string | null;
  /** Epoch ms since when the broker has been unreachable or refusing us; null while connected. */
  downSince: number | null;
}

const log = createLogger('mqtt');
/** Retry delay after a network failure, and the first one after a refused login (doubling up to the max). */
const RETRY_MS = 1000;
const REFUSED_RETRY_MAX_MS = 60_000;

/**
 * The error's one line, with what a bare socket error probably means: a TLS client talking to a plain
 * port (or the other way round) sees nothing but a reset connection.
 */
function explainConnectionError(url: string, error: Error): string {
  const message = oneLine(error);
  const tls = /^(mqtts|ssl|wss):/i.test(url);
  if (tls && /ECONNRESET|EPROTO|before secure TLS connection|wrong version number|packet length too long/i.test(message)) {
    return `${message} (TLS to a plain port? check mqtt.url's scheme and port)`;
  }
  if (!tls && /ECONNRESET/.test(message)) return `${message} (plain MQTT to a TLS port? then use mqtts://)`;
  return message;
}

export class MqttBridge {
  readonly topics: Topics;
  private client: MqttClient | null = null;
  private readonly queue: DiskQueue;
  private lastState: string | null = null;
  private publishedState: string | null = null;
  private flushing: Promise<void> | null = null;
  private flushAgain = false;
  private published = 0;
  private reconnects = 0;
  private readonly connectListeners: (() => Promise<void>)[] = [];
  private lastError: string | null = null;
  private downSince: number | null = null;
  /** Logins refused in a row (bad password, not authorised): retried with growing delays. */
  private refusals = 0;
  private readonly failures = new ErrorStreak(log, 'broker connection');
  private stopping = false;

  constructor(private readonly options: MqttBridgeOptions) {
    this.topics = topicsFor(options.config.topicPrefix, options.deviceId);
    this.queue = new DiskQueue(join(options.stateDir, 'mqtt-queue'), options.config.queueMax, ({ topic, payload }) => {
      // A wildcard topic fails every publish and the broker drops us each time: never send one.
      if (typeof topic !== 'string' || !topic.startsWith(`${this.topics.base}/`)) return `topic not under ${this.topics.base}/`;
      if (topic.includes('#') || topic.includes('+') || topic.includes('\0')) return 'wildcard or NUL in topic';
      if (typeof payload !== 'string' || !payload) return 'no payload';
      return null;
    });
  }

  /** Starts connecting; resolves at once (the daemon runs while the broker is away). */
  start(): void {
    const client = mqtt.connect(this.options.url, this.clientOptions());
    this.client = client;
    this.stopping = false;
    this.downSince = Date.now();
    client.on('connect', () => {
      log.info('connected', { url: maskCredentials(this.options.url) });
      this.failures.recovered();
      this.lastError = null;
      this.downSince = null;
      this.refusals = 0;
      client.options.reconnectPeriod = RETRY_MS;
      void this.onConnect();
    });
    client.on('close', () => {
      // Our own stop closes the connection too: that is not a broker lost.
      if (this.publishedState !== null && !this.stopping) log.warn('disconnected', { url: maskCredentials(this.options.url) });
      this.publishedState = null;
      this.downSince ??= Date.now();
    });
    client.on('reconnect', () => {
      this.reconnects++;
    });
    client.on('error', (error) => {
      this.lastError = explainConnectionError(this.options.url, error);
      // A refused login (CONNACK with a reason code) is retried too, further apart each time: the
      // password or the broker's ACL may be fixed without restarting us.
      const refused = /^Connection refused/.test(error.message);
      if (refused) client.options.reconnectPeriod = backoffDelayMs(this.refusals++, RETRY_MS, REFUSED_RETRY_MAX_MS);
      this.failures.failed(this.lastError, refused ? { retryInS: client.options.reconnectPeriod! / 1000 } : {});
    });
  }

  private clientOptions(): IClientOptions {
    const { config, deviceId } = this.options;
    const readPem = (key: string, path: string | null): Buffer | undefined => {
      if (!path) return undefined;
      try {
        return readFileSync(path);
      } catch {
        throw new UserError(`mqtt.${key}: cannot read ${path}`);
      }
    };
    return {
      clientId: config.clientId ?? `gesturegate-${deviceId}`,
      username: config.username ?? undefined,
      password: config.password ?? undefined,
      ca: readPem('ca', config.ca),
      cert: readPem('cert', config.cert),
      key: readPem('key', config.key),
      rejectUnauthorized: config.rejectUnauthorized,
      keepalive: config.keepaliveS,
      protocolVersion: 4,
      reconnectPeriod: RETRY_MS,
      // mqtt 5 gives up for good after a refused CONNACK unless told otherwise.
      reconnectOnConnackError: true,
      connectTimeout: 10_000,
      clean: true,
      will: { topic: this.topics.availability, payload: Buffer.from('offline'), qos: 1, retain: true },
    };
  }

  private async onConnect(): Promise<void> {
    const client = this.client;
    if (!client) return;
    try {
      await client.publishAsync(this.topics.availability, 'online', { qos: 1, retain: true });
      for (const listener of this.connectListeners) await listener();
      await this.publishState();
    } catch (error) {
      this.lastError = oneLine(error);
    }
    this.flush();
  }

  /**
   * Runs `listener` after each (re)connect, once `online` is out and before the state and queued
   * events (e.g. Home Assistant discovery); at once too if already connected.
   */
  onConnected(listener: () => Promise<void>): void {
    this.connectListeners.push(listener);
    if (this.connected) void listener().catch((error) => (this.lastError = oneLine(error)));
  }

  /** A retained QoS 1 message outside the device's own topics (e.g. discovery configs). */
  async publishRetained(topic: string, payload: string): Promise<void> {
    if (this.connected) await this.client!.publishAsync(topic, payload, { qos: 1, retain: true });
  }

  get connected(): boolean {
    return this.client?.connected ?? false;
  }

  status(): MqttBridgeStatus {
    return {
      url: maskCredentials(this.options.url),
      connected: this.connected,
      queued: this.queue.size,
      droppedFromQueue: this.queue.dropped,
      queueWriteErrors: this.queue.writeErrors,
      queueSetAside: this.queue.rejected,
      published: this.published,
      reconnects: this.reconnects,
      lastError: this.lastError,
      downSince: this.connected ? null : this.downSince,
    };
  }

  /** Queues the event on disk and sends it when the broker is there. */
  publishEvent(event: GestureEvent): void {
    this.queue.push(this.topics.event, JSON.stringify(eventPayload(event)));
    this.flush();
  }

  /** Retained state, sent only when it changed (and again after each reconnect). */
  setState(state: StatePayload): void {
    this.lastState = JSON.stringify(state);
    if (this.lastState !== this.publishedState) void this.publishState().catch(() => undefined);
  }

  publishStats(stats: Record<string, unknown>): void {
    if (this.connected) this.client!.publish(this.topics.stats, JSON.stringify(stats), { qos: 1 }, () => undefined);
  }

  private async publishState(): Promise<void> {
    const state = this.lastState;
    if (!state || !this.connected) return;
    this.publishedState = state;
    await this.client!.publishAsync(this.topics.state, state, { qos: 1, retain: true });
  }

  /** Sends queued messages one at a time, oldest first; one flush runs at a time. */
  private flush(): void {
    if (this.flushing) {
      this.flushAgain = true;
      return;
    }
    this.flushing = this.drain().finally(() => {
      this.flushing = null;
      if (this.flushAgain) {
        this.flushAgain = false;
        this.flush();
      }
    });
  }

  private async drain(): Promise<void> {
    for (let item = this.queue.peek(); item && this.connected; item = this.queue.peek()) {
      try {
        await this.client!.publishAsync(item.topic, item.payload, { qos: 1 });
      } catch (error) {
        // Left in the queue; the next connect flushes again.
        this.lastError = oneLine(error);
        return;
      }
      this.queue.remove(item.seq);
      this.published++;
    }
  }

  /** Waits for queued events to go out (up to `timeoutMs`), says offline and disconnects. */
  async stop(timeoutMs = 1000): Promise<void> {
    const client = this.client;
    if (!client) return;
    this.stopping = true;
    const deadline = new Promise<void>((r) => setTimeout(r, timeoutMs).unref());
    await Promise.race([this.flushing ?? Promise.resolve(), deadline]);
    if (client.connected) {
      await Promise.race([client.publishAsync(this.topics.availability, 'offline', { qos: 1, retain: true }).catch(() => undefined), deadline]);
    }
    await Promise.race([client.endAsync(false), deadline]);
    client.end(true);
    this.client = null;
  }
}
