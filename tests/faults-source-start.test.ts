// Fault: a source that gives no picture at start. A file that is not a video (text, 0 bytes) must end
// `gesturegate run` with one line and exit 1, not be retried forever as a camera that went away; and
// systemd must hear READY=1 only once a first frame went through, not while the camera is still
// away. Real daemon processes with a notify socket standing in for systemd, a real MJPEG camera.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startDaemonProcess, type DaemonProcess } from './support/daemon-process.js';
import { startMjpegCamera } from './support/mjpeg-camera.js';
import { openNotifySocket, type NotifySocket } from './support/notify-socket.js';
import { hasSharedData, sharedData, sharedDataMissing } from './support/shared-data.js';

const clip = 'video/swipe_left_right.mp4';

describe('a source with no picture at start', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gesturegate-source-start-'));
  const daemons: DaemonProcess[] = [];
  const sockets: NotifySocket[] = [];
  afterAll(() => {
    for (const d of daemons) d.kill();
    for (const s of sockets) s.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const start = (source: Record<string, unknown>): { daemon: DaemonProcess; notify: NotifySocket } => {
    const notify = openNotifySocket();
    sockets.push(notify);
    const daemon = startDaemonProcess(
      {
        device: { id: 'startdoor', stateDir: join(dir, `state-${daemons.length}`) },
        source,
        mqtt: { enabled: false },
        status: { port: 0, liveView: false },
        log: { level: 'info' },
      },
      { env: { NOTIFY_SOCKET: notify.path } },
    );
    daemons.push(daemon);
    return { daemon, notify };
  };

  it.each([
    ['a text file named .mp4', 'notes.mp4', 'this is not a video\n'],
    ['a 0-byte .mp4', 'empty.mp4', ''],
    ['a looping text file', 'loop.mp4', 'still not a video\n'],
  ])('%s: one line naming it, exit 1, no READY=1', async (_name, file, content) => {
    const path = join(dir, file);
    writeFileSync(path, content);
    const { daemon, notify } = start({ uri: path, loop: file === 'loop.mp4' });
    expect(await daemon.exited).toBe(1);
    const ours = daemon
      .output()
      .split('\n')
      .filter((l) => l.startsWith('gesturegate: '));
    expect(ours).toEqual([`gesturegate: source.uri: cannot decode video file ${path} (not a video OpenCV/FFmpeg can read)`]);
    expect(daemon.output()).not.toMatch(/\n\s+at |internal error|"msg":"source failed"/);
    expect(notify.messages()).not.toContain('READY=1');
  });

  it.skipIf(!hasSharedData(clip))(
    `READY=1 waits for the first frame of a camera that is away at start${hasSharedData(clip) ? '' : ` (${sharedDataMissing})`}`,
    async () => {
      const camera = await startMjpegCamera(sharedData(clip));
      await camera.unplug();
      try {
        const { daemon, notify } = start({ uri: camera.url, openTimeoutMs: 60_000, reconnectMinMs: 200, reconnectMaxMs: 400 });
        const url = await daemon.statusUrl();
        await notify.waitFor((m) => m.startsWith('STATUS=camera reconnecting'), 60_000);
        await daemon.waitForOutput(/"msg":"source failed"[^\n]*\n[^\n]*"msg":"source failed"/);
        expect(notify.messages()).not.toContain('READY=1');
        await camera.plugIn();
        await notify.waitFor((m) => m === 'READY=1', 60_000);
        const status = (await (await fetch(`${url}/api/status`)).json()) as { pipeline: { framesProcessed: number } };
        expect(status.pipeline.framesProcessed).toBeGreaterThan(0);
        // And in that order: the camera's reconnect STATUS lines all came before READY=1.
        const messages = notify.messages();
        expect(messages.indexOf('READY=1')).toBeGreaterThan(messages.findIndex((m) => m.startsWith('STATUS=camera reconnecting')));
        daemon.child.kill('SIGTERM');
        expect(await daemon.exited).toBe(0);
      } finally {
        await camera.close();
      }
    },
  );
});
