// The systemd unit, its board drop-ins and the install/uninstall scripts, checked with systemd's own
// tools. systemd-analyze's `verify` and `security --offline=true` read unit files without talking to
// a running systemd, so they work here although PID 1 is not systemd.
import { execFileSync, spawnSync } from 'node:child_process';
import { closeSync, cpSync, existsSync, fstatSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SourceStatus } from '../src/capture/frame-grabber.js';
import { DaemonBus } from '../src/daemon/bus.js';
import type { DaemonStatus } from '../src/daemon/status.js';
import { connectServiceManager } from '../src/daemon/extensions/sd-notify.js';
import { createSystemdExtension } from '../src/daemon/extensions/systemd.js';
import { createLogger } from '../src/util/log.js';
import { openNotifySocket, type NotifySocket } from './support/notify-socket.js';
import { repoRoot } from './support/shared-data.js';

const unitPath = join(repoRoot, 'deploy/systemd/gesturegate.service');
const boards = ['generic', 'jetson', 'raspberry-pi'] as const;
const hasSystemdAnalyze = spawnSync('systemd-analyze', ['--version']).status === 0;
const noSystemdAnalyze = 'systemd-analyze not installed (scripts/setup.sh installs the systemd package); skipping';
if (!hasSystemdAnalyze) console.warn(noSystemdAnalyze);

function analyze(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync('systemd-analyze', args, { encoding: 'utf8', env: { ...process.env, SYSTEMD_COLORS: '0' } });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** The overall exposure score `systemd-analyze security` gives a unit file (0 safest, 10 worst). */
function exposure(unitFile: string): number {
  const { stdout, stderr } = analyze('security', '--offline=true', '--no-pager', unitFile);
  const match = /Overall exposure level for \S+: ([\d.]+)/.exec(stdout);
  if (!match) throw new Error(`no exposure score in systemd-analyze output: ${stdout.slice(-300)} ${stderr}`);
  return Number(match[1]);
}

/** Unit settings as key → values (a key may repeat), from the [Service] and [Unit] sections. */
function unitSettings(text: string): Map<string, string[]> {
  const settings = new Map<string, string[]>();
  for (const line of text.split('\n')) {
    const match = /^([A-Za-z]+)=(.*)$/.exec(line.trim());
    if (match) settings.set(match[1], [...(settings.get(match[1]) ?? []), match[2]]);
  }
  return settings;
}

/** A built-looking checkout with the real deploy/ folder, so install.sh runs without copying 800 MB. */
function fakeCheckout(dir: string): string {
  const source = join(dir, 'checkout');
  mkdirSync(join(source, 'dist/src'), { recursive: true });
  mkdirSync(join(source, 'models/onnx'), { recursive: true });
  mkdirSync(join(source, 'node_modules/some-package'), { recursive: true });
  writeFileSync(join(source, 'dist/src/cli.js'), '// built CLI\n');
  writeFileSync(join(source, 'models/onnx/palm_detection_full.onnx'), 'model');
  writeFileSync(join(source, 'node_modules/some-package/index.js'), '');
  writeFileSync(join(source, 'package.json'), '{"name":"gesturegate"}\n');
  cpSync(join(repoRoot, 'deploy'), join(source, 'deploy'), { recursive: true });
  cpSync(join(repoRoot, 'config.example.yaml'), join(source, 'config.example.yaml'));
  return source;
}

function runScript(script: string, ...args: string[]): string {
  return execFileSync('bash', [script, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

describe('systemd unit', () => {
  const unit = unitSettings(readFileSync(unitPath, 'utf8'));

  it('is a notify service with a watchdog, restarted on failure with a rate limit, as its own user with video', () => {
    expect(unit.get('Type')).toEqual(['notify']);
    expect(unit.get('NotifyAccess')).toEqual(['main']);
    // A camera that passes the helper-process check (source.openTimeoutMs) and hangs right after can
    // still block OpenCV's open for 30 s (measured for HTTP and RTSP); with beats every WatchdogSec/3
    // that must not look like a stall.
    const OPENCV_OPEN_TIMEOUT_S = 30;
    const watchdogS = Number(unit.get('WatchdogSec')?.[0]);
    expect(watchdogS / 3 + OPENCV_OPEN_TIMEOUT_S).toBeLessThan(watchdogS);
    expect(unit.get('Restart')).toEqual(['on-failure']);
    expect(Number(unit.get('StartLimitBurst')?.[0])).toBeGreaterThan(0);
    expect(Number(unit.get('StartLimitIntervalSec')?.[0])).toBeGreaterThan(0);
    expect(unit.get('User')).toEqual(['gesturegate']);
    expect(unit.get('SupplementaryGroups')).toEqual(['video']);
    expect(unit.get('StateDirectory')).toEqual(['gesturegate']);
    expect(unit.get('ProtectSystem')).toEqual(['strict']);
    expect(unit.get('MemoryMax')?.length).toBe(1);
  });

  it.skipIf(!hasSystemdAnalyze)('scores at most 3.0 ("OK") in systemd-analyze security, alone and with each board drop-in', () => {
    expect(exposure(unitPath)).toBeLessThanOrEqual(3.0);
    const dir = mkdtempSync(join(tmpdir(), 'gesturegate-unit-'));
    try {
      for (const board of ['jetson', 'raspberry-pi']) {
        rmSync(join(dir, 'gesturegate.service.d'), { recursive: true, force: true });
        mkdirSync(join(dir, 'gesturegate.service.d'));
        cpSync(unitPath, join(dir, 'gesturegate.service'));
        cpSync(join(repoRoot, `deploy/systemd/${board}.conf`), join(dir, 'gesturegate.service.d/board.conf'));
        expect(exposure(join(dir, 'gesturegate.service')), board).toBeLessThanOrEqual(3.0);
      }
      // The score is not a constant: an unhardened unit is rated unsafe.
      writeFileSync(join(dir, 'bare.service'), '[Service]\nType=notify\nExecStart=/bin/true\n');
      expect(exposure(join(dir, 'bare.service'))).toBeGreaterThan(9);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('install.sh and uninstall.sh (staged with --root)', () => {
  let dir: string;
  let source: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'gesturegate-install-'));
    source = fakeCheckout(dir);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each(boards)('installs app, config, unit and the %s drop-in; the installed unit verifies clean', (board) => {
    const root = join(dir, `root-${board}`);
    runScript(join(source, 'deploy/install.sh'), '--board', board, '--root', root);
    expect(existsSync(join(root, 'opt/gesturegate/dist/src/cli.js'))).toBe(true);
    expect(existsSync(join(root, 'opt/gesturegate/models/onnx/palm_detection_full.onnx'))).toBe(true);
    expect(existsSync(join(root, 'opt/gesturegate/node_modules/some-package/index.js'))).toBe(true);
    expect(existsSync(join(root, 'opt/gesturegate.new'))).toBe(false);
    const installedUnit = join(root, 'etc/systemd/system/gesturegate.service');
    const execStart = unitSettings(readFileSync(installedUnit, 'utf8')).get('ExecStart')?.[0];
    const node = execFileSync('bash', ['-c', 'command -v node'], { encoding: 'utf8' }).trim();
    expect(execStart).toBe(`${node} /opt/gesturegate/dist/src/cli.js run --config /etc/gesturegate/config.yaml`);
    const dropIn = join(root, 'etc/systemd/system/gesturegate.service.d/board.conf');
    if (board === 'generic') expect(existsSync(dropIn)).toBe(false);
    else expect(readFileSync(dropIn, 'utf8')).toBe(readFileSync(join(repoRoot, `deploy/systemd/${board}.conf`), 'utf8'));
    if (hasSystemdAnalyze) {
      const verify = analyze('verify', installedUnit);
      expect(verify.stderr).toBe('');
      expect(verify.status).toBe(0);
    }
  });

  it.skipIf(!hasSystemdAnalyze)('systemd-analyze verify reports a broken drop-in (the check above can fail)', () => {
    const root = join(dir, 'root-generic');
    const dropIn = join(root, 'etc/systemd/system/gesturegate.service.d/broken.conf');
    writeFileSync(dropIn, '[Service]\nRestart=sometimes\nProtectSystm=strict\n');
    try {
      const verify = analyze('verify', join(root, 'etc/systemd/system/gesturegate.service'));
      expect(verify.stderr).toMatch(/Failed to parse service restart specifier/);
      expect(verify.stderr).toMatch(/Unknown key 'ProtectSystm'/);
    } finally {
      rmSync(dropIn);
    }
  });

  it('keeps an edited config on reinstall, and uninstall keeps it unless --purge', () => {
    const root = join(dir, 'root-keep');
    const script = join(source, 'deploy/install.sh');
    runScript(script, '--board', 'generic', '--root', root);
    const config = join(root, 'etc/gesturegate/config.yaml');
    writeFileSync(config, 'device:\n  id: front-door\n');
    runScript(script, '--board', 'jetson', '--root', root);
    expect(readFileSync(config, 'utf8')).toBe('device:\n  id: front-door\n');
    expect(existsSync(join(root, 'etc/systemd/system/gesturegate.service.d/board.conf'))).toBe(true);

    runScript(join(source, 'deploy/uninstall.sh'), '--root', root);
    expect(existsSync(join(root, 'etc/systemd/system/gesturegate.service'))).toBe(false);
    expect(existsSync(join(root, 'etc/systemd/system/gesturegate.service.d'))).toBe(false);
    expect(existsSync(join(root, 'opt/gesturegate'))).toBe(false);
    expect(existsSync(config)).toBe(true);
    runScript(join(source, 'deploy/uninstall.sh'), '--purge', '--root', root);
    expect(existsSync(join(root, 'etc/gesturegate'))).toBe(false);
  });

  it('refuses an unbuilt checkout and an unknown board with a one-line reason', () => {
    const unbuilt = join(dir, 'unbuilt');
    mkdirSync(unbuilt);
    cpSync(join(repoRoot, 'deploy'), join(unbuilt, 'deploy'), { recursive: true });
    const first = spawnSync('bash', [join(unbuilt, 'deploy/install.sh'), '--root', join(dir, 'never')], { encoding: 'utf8' });
    expect(first.status).toBe(1);
    expect(first.stderr.trim()).toMatch(/^install: .* is not built: run scripts\/setup.sh first$/);
    const second = spawnSync('bash', [join(source, 'deploy/install.sh'), '--board', 'toaster', '--root', join(dir, 'never')], { encoding: 'utf8' });
    expect(second.status).toBe(1);
    expect(second.stderr.trim()).toBe("install: unknown board 'toaster' (jetson, raspberry-pi, generic)");
    expect(existsSync(join(dir, 'never'))).toBe(false);
  });
});

/** Sets the environment systemd gives a Type=notify service with WatchdogSec=, for the duration of `body`. */
async function underSystemd(watchdogMs: number, body: (socket: NotifySocket) => Promise<void>): Promise<void> {
  const saved = { ...process.env };
  const socket = openNotifySocket();
  process.env.NOTIFY_SOCKET = socket.path;
  process.env.WATCHDOG_USEC = String(watchdogMs * 1000);
  process.env.WATCHDOG_PID = String(process.pid);
  try {
    await body(socket);
  } finally {
    socket.close();
    for (const key of ['NOTIFY_SOCKET', 'WATCHDOG_USEC', 'WATCHDOG_PID']) {
      if (saved[key] === undefined) delete process.env[key];
      else process.env[key] = saved[key];
    }
  }
}

describe('sd_notify through libsystemd', () => {
  it('is off outside systemd, and delivers READY/STATUS and reads the watchdog interval under it', async () => {
    const outside = process.env.NOTIFY_SOCKET;
    delete process.env.NOTIFY_SOCKET;
    expect(connectServiceManager()).toBeUndefined();
    if (outside !== undefined) process.env.NOTIFY_SOCKET = outside;
    await underSystemd(4000, async (socket) => {
      const manager = connectServiceManager();
      expect(manager?.watchdogMs).toBe(4000);
      expect(manager?.notify('READY=1\nSTATUS=listening')).toBe(true);
      expect(await socket.waitFor((m) => m.startsWith('READY=1'))).toBe('READY=1\nSTATUS=listening');
      // A watchdog addressed to another process (a child of the service) is not ours to feed.
      process.env.WATCHDOG_PID = String(process.pid + 1);
      expect(connectServiceManager()?.watchdogMs).toBeUndefined();
    });
  });
});

describe('systemd extension', () => {
  const source = (state: SourceStatus['state']): SourceStatus => ({
    state,
    description: 'test',
    framesRead: 0,
    framesDropped: 0,
    reconnects: 2,
    lastError: state === 'running' ? null : 'camera gone',
    retryAt: null,
  });
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

  it('sends READY, feeds the watchdog only while frames flow or the camera is being reopened, and says STOPPING', async () => {
    await underSystemd(300, async (socket) => {
      const bus = new DaemonBus();
      let sourceNow = source('opening');
      const status = () => ({ pipeline: { fps: 12.34 }, hands: [{}, {}], source: sourceNow }) as unknown as DaemonStatus;
      const config = { source: { openTimeoutMs: 60_000 } };
      const extension = createSystemdExtension({ bus, log: createLogger('test'), status, config } as never);
      await extension.start();
      const beats = () => socket.messages().filter((m) => m === 'WATCHDOG=1').length;

      sourceNow = source('running');
      bus.emit('sourceState', sourceNow);
      bus.emit('ready', { startedAt: Date.now() });
      // READY=1 waits for the first frame through the pipeline.
      await sleep(100);
      expect(socket.messages()).not.toContain('READY=1');
      bus.emit('frameProcessed', {} as never);
      expect(await socket.waitFor((m) => m === 'READY=1')).toBe('READY=1');
      expect(await socket.waitFor((m) => m.startsWith('STATUS=running'))).toBe('STATUS=running: 12.3 fps, 2 hands');

      // Frames flowing: beats.
      const flowing = setInterval(() => bus.emit('frameProcessed', {} as never), 20);
      await sleep(600);
      clearInterval(flowing);
      const whileFlowing = beats();
      expect(whileFlowing).toBeGreaterThanOrEqual(3);

      // The loop stalls with the camera "running": no beats, so systemd would restart us.
      await sleep(300);
      const stallStart = beats();
      await sleep(700);
      expect(beats()).toBe(stallStart);

      // The camera is being reopened: idle, not stalled.
      sourceNow = source('reconnecting');
      bus.emit('sourceState', sourceNow);
      expect(await socket.waitFor((m) => m.startsWith('STATUS=camera reconnecting'))).toBe('STATUS=camera reconnecting (2 reconnects): camera gone');
      await sleep(600);
      expect(beats()).toBeGreaterThanOrEqual(stallStart + 3);

      bus.emit('stopping', { reason: 'SIGTERM' });
      expect(await socket.waitFor((m) => m.startsWith('STOPPING=1'))).toBe('STOPPING=1\nSTATUS=stopping: SIGTERM');
      await extension.stop();
      expect(bus.listenerCount('frameProcessed')).toBe(0);
    });
  });

  it('does nothing outside systemd', async () => {
    const bus = new DaemonBus();
    const extension = createSystemdExtension({ bus, log: createLogger('test'), status: () => ({}) } as never, undefined);
    await extension.start();
    expect(bus.listenerCount('ready')).toBe(0);
    expect(extension.status?.()).toEqual({ active: false });
  });
});

describe('logs under journald', () => {
  /** Runs a tiny program logging one info and one error line with stdout on a file; returns the file's text. */
  function logToFile(journalStream: (stdoutFile: number) => string | undefined): string {
    const dir = mkdtempSync(join(tmpdir(), 'gesturegate-journal-'));
    const file = join(dir, 'stdout');
    const fd = openSync(file, 'w');
    try {
      const stream = journalStream(fd);
      const built = join(repoRoot, 'dist/src/util/log.js');
      if (!existsSync(built)) throw new Error(`${built} is missing: run \`npm run build\` first`);
      const program = `const { createLogger } = await import(${JSON.stringify(built)}); const log = createLogger('t'); log.info('hello'); log.error('broken');`;
      const result = spawnSync(process.execPath, ['--input-type=module', '-e', program], {
        stdio: ['ignore', fd, 'pipe'],
        env: { ...process.env, JOURNAL_STREAM: stream ?? '' },
        encoding: 'utf8',
      });
      if (result.status !== 0) throw new Error(result.stderr);
      return readFileSync(file, 'utf8');
    } finally {
      closeSync(fd);
      rmSync(dir, { recursive: true, force: true });
    }
  }

  it('prefixes syslog priorities when stdout is the journal stream ($JOURNAL_STREAM matches it), plain JSON otherwise', () => {
    const journal = logToFile((fd) => {
      const { dev, ino } = fstatSync(fd);
      return `${dev}:${ino}`;
    })
      .trim()
      .split('\n');
    expect(journal[0]).toMatch(/^<6>\{.*"level":"info".*"msg":"hello"/);
    expect(journal[1]).toMatch(/^<3>\{.*"level":"error".*"msg":"broken"/);
    // Another stream (stdout redirected elsewhere by a child, say) gets plain lines.
    const plain = logToFile(() => '1:2')
      .trim()
      .split('\n');
    expect(plain.map((l) => JSON.parse(l).msg)).toEqual(['hello', 'broken']);
    expect(logToFile(() => undefined).startsWith('{')).toBe(true);
  });
});
