// Runs MediaPipe's own JS in Debian's headless Chromium: a local HTTP server on a free 127.0.0.1
// port serves a page, npm package files and the frames; every other request from the page is
// aborted, so nothing is fetched from outside. HarnessBrowser is that page and server for any
// MediaPipe runtime; MediaPipePage drives a JS solution (Hands or Pose) on software WebGL in it.
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
  '.mjs': 'text/javascript',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
};

/** The folder of an installed npm package whose main file sits at its top (package.json may not be exported). */
export function packageDir(name: string): string {
  const require = createRequire(import.meta.url);
  return dirname(require.resolve(name));
}

export interface HarnessSite {
  /** The page served at `/`. */
  html: string;
  /** URL prefix ('/mediapipe/') → folder whose top-level files are served under it. */
  folders: Record<string, string>;
}

/** A Chromium page on a local server that serves the site and, while a frame is processed, its bytes under /frames/ID. */
export class HarnessBrowser {
  private nextFrameId = 0;

  private constructor(
    private readonly server: Server,
    private readonly frames: Map<string, Uint8Array>,
    private readonly browser: Browser,
    readonly page: Page,
  ) {}

  static async open(site: HarnessSite): Promise<HarnessBrowser> {
    const frames = new Map<string, Uint8Array>();
    const prefixes = Object.keys(site.folders).sort((a, b) => b.length - a.length);
    const server = createServer((request, response) => {
      const path = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname);
      const send = (status: number, body: string | Uint8Array, type = 'text/plain'): void => {
        response.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
        response.end(body);
      };
      if (path === '/') return send(200, site.html, 'text/html');
      if (path.startsWith('/frames/')) {
        const frame = frames.get(path.slice('/frames/'.length));
        return frame ? send(200, frame, 'application/octet-stream') : send(404, 'no such frame');
      }
      const prefix = prefixes.find((p) => path.startsWith(p));
      if (prefix) {
        const file = normalize(path.slice(prefix.length));
        if (file.startsWith('..') || file.includes('/')) return send(404, 'not found');
        readFile(join(site.folders[prefix]!, file)).then(
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
        route
          .request()
          .url()
          .startsWith(origin + '/')
          ? route.continue()
          : route.abort('blockedbyclient'),
      );
      page.on('console', (message) => log.debug('page console', { type: message.type(), text: message.text() }));
      page.on('pageerror', (error) => log.warn('page error', { error: error.message }));
      await page.goto(origin + '/');
      return new HarnessBrowser(server, frames, browser, page);
    } catch (error) {
      await browser?.close().catch(() => undefined);
      server.close();
      throw new Error(`Chromium (${chromiumPath}) failed to start the reference page: ${(error as Error).message}`, { cause: error });
    }
  }

  /** Serves `bytes` under /frames/ID while `body` runs with that ID. */
  async withFrame<T>(bytes: Uint8Array, body: (id: string) => Promise<T>): Promise<T> {
    const id = String(this.nextFrameId++);
    this.frames.set(id, bytes);
    try {
      return await body(id);
    } finally {
      this.frames.delete(id);
    }
  }

  async close(): Promise<void> {
    await this.browser.close().catch(() => undefined);
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/** One Chromium page with a JS solution loaded and started with fixed options. */
export class MediaPipePage {
  private constructor(private readonly harness: HarnessBrowser) {}

  static async open(options: PageOptions, solution: Solution = 'hands'): Promise<MediaPipePage> {
    const harness = await HarnessBrowser.open({ html: pageHtml(solution), folders: { '/mediapipe/': packageDir(`@mediapipe/${solution}`) } });
    try {
      await harness.page.evaluate((o) => (window as unknown as HarnessWindow).harness.start(o), options);
    } catch (error) {
      await harness.close();
      throw new Error(`MediaPipe reference failed to start in ${chromiumPath}: ${(error as Error).message}`, { cause: error });
    }
    log.info('MediaPipe solution started in Chromium', { solution, ...options });
    return new MediaPipePage(harness);
  }

  /** Runs one RGBA frame through the solution, after whatever frames came before (tracking stays on). */
  async process(rgba: Uint8Array, width: number, height: number): Promise<PageFrameResult> {
    return this.harness.withFrame(rgba, (id) =>
      this.harness.page.evaluate(([i, w, h]) => (window as unknown as HarnessWindow).harness.process(i, w, h), [id, width, height] as const),
    );
  }

  async close(): Promise<void> {
    await this.harness.close();
  }
}

interface HarnessWindow {
  harness: {
    start(options: PageOptions): Promise<void>;
    process(id: string, width: number, height: number): Promise<PageFrameResult>;
  };
}
