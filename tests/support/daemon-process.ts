// `gesturegate run` as its own process, as systemd runs it: a config written to a temp file, stdout
// and stderr collected, the status page URL read from its log line, and the exit awaited.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify as stringifyYaml } from 'yaml';
import { repoRoot } from './shared-data.js';

export const cli = join(repoRoot, 'dist/src/cli.js');

export interface DaemonProcess {
  child: ChildProcess;
  /** stdout and stderr so far. */
  output(): string;
  /** Resolves with the status page URL once it is listening (rejects if the daemon exits first). */
  statusUrl(timeoutMs?: number): Promise<string>;
  /** Resolves once the output matches (rejects on exit or timeout). */
  waitForOutput(pattern: RegExp, timeoutMs?: number): Promise<RegExpExecArray>;
  /** Resolves with the exit code (or the signal's name). */
  exited: Promise<number | string>;
  /** SIGKILL if still running. */
  kill(): void;
}

export interface DaemonProcessOptions {
  cwd?: string;
  env?: Record<string, string | undefined>;
}

/** Starts `gesturegate run --config <file>` on `config` (an object written as YAML). */
export function startDaemonProcess(config: Record<string, unknown>, options: DaemonProcessOptions = {}): DaemonProcess {
  if (!existsSync(cli)) throw new Error(`${cli} is missing: run \`npm run build\` first`);
  const file = join(mkdtempSync(join(tmpdir(), 'gesturegate-daemon-config-')), 'config.yaml');
  writeFileSync(file, stringifyYaml(config));
  const child = spawn(process.execPath, [cli, 'run', '--config', file], {
    cwd: options.cwd ?? repoRoot,
    env: { ...process.env, GESTUREGATE_DEBUG: '', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const changed = new Set<() => void>();
  const append = (chunk: Buffer): void => {
    output += chunk.toString();
    for (const listener of changed) listener();
  };
  child.stdout!.on('data', append);
  child.stderr!.on('data', append);
  const exited = new Promise<number | string>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal ?? -1)));
  const waitForOutput = (pattern: RegExp, timeoutMs = 60_000): Promise<RegExpExecArray> =>
    new Promise((resolve, reject) => {
      const done = (): void => {
        changed.delete(check);
        clearTimeout(timer);
      };
      const check = (): void => {
        const match = pattern.exec(output);
        if (match) done(), resolve(match);
      };
      const timer = setTimeout(
        () => (done(), reject(new Error(`no ${pattern} in the daemon's output within ${timeoutMs} ms: ${output.slice(-2000)}`))),
        timeoutMs,
      );
      void exited.then((code) => {
        if (!pattern.exec(output)) done(), reject(new Error(`daemon exited (${code}) before ${pattern}: ${output.slice(-2000)}`));
      });
      changed.add(check);
      check();
    });
  return {
    child,
    output: () => output,
    statusUrl: async (timeoutMs) => (await waitForOutput(/"msg":"status page","url":"([^"]+)"/, timeoutMs))[1]!,
    waitForOutput,
    exited,
    kill: () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    },
  };
}
