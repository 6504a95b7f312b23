// The daemon's own config sections (device, source, mqtt, status, health, log). Every key has a
// default and a description: `gesturegate config --print` and docs/daemon.md are generated from them.
import { z } from 'zod';

/**
 * Every duration has an upper bound: Node turns a timer over 2^31-1 ms (24.8 days) into 1 ms, so a
 * typo such as 1e10 would otherwise become a busy loop. The bounds are far above any sensible value.
 */
const HOUR_MS = 3_600_000;
/** Status page addresses reachable from this machine only: no token needed there. */
const LOOPBACK_HOSTS = new Set(['127.0.0.1', '::1', 'localhost']);
const DAY_S = 86_400;

export const deviceSection = z
  .object({
    id: z
      .string()
      .regex(/^[a-z0-9_-]{1,64}$/, 'use 1 to 64 lowercase letters, digits, _ or -')
      .default('doorway')
      .describe('Device ID: the second MQTT topic level and part of Home Assistant unique IDs'),
    name: z.string().min(1).default('GestureGate doorway').describe('Human-readable name shown in Home Assistant and on the status page'),
    stateDir: z
      .string()
      .min(1)
      .default(process.env.STATE_DIRECTORY ?? '.gesturegate-state')
      .describe(
        'Directory for the offline event queue, clips recorded from the status page and the lock file that keeps it to one daemon (systemd sets $STATE_DIRECTORY)',
      ),
  })
  .strict();

export const sourceSection = z
  .object({
    uri: z
      .string()
      .min(1)
      .default('0')
      .describe('Camera index or /dev/videoN, a video file, an rtsp:// or http(s):// URL, a GStreamer pipeline (contains "!"), or webcam:NAME for node-webcam'),
    width: z.number().int().positive().nullable().default(null).describe('Requested capture width (cameras), null for the driver default'),
    height: z.number().int().positive().nullable().default(null).describe('Requested capture height (cameras)'),
    fps: z.number().positive().nullable().default(null).describe("Requested camera frame rate; for files, the playback rate (null: the file's own)"),
    fourcc: z.enum(['MJPG', 'YUYV']).nullable().default(null).describe('Camera pixel format (V4L2 FOURCC), null for the driver default'),
    loop: z.boolean().default(false).describe('Files: start again at the end instead of stopping'),
    realtime: z.boolean().default(true).describe("Files: deliver frames at the file's frame rate (false: as fast as the pipeline takes them)"),
    openTimeoutMs: z
      .number()
      .int()
      .min(0)
      .max(600_000)
      .default(10_000)
      .describe(
        'Network streams (rtsp://, http://, …): a helper process must get a first frame within this time before the daemon opens the stream, so a camera that hangs cannot freeze the daemon (0: no check)',
      ),
    reconnectMinMs: z.number().int().positive().max(HOUR_MS).default(500).describe('First delay before reopening a failed source'),
    reconnectMaxMs: z.number().int().positive().max(HOUR_MS).default(30_000).describe('Longest delay between reopen attempts (doubles up to this)'),
  })
  .strict();

export const mqttSection = z
  .object({
    enabled: z.boolean().default(true).describe('Publish to MQTT at all'),
    url: z
      .string()
      .regex(/^(mqtts?|wss?|tcp|ssl):\/\//, 'expected mqtt://, mqtts://, ws:// or wss:// URL')
      .nullable()
      .default(null)
      .describe('Broker URL, e.g. mqtt://broker.lan:1883 or mqtts://...; null starts an embedded broker on 127.0.0.1'),
    embeddedPort: z.number().int().min(0).max(65535).default(1883).describe('Port of the embedded broker (used when url is null; 0 picks a free one)'),
    topicPrefix: z
      .string()
      .regex(/^[^#+]+$/, 'no MQTT wildcards')
      .default('gesturegate')
      .describe('First topic level: topics are <prefix>/<device.id>/...'),
    clientId: z.string().nullable().default(null).describe('MQTT client ID (null: gesturegate-<device.id>)'),
    username: z.string().nullable().default(null).describe('Broker user name'),
    password: z.string().nullable().default(null).describe('Broker password'),
    ca: z.string().nullable().default(null).describe("TLS: path of the CA certificate (PEM) that signed the broker's certificate"),
    cert: z.string().nullable().default(null).describe('TLS: path of the client certificate (PEM)'),
    key: z.string().nullable().default(null).describe('TLS: path of the client key (PEM)'),
    rejectUnauthorized: z.boolean().default(true).describe('TLS: refuse brokers whose certificate does not verify'),
    keepaliveS: z.number().int().positive().max(65_535).default(30).describe("MQTT keepalive, seconds (the protocol's limit is 65535)"),
    statsIntervalS: z.number().positive().max(DAY_S).default(30).describe('Seconds between messages on the stats topic'),
    unhealthyAfterS: z
      .number()
      .positive()
      .max(DAY_S)
      .default(60)
      .describe(
        'Seconds the broker may be unreachable or refuse our login before /healthz answers 503 and the status page says "MQTT down since …" (events wait in the queue meanwhile)',
      ),
    queueMax: z.number().int().positive().default(1000).describe('Most events kept on disk while the broker is unreachable (oldest dropped beyond)'),
    homeAssistant: z.boolean().default(true).describe('Publish Home Assistant MQTT discovery messages'),
    discoveryPrefix: z.string().default('homeassistant').describe('Home Assistant discovery topic prefix'),
  })
  .strict();

export const statusSection = z
  .object({
    enabled: z.boolean().default(true).describe('Serve the status page and API'),
    host: z.string().default('127.0.0.1').describe('Listen address; anything but loopback requires status.token'),
    port: z.number().int().min(0).max(65535).default(8080).describe('Listen port (0 picks a free one)'),
    allowedHosts: z
      .array(z.string().min(1).toLowerCase())
      .default([])
      .describe(
        "Host names the status page answers to besides localhost, IP addresses, status.host and this machine's name (e.g. a DNS name it is reached by); any other Host header gets 421, which stops DNS rebinding",
      ),
    token: z
      .string()
      .min(16, 'use at least 16 characters')
      .nullable()
      .default(null)
      .describe('Access token (Bearer header, ?token= or cookie); required off loopback'),
    liveView: z.boolean().default(true).describe('Offer the annotated live view (MJPEG)'),
    liveViewFps: z.number().positive().max(30).default(10).describe('Most frames a second sent to live-view watchers'),
    jpegQuality: z.number().int().min(10).max(100).default(70).describe('JPEG quality of the live view'),
    recordDir: z
      .string()
      .min(1)
      .nullable()
      .default(null)
      .describe(
        'Where clips recorded from the status page go (one subfolder per label); null: <device.stateDir>/recordings, and a relative path is taken under device.stateDir (writable under the systemd unit)',
      ),
  })
  .strict()
  // Here rather than at start, so `config --check` refuses what the daemon would refuse.
  .superRefine((status, ctx) => {
    if (status.enabled && !LOOPBACK_HOSTS.has(status.host) && !status.token) {
      ctx.addIssue({
        code: 'custom',
        path: ['token'],
        message: `required when status.host is ${status.host} (not loopback); set one of at least 16 characters`,
      });
    }
  });

export const healthSection = z
  .object({
    intervalS: z.number().positive().max(3600).default(5).describe('Seconds between device health readings (CPU, temperature, memory, GPU)'),
  })
  .strict();

export const logSection = z
  .object({
    level: z.enum(['debug', 'info', 'warn', 'error']).default('info').describe('Least severe log level written'),
  })
  .strict();
