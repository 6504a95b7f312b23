// A network stream is tried in a short-lived helper process before the daemon opens it. OpenCV opens
// streams synchronously, and a camera that accepts the connection and never answers holds the opening
// thread until FFmpeg gives up (30 s): in the daemon that would freeze the status page, MQTT and the
// systemd watchdog. OpenCV's bindings load in one thread per process only, so the helper is a
// process, not a worker thread; it exits before the daemon opens the stream. GStreamer pipelines are
// not tried first: a local camera such as a Jetson CSI sensor may not reopen at once. A camera that is
// off or unplugged refuses the TCP connection: that is found with one socket, before a helper process
// (half a second of CPU to load OpenCV) is started for every reconnect attempt.
import { spawn } from 'node:child_process';
import { connect } from 'node:net';
import { fileURLToPath } from 'node:url';
import type { SourceConfig } from '../config/schema.js';
import { describeSource, type SourceSpec } from './source-spec.js';

export interface ProbeRequest {
  spec: SourceSpec;
  config: SourceConfig;
}

/** The helper's entry: the built file next to this one (tests run this module from its TypeScript source, after the build). */
function probeEntry(): string {
  const path = fileURLToPath(new URL('./stream-probe-main.js', import.meta.url));
  return import.meta.url.endsWith('.ts') ? path.replace(/\/src\/capture\/stream-probe-main\.js$/, '/dist/src/capture/stream-probe-main.js') : path;
}

const cancelled = (description: string): string => `${description}: stream check cancelled`;
const noAnswer = (description: string, timeoutMs: number): string => `${description}: no picture within ${timeoutMs / 1000} s (the stream does not answer)`;

/** The TCP port a stream URL's scheme implies when the URL names none. */
const DEFAULT_PORTS: Readonly<Record<string, number>> = { 'http:': 80, 'https:': 443, 'rtsp:': 554, 'rtsps:': 322, 'rtmp:': 1935 };

/** Socket errors that mean nothing listens there now: retrying later is all one can do. */
const UNREACHABLE = new Set(['ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'ECONNRESET']);

/**
 * Rejects at once with a one-line reason when the stream's host refuses or cannot be reached, or after
 * timeoutMs without an answer; resolves when it accepts a connection, or when the check can say
 * nothing (a proxy in between: the helper process decides then).
 */
export function streamHostReachable(url: string, description: string, timeoutMs: number, signal?: AbortSignal): Promise<void> {
  const parsed = new URL(url);
  // FFmpeg sends http(s) through a configured proxy: the camera's own port says nothing then.
  const proxied = /^https?:$/.test(parsed.protocol) && Object.keys(process.env).some((name) => /^(https?|all)_proxy$/i.test(name));
  const port = Number(parsed.port) || DEFAULT_PORTS[parsed.protocol.toLowerCase()];
  if (proxied || !port) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const socket = connect({ host: parsed.hostname.replace(/^\[|\]$/g, ''), port });
    const cancel = (): void => done(new Error(cancelled(description)));
    const done = (error?: Error): void => {
      socket.destroy();
      signal?.removeEventListener('abort', cancel);
      if (error) reject(error);
      else resolve();
    };
    if (signal?.aborted) return cancel();
    signal?.addEventListener('abort', cancel, { once: true });
    socket.setTimeout(timeoutMs, () => done(new Error(noAnswer(description, timeoutMs))));
    socket.once('connect', () => done());
    socket.once('error', (error: NodeJS.ErrnoException) =>
      done(
        UNREACHABLE.has(error.code ?? '')
          ? new Error(`cannot open ${description}: ${error.code === 'ECONNREFUSED' ? 'connection refused' : `host unreachable (${error.code})`}`)
          : undefined,
      ),
    );
  });
}

/**
 * Resolves once a helper process got a first frame from the stream; rejects with its one-line reason,
 * after timeoutMs, or at once when `signal` aborts (the daemon stopping): the helper is killed then.
 */
export async function probeStream(spec: SourceSpec, config: SourceConfig, timeoutMs: number, signal?: AbortSignal): Promise<void> {
  const description = describeSource(spec);
  if (spec.kind === 'url') await streamHostReachable(spec.url, description, timeoutMs, signal);
  const request: ProbeRequest = { spec, config };
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new Error(cancelled(description)));
    // The request (a URL that may hold a password) goes through stdin: a command line is readable by every local user.
    const child = spawn(process.execPath, [probeEntry()], { stdio: ['pipe', 'ignore', 'pipe'] });
    child.stdin.on('error', () => undefined);
    child.stdin.end(JSON.stringify(request));
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(noAnswer(description, timeoutMs)));
    }, timeoutMs);
    const cancel = (): void => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(cancelled(description)));
    };
    signal?.addEventListener('abort', cancel, { once: true });
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(new Error(`${description}: cannot start the stream check: ${error.message}`));
    });
    child.on('exit', (code, exitSignal) => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', cancel);
      if (code === 0) resolve();
      else if (exitSignal !== 'SIGKILL')
        reject(new Error(stderr.trim().split('\n').at(-1) || `${description}: the stream check failed (exit ${code ?? exitSignal})`));
    });
  });
}
