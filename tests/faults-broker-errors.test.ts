// Fault: a broker connection that fails over and over, and configs the daemon would refuse.
// A real bridge speaks TLS to a real Mosquitto's plain port: it must keep retrying, log the failure
// once for the streak (not once or twice a second), and say what a bare ECONNRESET probably means.
// `gesturegate config --check` must refuse what `run` refuses (an off-loopback page without a token).
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MqttBridge } from '../src/bridge/mqtt-bridge.js';
import { configSchema } from '../src/config/schema.js';
import { ErrorStreak } from '../src/util/error-streak.js';
import { createLogger, setLogSink } from '../src/util/log.js';
import { cli } from './support/daemon-process.js';
import { startMosquitto } from './support/mosquitto.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('repeating broker connection errors', () => {
  it('TLS to a plain port: retried, logged once for the streak, with the probable cause', async () => {
    const broker = await startMosquitto();
    const lines: Record<string, unknown>[] = [];
    setLogSink((line) => lines.push(JSON.parse(line) as Record<string, unknown>));
    const dir = mkdtempSync(join(tmpdir(), 'gesturegate-tls-plain-'));
    try {
      const bridge = new MqttBridge({
        config: configSchema.parse({}).mqtt,
        url: broker.url.replace('mqtt://', 'mqtts://'),
        deviceId: 'tlsdoor',
        stateDir: dir,
      });
      bridge.start();
      for (let waited = 0; bridge.status().reconnects < 4; waited += 50) {
        if (waited > 30_000) throw new Error(`fewer than 4 retries: ${JSON.stringify(bridge.status())}`);
        await sleep(50);
      }
      await bridge.stop(100);
      const failures = lines.filter((l) => l.level === 'warn' || l.level === 'error');
      expect(failures, JSON.stringify(failures)).toHaveLength(1);
      expect(failures[0]).toMatchObject({ msg: 'broker connection failed' });
      expect(String(failures[0]!.error)).toMatch(/TLS to a plain port\?/);
      expect(bridge.status().lastError).toMatch(/TLS to a plain port\?/);
    } finally {
      setLogSink((line) => process.stdout.write(line + '\n'));
      rmSync(dir, { recursive: true, force: true });
      await broker.close();
    }
  });
});

describe('a failure streak in the log', () => {
  it('one line when it starts, one summary a minute while it lasts, one when it is over', () => {
    const lines: Record<string, unknown>[] = [];
    setLogSink((line) => lines.push(JSON.parse(line) as Record<string, unknown>));
    try {
      let now = 0;
      const streak = new ErrorStreak(createLogger('test'), 'broker connection', 60_000, () => now);
      // Ten minutes of a failure every second, another reason showing up once in the middle.
      for (; now < 600_000; now += 1000) streak.failed(now === 300_000 ? 'connack timeout' : 'connect ECONNREFUSED 127.0.0.1:1883');
      streak.recovered();
      expect(lines.filter((l) => l.msg === 'broker connection failed').map((l) => l.error)).toEqual(['connect ECONNREFUSED 127.0.0.1:1883', 'connack timeout']);
      // Nine minutes after the first line, less the one the new reason's own line stands for.
      expect(lines.filter((l) => l.msg === 'broker connection still failing').length).toBe(8);
      expect(lines.at(-1)).toMatchObject({ msg: 'broker connection works again', failures: 600 });
    } finally {
      setLogSink((line) => process.stdout.write(line + '\n'));
    }
  });
});

describe('config --check', () => {
  const check = (yaml: string): Promise<{ code: number; stdout: string; stderr: string }> => {
    const dir = mkdtempSync(join(tmpdir(), 'gesturegate-check-'));
    writeFileSync(join(dir, 'config.yaml'), yaml);
    return new Promise((resolve) =>
      execFile(process.execPath, [cli, 'config', '--check', '--config', join(dir, 'config.yaml')], { encoding: 'utf8' }, (error, stdout, stderr) => {
        rmSync(dir, { recursive: true, force: true });
        resolve({ code: error ? Number(error.code) : 0, stdout, stderr });
      }),
    );
  };

  it('refuses a status page off loopback without a token, as the daemon does', async () => {
    const { code, stderr } = await check('status:\n  host: 0.0.0.0\n');
    expect(code).toBe(1);
    expect(stderr.trim().split('\n')).toEqual([
      expect.stringMatching(/^gesturegate: invalid config \(.*\): status\.token: required when status\.host is 0\.0\.0\.0 \(not loopback\)/),
    ]);
  });

  it('passes it with a token, and loopback without one', async () => {
    expect((await check('status:\n  host: 0.0.0.0\n  token: a-long-enough-token-123\n')).code).toBe(0);
    expect((await check('status:\n  host: ::1\n')).code).toBe(0);
  });
});
