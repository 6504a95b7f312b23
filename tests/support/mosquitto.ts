// Starts a real Mosquitto broker for tests: loopback, a free port, a temp config; stop() kills it.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';

export interface MosquittoBroker {
  port: number;
  /** mqtt://127.0.0.1:PORT (use mqtts:// for a TLS listener). */
  url: string;
  stop(): Promise<void>;
  /** Starts it again on the same port (after stop()). */
  restart(): Promise<void>;
  /** Stops it and removes its temp config. */
  close(): Promise<void>;
  /** Replaces the user → password table (started with `users`) and has the running broker reload it (SIGHUP). */
  setUsers(users: Record<string, string>): void;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

async function waitForPort(port: number, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const ok = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => (socket.destroy(), resolve(true)));
      socket.once('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`mosquitto did not listen on ${port} within ${timeoutMs} ms`);
}

export interface MosquittoOptions {
  /** Lines added to the listener (e.g. TLS files, require_certificate). */
  listener?: string[];
  /** user → password: anonymous clients are refused. */
  users?: Record<string, string>;
}

/** Persistent sessions survive stop()/restart() (saved to the temp dir), as on a real broker. */
export async function startMosquitto(options: MosquittoOptions = {}): Promise<MosquittoBroker> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'gesturegate-mosquitto-'));
  const conf = join(dir, 'mosquitto.conf');
  // Started as root, mosquitto switches to user "mosquitto", which cannot read our 0700 temp dir.
  const lines = [`user ${userInfo().username}`, `listener ${port} 127.0.0.1`, ...(options.listener ?? []), 'persistence true', `persistence_location ${dir}/`];
  const passwords = join(dir, 'passwords');
  const writeUsers = (users: Record<string, string>): void => {
    writeFileSync(passwords, '');
    for (const [user, password] of Object.entries(users)) execFileSync('mosquitto_passwd', ['-b', passwords, user, password]);
  };
  if (options.users) {
    writeUsers(options.users);
    lines.push('allow_anonymous false', `password_file ${passwords}`);
  } else {
    lines.push('allow_anonymous true');
  }
  writeFileSync(conf, lines.join('\n') + '\n');
  let child: ChildProcess | null = null;
  const launch = async (): Promise<void> => {
    child = spawn('mosquitto', ['-c', conf], { stdio: 'ignore' });
    await waitForPort(port);
  };
  const stop = async (): Promise<void> => {
    const running = child;
    child = null;
    if (!running || running.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      running.once('exit', () => resolve());
      running.kill('SIGTERM');
    });
  };
  await launch();
  return {
    port,
    url: `mqtt://127.0.0.1:${port}`,
    stop,
    restart: launch,
    close: async () => {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
    setUsers: (users) => {
      if (!options.users) throw new Error('setUsers needs a broker started with users');
      writeUsers(users);
      (child as ChildProcess | null)?.kill('SIGHUP');
    },
  };
}
