// A network camera for tests: tests/support/mjpeg-server.mjs in its own process, streaming a looping
// clip as HTTP MJPEG. unplug() kills it (connections cut mid-stream, then connection refused, as when
// a camera loses power); plugIn() starts it again on the same URL. startSilentCamera() is a camera
// whose firmware hangs: it accepts the connection and never sends a byte.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type AddressInfo, type Socket } from 'node:net';
import { join } from 'node:path';
import { freePort } from './mosquitto.js';
import { repoRoot } from './shared-data.js';

export interface MjpegCamera {
  url: string;
  unplug(): Promise<void>;
  plugIn(): Promise<void>;
  close(): Promise<void>;
}

export async function startMjpegCamera(clip: string, fps = 15): Promise<MjpegCamera> {
  const port = await freePort();
  let server: ChildProcess | null = null;
  const plugIn = async (): Promise<void> => {
    const child = spawn(process.execPath, [join(repoRoot, 'tests/support/mjpeg-server.mjs'), String(port), clip, String(fps)], {
      stdio: ['ignore', 'pipe', 'inherit'],
      // Its own process group, so unplug() also takes its ffmpeg down.
      detached: true,
    });
    server = child;
    await new Promise<void>((resolve, reject) => {
      child.stdout!.once('data', () => resolve());
      child.once('exit', (code) => reject(new Error(`MJPEG server exited with ${code} before listening`)));
    });
  };
  const unplug = async (): Promise<void> => {
    const running = server;
    server = null;
    if (!running || running.exitCode !== null || running.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      running.once('exit', () => resolve());
      process.kill(-running.pid!, 'SIGKILL');
    });
  };
  await plugIn();
  return { url: `http://127.0.0.1:${port}/camera.mjpg`, unplug, plugIn, close: unplug };
}

export interface SilentCamera {
  port: number;
  /** The connections accepted so far. */
  sockets: readonly Socket[];
  /** Cuts the connections and stops listening. */
  close(): void;
}

export async function startSilentCamera(): Promise<SilentCamera> {
  const sockets: Socket[] = [];
  const server = createServer((socket) => sockets.push(socket));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    port,
    sockets,
    close: () => {
      sockets.forEach((s) => s.destroy());
      server.close();
    },
  };
}
