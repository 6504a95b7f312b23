// Fault: credentials leaking into logs, the status page, systemd's STATUS= line and the process list.
// One masking function covers every URL-like string: fuzzed with passwords full of odd characters;
// then the real parts: a bridge logging in to a real Mosquitto with the password in its URL, the
// real daemon on a GStreamer pipeline with an rtsp location, and the stream-check helper process.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { MqttBridge } from '../src/bridge/mqtt-bridge.js';
import { createFrameSource } from '../src/capture/frame-source.js';
import { configSchema } from '../src/config/schema.js';
import { setLogSink } from '../src/util/log.js';
import { seededRandom } from '../src/util/random.js';
import { maskCredentials } from '../src/util/url.js';
import { startDaemonProcess } from './support/daemon-process.js';
import { startSilentCamera } from './support/mjpeg-camera.js';
import { repoRoot } from './support/shared-data.js';
import { pick, randomInt } from './support/fuzz.js';
import { startMosquitto } from './support/mosquitto.js';
import { openNotifySocket } from './support/notify-socket.js';

const SECRET = 'Zq7-s3cr3t';
// Anything a user may type into a password, unencoded, short of whitespace and quotes (which end a URL).
const ODD = [...'@/:?#%!&=;+,$*()[]~^|\\{}`', 'a', 'B', '9', '.', '_', '-', 'é', '🔑'];

function oddPassword(random: () => number): string {
  let password = SECRET;
  for (let n = 1 + randomInt(random, 12); n > 0; n--) password += pick(random, ODD);
  return password + pick(random, ['', '@', '/', '@cam', 'x']);
}

describe('masking credentials', () => {
  it('hides the password of every URL-like string, whatever characters it holds (fuzzed, 3000 cases)', () => {
    const random = seededRandom(12);
    for (let n = 0; n < 3000; n++) {
      const password = oddPassword(random);
      const url = `${pick(random, ['rtsp', 'rtsps', 'http', 'https', 'mqtt', 'mqtts', 'ws'])}://admin:${password}@cam.lan:554/stream1`;
      const texts = [
        url,
        `rtspsrc location=${url} latency=0 ! rtph264depay ! avdec_h264 ! videoconvert ! appsink`,
        `rtspsrc location="${url}" ! decodebin ! appsink`,
        `cannot open ${url}: 401 Unauthorized`,
        JSON.stringify({ uri: url }),
      ];
      for (const text of texts) {
        const masked = maskCredentials(text);
        expect(masked, `case ${n}: ${text}`).not.toContain(SECRET);
        expect(masked).toContain('***@cam.lan:554');
      }
    }
  });

  it('hides secrets in query strings and GStreamer properties, and leaves plain text alone', () => {
    const random = seededRandom(13);
    for (let n = 0; n < 500; n++) {
      const value = SECRET + Array.from({ length: randomInt(random, 8) }, () => pick(random, [...'@/:?%!=;+,$*()~^|é'])).join('');
      for (const key of ['password', 'passwd', 'pwd', 'token', 'access_token', 'api_key', 'user-pw', 'secret']) {
        for (const text of [
          `http://cam.lan/video.cgi?user=admin&${key}=${value}&fps=15`,
          `rtspsrc location=rtsp://cam.lan/s user-id=admin ${key}=${value} ! appsink`,
        ]) {
          expect(maskCredentials(text), text).not.toContain(SECRET);
        }
      }
    }
    for (const plain of [
      'camera 0',
      '/dev/video2',
      '/srv/clips/door.mp4',
      'rtsp://cam.lan:554/stream1',
      'v4l2src device=/dev/video0 ! videoconvert ! appsink',
      'connect ECONNREFUSED 127.0.0.1:1883',
    ]) {
      expect(maskCredentials(plain)).toBe(plain);
    }
  });

  it('keeps the broker password out of the connected and disconnected log lines', async () => {
    const broker = await startMosquitto({ users: { door: SECRET } });
    const lines: string[] = [];
    setLogSink((line) => lines.push(line));
    try {
      const url = broker.url.replace('mqtt://', `mqtt://door:${encodeURIComponent(SECRET)}@`);
      const bridge = new MqttBridge({
        config: configSchema.parse({}).mqtt,
        url,
        deviceId: 'maskdoor',
        stateDir: mkdtempSync(join(tmpdir(), 'gesturegate-mask-')),
      });
      bridge.start();
      for (let waited = 0; !bridge.connected; waited += 20) {
        if (waited > 10_000) throw new Error(`no login: ${lines.join('\n')}`);
        await new Promise((r) => setTimeout(r, 20));
      }
      bridge.setState({ hands: 0, track_ids: [], persons: 0, person_ids: [], active: [], handshake: false, handshake_people: [], source: 'running' });
      await new Promise((r) => setTimeout(r, 200));
      await broker.stop();
      await new Promise((r) => setTimeout(r, 500));
      await bridge.stop(100);
      expect(lines.some((l) => /"msg":"connected"/.test(l))).toBe(true);
      expect(lines.some((l) => /"msg":"disconnected"/.test(l))).toBe(true);
      expect(lines.join('\n')).not.toContain(SECRET);
      expect(JSON.stringify(bridge.status())).not.toContain(SECRET);
    } finally {
      setLogSink((line) => process.stdout.write(line + '\n'));
      await broker.close();
    }
  });

  it('keeps an rtsp password inside a GStreamer pipeline out of /api/status, the logs and STATUS=', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gesturegate-mask-daemon-'));
    const notify = openNotifySocket();
    const pipeline = `rtspsrc location=rtsp://admin:${SECRET}@127.0.0.1:9/stream1 latency=0 ! decodebin ! videoconvert ! appsink`;
    const daemon = startDaemonProcess(
      {
        device: { id: 'maskdoor', stateDir: dir },
        source: { uri: pipeline, reconnectMinMs: 200, reconnectMaxMs: 400 },
        mqtt: { enabled: false },
        status: { port: 0, liveView: false },
        log: { level: 'debug' },
      },
      { env: { NOTIFY_SOCKET: notify.path } },
    );
    try {
      const url = await daemon.statusUrl();
      await notify.waitFor((m) => m.startsWith('STATUS=camera'), 30_000);
      await new Promise((r) => setTimeout(r, 1500));
      const status = await (await fetch(`${url}/api/status`)).text();
      expect(status).toContain('gstreamer: rtspsrc location=rtsp://***@127.0.0.1:9/stream1');
      expect(status).not.toContain(SECRET);
      expect(notify.messages().join('\n')).not.toContain(SECRET);
      daemon.child.kill('SIGTERM');
      await daemon.exited;
      expect(daemon.output()).not.toContain(SECRET);
    } finally {
      daemon.kill();
      notify.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('`config --print` shows the camera and broker URL passwords, the broker password and the status token as ***', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gesturegate-print-'));
    try {
      const config = join(dir, 'config.yaml');
      writeFileSync(
        config,
        stringifyYaml({
          source: { uri: `rtsp://admin:${SECRET}@cam.lan/stream` },
          mqtt: { url: `mqtts://door:${SECRET}@broker.lan:8883`, username: 'door', password: SECRET },
          status: { host: '0.0.0.0', token: `${SECRET}-long-token` },
        }),
      );
      const printed = execFileSync(process.execPath, [join(repoRoot, 'dist/src/cli.js'), 'config', '--print', '-c', config], { encoding: 'utf8' });
      expect(printed).not.toContain(SECRET);
      expect(parseYaml(printed)).toMatchObject({
        source: { uri: 'rtsp://***@cam.lan/stream' },
        mqtt: { url: 'mqtts://***@broker.lan:8883', username: 'door', password: '***' },
        status: { token: '***' },
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("does not put the stream URL on the stream-check helper's command line", async () => {
    // A camera that accepts and never answers keeps the helper alive long enough to look at it.
    const silent = await startSilentCamera();
    try {
      const source = createFrameSource(
        configSchema.parse({ source: { uri: `http://admin:${SECRET}@127.0.0.1:${silent.port}/video.mjpg`, openTimeoutMs: 3000 } }).source,
      );
      const opening = source.open().catch(() => undefined);
      // The reachability check's connection comes first, then the helper's.
      for (let waited = 0; silent.sockets.length < 2 && waited < 2500; waited += 20) await new Promise((r) => setTimeout(r, 20));
      expect(silent.sockets.length).toBe(2);
      // What `ps` shows every local user.
      const commandLines = readdirSync('/proc')
        .filter((name) => /^\d+$/.test(name))
        .map((pid) => {
          try {
            return readFileSync(`/proc/${pid}/cmdline`, 'utf8');
          } catch {
            return '';
          }
        });
      expect(commandLines.some((c) => c.includes('stream-probe-main'))).toBe(true);
      expect(commandLines.filter((c) => c.includes(SECRET))).toEqual([]);
      await opening;
      source.close();
    } finally {
      silent.close();
    }
  });
});
