// Drives one of MediaPipe's JS solutions (Hands or Pose) in Debian's headless Chromium on software WebGL.
// A local HTTP server on a free 127.0.0.1 port serves the npm package's files, the page and the
// frames; every other request from the page is aborted, so nothing is fetched from outside.
import { createServer, type Server } from 'node:http';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, extname, join, normalize } from 'node:path';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type Page } from 'playwright-core';
import { createLogger } from '../../src/util/log.js';
import { pageHtml, type PageFrameResult, type PageOptions, type Solution } from './page.js';

const log = createLogger('reference.mediapipe');

export const chromiumPath = process.env.GESTUREGATE_CHROMIUM ?? '/usr/bin/chromium';

// Software WebGL through SwiftShader. No --virtual-time-budget: frozen time makes MediaPipe see
// repeated timestamps and abort.
const chromiumArgs = [
  '--headless',
  '--no-sandbox',
  '--enable-unsafe-swiftshader',
  '--use-angle=swiftshader',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

const contentTypes: Record<string, string> = {
  '.js': 'text/javascript',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
};

function mediapipeDir(solution: Solution): string {
  const require = createRequire(import.meta.url);
  return dirname(require.resolve(`@mediapipe/${solution}/package.json`));
}

/** One Chromium page with the solution loaded and started with fixed options. */
export class MediaPipePage {
  private nextFrameId = 0;

  private constructor(
    private readonly server: Server,
    private readonly frames: Map<string, Uint8Array>,
    private readonly browser: Browser,
    private readonly page: Page,
  ) {}

  static async open(options: PageOptions, solution: Solution = 'hands'): Promise<MediaPipePage> {
    const packageDir = mediapipeDir(solution);
    const html = pageHtml(solution);
    const frames = new Map<string, Uint8Array>();
    const server = createServer((request, response) => {
      const path = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname);
      const send = (status: number, body: string | Uint8Array, type = 'text/plain'): void => {
        response.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
        response.end(body);
      };
      if (path === '/') return send(200, html, 'text/html');
      if (path.startsWith('/frames/')) {
        const frame = frames.get(path.slice('/frames/'.length));
        return frame ? send(200, frame, 'application/octet-stream') : send(404, 'no such frame');
      }
      if (path.startsWith('/mediapipe/')) {
        const file = normalize(path.slice('/mediapipe/'.length));
        if (file.startsWith('..') || file.includes('/')) return send(404, 'not found');
        readFile(join(packageDir, file)).then(
          (bytes) => send(200, bytes, contentTypes[extname(file)] ?? 'application/octet-stream'),
          () => send(404, 'not found'),
        );
        return;
      }
      send(404, 'not found');
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', resolve);
    });
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

    let browser: Browser | undefined;
    try {
      browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args: chromiumArgs });
      const page = await browser.newPage();
      // Anything not served by us (a CDN, a font, telemetry) is refused.
      await page.route('**/*', (route) =>
        route.request().url().startsWith(origin + '/') ? route.continue() : route.abort('blockedbyclient'),
      );
      page.on('console', (message) => log.debug('page console', { type: message.type(), text: message.text() }));
      page.on('pageerror', (error) => log.warn('page error', { error: error.message }));
      await page.goto(origin + '/');
      await page.evaluate((o) => (window as unknown as HarnessWindow).harness.start(o), options);
      log.info('MediaPipe solution started in Chromium', { solution, origin, ...options });
      return new MediaPipePage(server, frames, browser, page);
    } catch (error) {
      await browser?.close().catch(() => undefined);
      server.close();
      throw new Error(`MediaPipe reference failed to start in ${chromiumPath}: ${(error as Error).message}`, { cause: error });
    }
  }

  /** Runs one RGBA frame through the solution, after whatever frames came before (tracking stays on). */
  async process(rgba: Uint8Array, width: number, height: number): Promise<PageFrameResult> {
    const id = String(this.nextFrameId++);
    this.frames.set(id, rgba);
    try {
      return await this.page.evaluate(
        ([i, w, h]) => (window as unknown as HarnessWindow).harness.process(i, w, h),
        [id, width, height] as const,
      );
    } finally {
      this.frames.delete(id);
    }
  }

  async close(): Promise<void> {
    await this.browser.close().catch(() => undefined);
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

interface HarnessWindow {
  harness: {
    start(options: PageOptions): Promise<void>;
    process(id: string, width: number, height: number): Promise<PageFrameResult>;
  };
}
