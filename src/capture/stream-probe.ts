// A network stream is tried in a short-lived helper process before the daemon opens it. OpenCV opens
// streams synchronously, and a camera that accepts the connection and never answers holds the opening
// thread until FFmpeg gives up (30 s): in the daemon that would freeze the status page, MQTT and the
// systemd watchdog. OpenCV's bindings load in one thread per process only, so the helper is a
// process, not a worker thread; it exits before the daemon opens the stream. GStreamer pipelines are
// not tried first: a local camera such as a Jetson CSI sensor may not reopen at once.
import { spawn } from 'node:child_process';
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

/**
 * Resolves once a helper process got a first frame from the stream; rejects with its one-line reason,
 * after timeoutMs, or at once when `signal` aborts (the daemon stopping): the helper is killed then.
 */
export function probeStream(spec: SourceSpec, config: SourceConfig, timeoutMs: number, signal?: AbortSignal): Promise<void> {
  const description = describeSource(spec);
  const request: ProbeRequest = { spec, config };
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new Error(`${description}: stream check cancelled`));
    // The request (a URL that may hold a password) goes through stdin: a command line is readable by every local user.
    const child = spawn(process.execPath, [probeEntry()], { stdio: ['pipe', 'ignore', 'pipe'] });
    child.stdin.on('error', () => undefined);
    child.stdin.end(JSON.stringify(request));
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${description}: no picture within ${timeoutMs / 1000} s (the stream does not answer)`));
    }, timeoutMs);
    const cancel = (): void => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(`${description}: stream check cancelled`));
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
