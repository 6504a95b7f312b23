// The whole daemon on real parts: a real clip decoded by OpenCV, the converted hand models on
// onnxruntime, the gesture engine, a real Mosquitto broker; and the CLI process stopped by SIGTERM.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DaemonEvents } from '../src/daemon/bus.js';
import { createDaemon } from '../src/daemon/daemon.js';
import type { ExtensionFactory } from '../src/daemon/extension.js';
import { setLogLevel } from '../src/util/log.js';
import { testDaemonConfig } from './support/daemon.js';
import { startMosquitto, type MosquittoBroker } from './support/mosquitto.js';
import { subscribe } from './support/mqtt-subscriber.js';
import { hasSharedData, repoRoot, sharedData, sharedDataMissing } from './support/shared-data.js';

const clip = 'video/swipe_left_right.mp4';
const modelsPresent = existsSync(join(repoRoot, 'models/onnx/palm_detection_full.onnx'));
if (!modelsPresent) throw new Error('models/onnx/*.onnx missing: run `npm run build && node dist/src/cli.js convert` first');
setLogLevel('warn');

describe.skipIf(!hasSharedData(clip))('daemon on a real clip', () => {
  if (!hasSharedData(clip)) console.warn(sharedDataMissing);
  let broker: MosquittoBroker;
  beforeAll(async () => {
    broker = await startMosquitto();
  });
  afterAll(async () => {
    await broker?.close();
  });

  it('tracks hands, publishes state and gesture events, and tells extensions about its lifecycle', async () => {
    const seen: (keyof DaemonEvents)[] = [];
    // What a later extension (e.g. systemd's watchdog) sees: lifecycle on the bus, no change to the loop.
    const observer: ExtensionFactory = ({ bus }) => {
      for (const name of ['ready', 'sourceState', 'frameProcessed', 'gesture', 'stopping', 'stopped'] as const) {
        bus.on(name, () => seen.at(-1) !== name && seen.push(name));
      }
      return { name: 'observer', start: async () => undefined, stop: async () => undefined, status: () => ({ events: seen.length }) };
    };
    const sub = await subscribe(broker.url, 'gesturegate/testdoor/#');
    const discovery = await subscribe(broker.url, 'homeassistant/#');
    const config = testDaemonConfig({ source: { uri: sharedData(clip), loop: true, realtime: false }, mqtt: { url: broker.url, statsIntervalS: 0.5 } });
    const daemon = await createDaemon(config, [observer]);
    await daemon.start();

    await sub.waitFor((m) => m.topic.endsWith('/availability') && m.text === 'online');
    const withHands = await sub.waitFor((m) => m.topic.endsWith('/state') && JSON.parse(m.text).hands > 0, 30_000);
    expect(JSON.parse(withHands.text)).toMatchObject({ source: 'running', handshake: false });
    // The person waving is in view (the people layer is on by default).
    const withPerson = await sub.waitFor((m) => m.topic.endsWith('/state') && JSON.parse(m.text).persons === 1, 30_000);
    expect(JSON.parse(withPerson.text).person_ids).toHaveLength(1);
    // The open palm swept across the clip is recognised as a gesture.
    const start = await sub.waitFor((m) => m.topic.endsWith('/event') && JSON.parse(m.text).phase === 'start', 45_000);
    const event = JSON.parse(start.text);
    expect(daemon.gestureLabels).toContain(event.label);
    expect(event).toMatchObject({ event_type: `${event.label}_start`, duration_ms: null });
    expect(event.hands.length).toBeGreaterThan(0);
    expect(event.captured_at).toBeLessThanOrEqual(start.receivedAt);

    // Home Assistant discovery: one device, four entities, every gesture label as event types.
    await discovery.waitFor((m) => m.topic.endsWith('/persons/config'));
    expect(discovery.messages.map((m) => m.topic).sort()).toEqual([
      'homeassistant/binary_sensor/gesturegate_testdoor/handshake/config',
      'homeassistant/event/gesturegate_testdoor/gesture/config',
      'homeassistant/sensor/gesturegate_testdoor/hands/config',
      'homeassistant/sensor/gesturegate_testdoor/persons/config',
    ]);
    const entity = JSON.parse(discovery.messages.find((m) => m.topic.includes('/event/'))!.text);
    expect(entity).toMatchObject({ state_topic: 'gesturegate/testdoor/event', availability_topic: 'gesturegate/testdoor/availability' });
    expect(entity.event_types).toEqual(daemon.gestureLabels.flatMap((l) => [`${l}_start`, `${l}_end`]));
    await discovery.close();
    const stats = JSON.parse((await sub.waitFor((m) => m.topic.endsWith('/stats') && JSON.parse(m.text).frames_processed > 1)).text);
    expect(stats).toMatchObject({ source: 'running', reconnects: 0 });
    expect(stats.fps).toBeGreaterThan(0);
    expect(stats.latency_ms).toBeGreaterThan(0);
    const status = daemon.status();
    expect(status.pipeline.framesProcessed).toBeGreaterThan(0);
    expect(status.pipeline.stages.detect?.meanMs).toBeGreaterThan(0);
    expect(status.models).toMatchObject({ variant: 'full', providers: { palmDetection: 'cpu', handLandmarks: 'cpu' } });
    expect(status.extensions.mqtt).toMatchObject({ connected: true });
    expect(status.recentEvents[0]?.id ?? event.id).toBeTruthy();

    await daemon.stop('test');
    expect(await daemon.done).toBe('test');
    // Gestures under way end with the daemon, then it says offline.
    await sub.waitFor((m) => m.topic.endsWith('/event') && JSON.parse(m.text).phase === 'end' && JSON.parse(m.text).id === event.id);
    await sub.waitFor((m) => m.topic.endsWith('/availability') && m.text === 'offline');
    expect(seen.slice(0, 3)).toEqual(['ready', 'sourceState', 'frameProcessed']);
    // Ends of gestures under way come between stopping and stopped.
    expect(seen.at(-1)).toBe('stopped');
    expect(seen.lastIndexOf('stopping')).toBeGreaterThan(0);
    expect(seen.lastIndexOf('gesture')).toBeGreaterThan(seen.lastIndexOf('stopping'));
    expect(daemon.status()).toMatchObject({ state: 'stopped', source: { state: 'stopped' } });
    await sub.close();
  });

  it('stops on SIGTERM: finishes the frame, flushes MQTT, exits 0 within its 2-second deadline', async () => {
    const cli = join(repoRoot, 'dist/src/cli.js');
    if (!existsSync(cli)) throw new Error('dist/src/cli.js missing: run `npm run build` first (npm test does)');
    const sub = await subscribe(broker.url, 'gesturegate/sigterm/#');
    const config = testDaemonConfig({});
    const child = spawn(
      process.execPath,
      [
        cli,
        'run',
        '--source',
        sharedData(clip),
        '--loop',
        '--mqtt-url',
        broker.url,
        '--device',
        'sigterm',
        '--status-port',
        '0',
        '--state-dir',
        config.device.stateDir,
      ],
      { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, GESTUREGATE_LOG_LEVEL: 'info' } },
    );
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    await sub.waitFor((m) => m.topic.endsWith('/state') && JSON.parse(m.text).source === 'running', 60_000);
    child.kill('SIGTERM');
    // Exit code 1 would mean the 2-second stop deadline fired.
    expect(await exited, output).toBe(0);
    expect(output).toMatch(/"msg":"stopped","reason":"SIGTERM"/);
    await sub.waitFor((m) => m.topic.endsWith('/availability') && m.text === 'offline');
    const lastState = sub.on('gesturegate/sigterm/state').at(-1)!;
    expect(JSON.parse(lastState.text)).toMatchObject({ hands: 0, source: 'stopped' });
    await sub.close();
  });
});
