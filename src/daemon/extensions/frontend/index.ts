// The status page extension: an express 5 server with the page, the live view, JSON status, server-sent
// events, Prometheus metrics and a health check. Loopback by default; off loopback only with a token.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type NextFunction, type Request, type Response } from 'express';
import { z } from 'zod';
import { UserError, oneLine } from '../../../util/errors.js';
import type { Extension, ExtensionContext } from '../../extension.js';
import { prometheusText } from '../../metrics.js';
import { RecordDirUnavailable } from '../recorder.js';
import { requireKnownHost, requireToken } from './access.js';
import { LiveView } from './live-view.js';
import { appScript, pageHtml, pageStyle } from './page.js';

const STATUS_PUSH_MS = 1000;
const recordBody = z
  .object({
    label: z.string(),
    seconds: z.number().min(1).max(60).default(3),
    countdownS: z.number().int().min(0).max(10).default(3),
  })
  .strict();

export interface FrontendExtension extends Extension<'frontend'> {
  /** The URL it listens on, once started. */
  url: string | null;
}

export function frontendExtension(context: ExtensionContext): FrontendExtension {
  const { config, bus, log } = context;
  const options = config.status;
  const live = options.liveView ? new LiveView(options.liveViewFps, options.jpegQuality, log.child('live')) : null;
  const streams = new Set<Response>();
  const unsubscribe: (() => void)[] = [];
  let server: Server | null = null;
  let pushTimer: NodeJS.Timeout | null = null;
  const recorder = () => context.service('recorder');

  const pushEvent = (event: string, data: unknown): void => {
    const text = `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
    for (const res of streams) if (!res.writableNeedDrain) res.write(text);
  };

  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  app.use((req, res, next) => {
    if (req.url.length > 2048) return void res.status(414).type('text').send('URI too long\n');
    res.set({
      'Content-Security-Policy': "default-src 'self'; img-src 'self' blob: data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'",
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
    });
    next();
  });
  app.use(requireKnownHost(options.host, options.allowedHosts));
  app.use(requireToken(options.token));
  app.use(express.json({ limit: '2kb' }));

  app.get('/healthz', (_req, res) => {
    const status = context.status();
    const mqtt = status.extensions.mqtt;
    const mqttDown = mqtt && 'down' in mqtt && mqtt.down ? `down since ${new Date(mqtt.downSince!).toISOString()}` : undefined;
    const healthy = status.state === 'running' && (status.source.state === 'running' || status.source.state === 'opening') && !mqttDown;
    res.status(healthy ? 200 : 503).json({ ok: healthy, state: status.state, source: status.source.state, ...(mqttDown && { mqtt: mqttDown }) });
  });
  app.get('/', (_req, res) => void res.type('html').send(pageHtml(config.device.name)));
  app.get('/app.js', (_req, res) => void res.type('js').send(appScript));
  app.get('/style.css', (_req, res) => void res.type('css').send(pageStyle));
  app.get('/api/status', (_req, res) => void res.json(pageStatus()));
  app.get('/metrics', (_req, res) => void res.type('text/plain; version=0.0.4').send(prometheusText(context.status())));
  app.get('/api/events', (req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store', Connection: 'keep-alive' });
    res.write(`retry: 2000\nevent: status\ndata: ${JSON.stringify(pageStatus())}\n\n`);
    streams.add(res);
    req.on('close', () => streams.delete(res));
  });
  app.get('/live.mjpg', (_req, res) => {
    if (!live) return void res.status(404).type('text').send('live view is off (status.liveView)\n');
    live.attach(res);
  });
  app.get('/snapshot.jpg', async (_req, res) => {
    const jpeg = live ? await live.snapshot() : null;
    if (!jpeg)
      return void res
        .status(404)
        .type('text')
        .send(live ? 'no frame yet\n' : 'live view is off (status.liveView)\n');
    res.type('jpeg').set('Cache-Control', 'no-store').send(jpeg);
  });
  app.post('/api/record', (req, res) => {
    const parsed = recordBody.safeParse(req.body ?? {});
    if (!parsed.success) return void res.status(400).json({ error: parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ') });
    const rec = recorder();
    if (!rec) return void res.status(404).json({ error: 'recording is not available' });
    try {
      rec.record(parsed.data);
    } catch (error) {
      const status = error instanceof RecordDirUnavailable ? 503 : error instanceof UserError ? 409 : 500;
      return void res.status(status).json({ error: oneLine(error) });
    }
    res.status(202).json(rec.state());
  });
  app.use((_req, res) => void res.status(404).type('text').send('not found\n'));
  app.use((error: Error & { status?: number; type?: string }, req: Request, res: Response, _next: NextFunction) => {
    const status = error.status ?? 500;
    if (status >= 500) log.error('request failed', { error: oneLine(error) });
    // The API's callers parse JSON: its errors are JSON too; the page's routes answer in text.
    if (req.path.startsWith('/api/')) {
      const reason =
        status === 413
          ? 'the body is too large'
          : error.type === 'entity.parse.failed'
            ? 'the body is not valid JSON'
            : status >= 500
              ? 'internal error'
              : 'bad request';
      return void res.status(status).json({ error: reason });
    }
    res
      .status(status)
      .type('text')
      .send(status === 413 ? 'request too large\n' : `${status >= 500 ? 'internal error' : 'bad request'}\n`);
  });

  /** The status as the page shows it: the daemon's snapshot plus live-view and recording state. */
  function pageStatus(): Record<string, unknown> {
    return { ...context.status(), liveView: { enabled: Boolean(live), watchers: live?.watchers ?? 0 } };
  }

  const extension: FrontendExtension = {
    name: 'frontend',
    url: null,
    async start() {
      if (!options.enabled) return;
      unsubscribe.push(
        bus.on('frameProcessed', (processed) => live?.offer(processed)),
        bus.on('gesture', (event) => pushEvent('gesture', event)),
        bus.on('sourceState', (source) => pushEvent('source', source)),
      );
      const rec = recorder();
      if (rec) unsubscribe.push(rec.onChange((state) => pushEvent('record', state)));
      server = createServer({ maxHeaderSize: 8192 }, app);
      server.requestTimeout = 10_000;
      await new Promise<void>((resolve, reject) => {
        server!.once('error', (error: NodeJS.ErrnoException) =>
          reject(error.code === 'EADDRINUSE' ? new UserError(`status.port: ${options.host}:${options.port} is in use`) : error),
        );
        server!.listen(options.port, options.host, () => resolve());
      });
      const { port } = server.address() as AddressInfo;
      extension.url = `http://${options.host.includes(':') ? `[${options.host}]` : options.host}:${port}`;
      log.info('status page', { url: extension.url, liveView: Boolean(live), token: Boolean(options.token) });
      pushTimer = setInterval(() => streams.size && pushEvent('status', pageStatus()), STATUS_PUSH_MS);
      pushTimer.unref();
    },
    async stop() {
      for (const off of unsubscribe) off();
      if (pushTimer) clearInterval(pushTimer);
      live?.close();
      for (const res of streams) res.end();
      streams.clear();
      if (!server) return;
      const closing = new Promise<void>((resolve) => server!.close(() => resolve()));
      server.closeAllConnections();
      await closing;
      server = null;
    },
    status: () => ({ url: extension.url, liveViewWatchers: live?.watchers ?? 0, liveFramesSent: live?.framesSent ?? 0, eventStreams: streams.size }),
  };
  return extension;
}
