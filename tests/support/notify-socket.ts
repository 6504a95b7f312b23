// A stand-in for systemd's end of the notify protocol: an AF_UNIX datagram socket the daemon's
// sd_notify() writes to. Node has no unix datagram sockets, so this calls libc through koffi.
import { createRequire } from 'node:module';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const AF_UNIX = 1;
const SOCK_DGRAM = 2;
const MSG_DONTWAIT = 0x40;
const SUN_PATH_MAX = 108;

export interface NotifySocket {
  /** The value for $NOTIFY_SOCKET. */
  readonly path: string;
  /** Every message received so far, oldest first (reads pending datagrams first). */
  messages(): string[];
  /** Resolves with the first message matching `match`, polling until timeoutMs. */
  waitFor(match: (message: string) => boolean, timeoutMs?: number): Promise<string>;
  close(): void;
}

export function openNotifySocket(): NotifySocket {
  const require = createRequire(import.meta.url);
  const koffi = require('koffi') as typeof import('koffi');
  const libc = koffi.load('libc.so.6');
  const socket = libc.func('int socket(int domain, int type, int protocol)');
  const bind = libc.func('int bind(int fd, const void *addr, uint32_t len)');
  const recv = libc.func('intptr_t recv(int fd, _Out_ void *buf, size_t len, int flags)');
  const close = libc.func('int close(int fd)');

  const dir = mkdtempSync(join(tmpdir(), 'gesturegate-notify-'));
  const path = join(dir, 'notify.sock');
  const fd = socket(AF_UNIX, SOCK_DGRAM, 0) as number;
  if (fd < 0) throw new Error('socket(AF_UNIX, SOCK_DGRAM) failed');
  const address = Buffer.alloc(2 + SUN_PATH_MAX);
  address.writeUInt16LE(AF_UNIX, 0);
  address.write(path, 2);
  if ((bind(fd, address, address.length) as number) !== 0) throw new Error(`bind(${path}) failed`);

  const received: string[] = [];
  const drain = (): void => {
    const buffer = Buffer.alloc(4096);
    for (;;) {
      const n = Number(recv(fd, buffer, buffer.length, MSG_DONTWAIT));
      if (n <= 0) return;
      received.push(buffer.subarray(0, n).toString('utf8'));
    }
  };
  // Like systemd, read all the time: a unix datagram queue holds only net.unix.max_dgram_qlen (often 10)
  // messages, and a sender blocks in sd_notify() when it is full.
  const reader = setInterval(drain, 10);
  reader.unref();
  return {
    path,
    messages: () => {
      drain();
      return [...received];
    },
    async waitFor(match, timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        drain();
        const found = received.find(match);
        if (found !== undefined) return found;
        if (Date.now() > deadline) throw new Error(`no notify message matched within ${timeoutMs} ms; got ${JSON.stringify(received)}`);
        await new Promise((r) => setTimeout(r, 25));
      }
    },
    close() {
      clearInterval(reader);
      close(fd);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
