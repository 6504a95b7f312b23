// Fault: the main loop stalls (an inference that never returns) while the camera keeps delivering.
// The real daemon (real clip, real models, real systemd extension and libsystemd, a notify socket
// standing in for systemd) must stop feeding the watchdog, so that systemd restarts it, and must feed
// it again once the loop moves.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Controller } from '../src/daemon/controller.js';
import { createDaemon } from '../src/daemon/daemon.js';
import { createSystemdExtension } from '../src/daemon/extensions/systemd.js';
import { createPipelineParts } from '../src/daemon/parts.js';
import { setLogLevel } from '../src/util/log.js';
import { testDaemonConfig } from './support/daemon.js';
import { openNotifySocket, type NotifySocket } from './support/notify-socket.js';
import { hasSharedData, sharedData, sharedDataMissing } from './support/shared-data.js';

const clip = 'video/swipe_left_right.mp4';
const WATCHDOG_MS = 1500;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.skipIf(!hasSharedData(clip))(`watchdog on a stalled main loop${hasSharedData(clip) ? '' : ` (${sharedDataMissing})`}`, () => {
  let notify: NotifySocket;
  const saved = { ...process.env };
  beforeAll(() => {
    setLogLevel('warn');
    notify = openNotifySocket();
    // What systemd gives a Type=notify service with WatchdogSec=1.5.
    process.env.NOTIFY_SOCKET = notify.path;
    process.env.WATCHDOG_USEC = String(WATCHDOG_MS * 1000);
    process.env.WATCHDOG_PID = String(process.pid);
  });
  afterAll(() => {
    notify.close();
    for (const key of ['NOTIFY_SOCKET', 'WATCHDOG_USEC', 'WATCHDOG_PID']) {
      if (saved[key] === undefined) delete process.env[key];
      else process.env[key] = saved[key];
    }
  });

  it('stops the beats while a stage hangs with the camera running, and resumes them when it returns', async () => {
    const config = testDaemonConfig({
      source: { uri: sharedData(clip), loop: true },
      inference: { variant: 'lite' },
      mqtt: { enabled: false },
      status: { enabled: false },
    });
    const parts = await createPipelineParts(config);
    // A hand pipeline that hangs on demand: the next frame's inference does not return until released.
    const runFrame = parts.pipeline.process.bind(parts.pipeline);
    let hanging = false;
    let release: (() => void) | undefined;
    parts.pipeline.process = (frame) => (hanging ? new Promise((resolve, reject) => (release = () => runFrame(frame).then(resolve, reject))) : runFrame(frame));

    const daemon: Controller = await createDaemon(config, [createSystemdExtension], parts);
    await daemon.start();
    await notify.waitFor((m) => m === 'READY=1');
    const beats = (): number => notify.messages().filter((m) => m === 'WATCHDOG=1').length;
    const framesBefore = (): number => daemon.status().pipeline.framesProcessed;
    for (let waited = 0; framesBefore() < 3; waited += 50) {
      if (waited > 60_000) throw new Error('no frames');
      await sleep(50);
    }
    await sleep(WATCHDOG_MS);
    expect(beats()).toBeGreaterThanOrEqual(1);

    hanging = true;
    // Let the frame in flight finish and the last earned beat go out.
    await sleep(WATCHDOG_MS);
    const stalledAt = beats();
    await sleep(3 * WATCHDOG_MS);
    expect(daemon.status().source.state).toBe('running');
    expect(beats(), 'no beat while the loop is stuck: systemd would restart us').toBe(stalledAt);
    expect(daemon.status().extensions.systemd).toMatchObject({ watchdogMs: WATCHDOG_MS });

    hanging = false;
    release!();
    await sleep(2 * WATCHDOG_MS);
    expect(beats()).toBeGreaterThan(stalledAt);
    await daemon.stop('test');
    expect(notify.messages().some((m) => m.startsWith('STOPPING=1'))).toBe(true);
  });
});
