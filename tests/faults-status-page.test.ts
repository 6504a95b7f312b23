// Fault: hostile or careless clients of the status page. With a token configured every route but
// /healthz answers 401 without it; path traversal never reaches a file; oversized requests are
// refused; no answer carries a stack trace. Real HTTP over a real socket to the real extension.
import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configSchema } from '../src/config/schema.js';
import { DaemonBus } from '../src/daemon/bus.js';
import type { ExtensionContext } from '../src/daemon/extension.js';
import { sameToken } from '../src/daemon/extensions/frontend/access.js';
import { frontendExtension, type FrontendExtension } from '../src/daemon/extensions/frontend/index.js';
import type { DaemonStatus } from '../src/daemon/status.js';
import { createLogger } from '../src/util/log.js';

const TOKEN = 'correct-horse-battery-staple-42';

const status = {
  device: { id: 'door', name: 'Door' },
  version: '0',
  state: 'running',
  startedAt: Date.now(),
  uptimeS: 1,
  source: { state: 'running', description: 'test', framesRead: 0, framesDropped: 0, reconnects: 0, lastError: null, retryAt: null },
  pipeline: { fps: 0, framesProcessed: 0, framesDropped: 0, frameErrors: 0, detectionRate: 0, stages: {} },
  models: {},
  hands: [],
  active: [],
  recentEvents: [],
  eventCounts: {},
  extensions: {},
} as unknown as DaemonStatus;

interface Answer {
  status: number;
  body: string;
}

/** One raw HTTP/1.1 request: the path goes on the wire exactly as given (no URL normalisation). */
function raw(port: number, requestText: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.end(requestText));
    let text = '';
    socket.on('data', (chunk) => (text += chunk.toString('latin1')));
    socket.on('error', reject);
    socket.on('close', () => {
      const match = /^HTTP\/1\.1 (\d{3})/.exec(text);
      resolve({ status: match ? Number(match[1]) : 0, body: text.split('\r\n\r\n').slice(1).join('\r\n\r\n') });
    });
  });
}

function get(port: number, path: string, headers: Partial<Record<string, string>> = {}): Promise<Answer> {
  const lines = Object.entries({ Host: '127.0.0.1', Connection: 'close', ...headers }).map(([k, v]) => `${k}: ${v}`);
  return raw(port, `GET ${path} HTTP/1.1\r\n${lines.join('\r\n')}\r\n\r\n`);
}

function post(port: number, path: string, body: string, headers: Record<string, string> = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path, method: 'POST', headers: { 'Content-Type': 'application/json', ...headers } }, (res) => {
      let text = '';
      res.on('data', (c) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** The status page started on a free loopback port with these `status` settings. */
async function startPage(settings: Record<string, unknown>): Promise<{ page: FrontendExtension; port: number }> {
  const config = configSchema.parse({ status: { host: '127.0.0.1', port: 0, ...settings } });
  const context: ExtensionContext = {
    config,
    bus: new DaemonBus(),
    log: createLogger('test'),
    status: () => status,
    provide: () => undefined,
    service: () => undefined,
  };
  const page = frontendExtension(context);
  await page.start();
  return { page, port: Number(new URL(page.url!).port) };
}

const routes = [
  '/',
  '/app.js',
  '/style.css',
  '/api/status',
  '/metrics',
  '/api/events',
  '/live.mjpg',
  '/snapshot.jpg',
  '/api/record',
  '/nope',
  '/healthz/../api/status',
];
const traversals = [
  '/../../../../etc/passwd',
  '/%2e%2e/%2e%2e/%2e%2e/etc/passwd',
  '/%2e%2e%2f%2e%2e%2f%2e%2e%2fetc%2fpasswd',
  '/app.js/..%2f..%2f..%2fetc%2fpasswd',
  '/..%5c..%5c..%5cetc%5cpasswd',
  '/static/....//....//etc/passwd',
  '//etc/passwd',
  '/%00/etc/passwd',
];

describe('status page under attack', () => {
  let page: FrontendExtension;
  let port: number;
  beforeAll(async () => {
    ({ page, port } = await startPage({ token: TOKEN }));
  });
  afterAll(async () => {
    await page.stop();
  });

  it('answers 401 on every route but /healthz without the token, or with a wrong or malformed one', async () => {
    for (const path of routes) {
      for (const headers of [
        {},
        { Authorization: 'Bearer wrong-token-wrong-token' },
        { Cookie: 'gesturegate_token=%E0%A4%A' },
        { Authorization: `Basic ${TOKEN}` },
      ]) {
        const answer = await get(port, path, headers);
        expect(answer.status, `${path} ${JSON.stringify(headers)}`).toBe(401);
      }
      expect((await post(port, path, '{}')).status, `POST ${path}`).toBe(401);
      expect((await get(port, `${path}${path.includes('?') ? '&' : '?'}token=${TOKEN.slice(0, -1)}`)).status).toBe(401);
    }
    const health = await get(port, '/healthz');
    expect(health.status).toBe(200);
    expect(JSON.parse(health.body)).toMatchObject({ ok: true });
    // The right token opens the API.
    expect((await get(port, '/api/status', { Authorization: `Bearer ${TOKEN}` })).status).toBe(200);
    expect((await get(port, `/metrics?token=${TOKEN}`)).status).toBe(200);
  });

  it('takes the Bearer scheme in any case (schemes are case-insensitive)', async () => {
    for (const scheme of ['bearer', 'BEARER', 'BeArEr', 'Bearer']) {
      expect((await get(port, '/api/status', { Authorization: `${scheme} ${TOKEN}` })).status, scheme).toBe(200);
      expect((await get(port, '/api/status', { Authorization: `${scheme} ${TOKEN}x` })).status, scheme).toBe(401);
    }
  });

  it('compares tokens of any length without throwing, and only equal ones match', () => {
    for (const given of ['', 'x', TOKEN.slice(0, -1), `${TOKEN}x`, TOKEN.toUpperCase(), 'é'.repeat(TOKEN.length), TOKEN.repeat(100)]) {
      expect(sameToken(given, TOKEN), given).toBe(false);
    }
    expect(sameToken(TOKEN, TOKEN)).toBe(true);
  });

  it('never serves a file outside its routes for traversal paths, with or without the token', async () => {
    for (const path of traversals) {
      for (const headers of [{}, { Authorization: `Bearer ${TOKEN}` }]) {
        const answer = await get(port, path, headers);
        expect([400, 401, 404], `${path}`).toContain(answer.status);
        expect(answer.body).not.toMatch(/root:.*:0:0:/);
      }
    }
  });

  it('refuses oversized URLs, headers and bodies', async () => {
    expect((await get(port, `/api/status?x=${'a'.repeat(4000)}`, { Authorization: `Bearer ${TOKEN}` })).status).toBe(414);
    expect((await get(port, '/api/status', { Authorization: `Bearer ${TOKEN}`, 'X-Padding': 'p'.repeat(20_000) })).status).toBe(431);
    const big = JSON.stringify({ label: 'x'.repeat(10_000) });
    expect((await post(port, '/api/record', big, { Authorization: `Bearer ${TOKEN}` })).status).toBe(413);
    // A body that lies about its length is cut off rather than waited for forever.
    const lying = await raw(
      port,
      `POST /api/record HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${TOKEN}\r\nContent-Type: application/json\r\nContent-Length: 100000\r\nConnection: close\r\n\r\n{}`,
    );
    expect([400, 408, 413]).toContain(lying.status);
  });

  it('answers malformed requests without a stack trace', async () => {
    const answers = await Promise.all([
      post(port, '/api/record', '{"label": ', { Authorization: `Bearer ${TOKEN}` }),
      post(port, '/api/record', '{"label": "wave", "seconds": 1e309}', { Authorization: `Bearer ${TOKEN}` }),
      get(port, '/api/status?token=%E0%A4%A'),
      raw(port, 'GARBAGE / HTTP/1.1\r\n\r\n'),
      raw(port, `GET /api/status HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${TOKEN}\r\nContent-Length: -1\r\n\r\n`),
    ]);
    for (const answer of answers) {
      expect(answer.status).toBeGreaterThanOrEqual(400);
      expect(answer.status).toBeLessThan(500);
      expect(answer.body).not.toMatch(/\n\s+at .*\(.*:\d+:\d+\)/);
    }
  });
});

describe('status page behind a DNS-rebinding name', () => {
  let page: FrontendExtension;
  let port: number;
  beforeAll(async () => {
    // Loopback without a token, as shipped: only the Host header tells a rebinding page apart.
    ({ page, port } = await startPage({ allowedHosts: ['Door.Home.Arpa'] }));
  });
  afterAll(async () => {
    await page.stop();
  });

  it('answers 421 to a Host that is not ours, on every route and method', async () => {
    for (const host of ['attacker.example', `attacker.example:${port}`, 'localhost.attacker.example', '127.0.0.1.nip.io']) {
      for (const path of routes) {
        const answer = await get(port, path, { Host: host });
        expect(answer.status, `${host} ${path}`).toBe(421);
        expect(answer.body).toMatch(/status\.allowedHosts/);
      }
      expect((await post(port, '/api/record', '{"label":"wave"}', { Host: host })).status).toBe(421);
    }
  });

  it('answers our own names and IP addresses', async () => {
    for (const host of [
      '127.0.0.1',
      `127.0.0.1:${port}`,
      `localhost:${port}`,
      'LOCALHOST',
      '[::1]',
      `[::1]:${port}`,
      `door.home.arpa:${port}`,
      'door.home.arpa.',
    ]) {
      expect((await get(port, '/api/status', { Host: host })).status, host).toBe(200);
    }
  });
});
