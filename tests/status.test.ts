// The status page and its API on a running daemon (real clip, real models), in real headless Chromium.
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { Controller } from '../src/daemon/controller.js';
import { createDaemon } from '../src/daemon/daemon.js';
import type { FrontendExtension } from '../src/daemon/extensions/frontend/index.js';
import { loadOpenCV } from '../src/util/opencv.js';
import { setLogLevel } from '../src/util/log.js';
import { CHROMIUM_PATH, launchChromium } from './support/chromium.js';
import { testDaemonConfig } from './support/daemon.js';
import { hasSharedData, sharedData, sharedDataMissing } from './support/shared-data.js';

const clip = 'video/swipe_left_right.mp4';
setLogLevel('warn');

async function startDaemon(over: Record<string, unknown>): Promise<{ daemon: Controller; url: string }> {
  const config = testDaemonConfig({ source: { uri: sharedData(clip), loop: true }, mqtt: { embeddedPort: 0 }, ...over });
  const daemon = await createDaemon(config);
  await daemon.start();
  const frontend = daemon.status().extensions.frontend as { url: string };
  return { daemon, url: frontend.url };
}

const urlOf = (daemon: Controller): string => (daemon.status().extensions.frontend as Pick<FrontendExtension, 'url'>).url!;

describe.skipIf(!hasSharedData(clip))('status page', () => {
  if (!hasSharedData(clip)) console.warn(sharedDataMissing);
  let daemon: Controller;
  let url: string;
  let browser: Browser;
  beforeAll(async () => {
    ({ daemon, url } = await startDaemon({}));
    expect(existsSync(CHROMIUM_PATH), `${CHROMIUM_PATH} missing`).toBe(true);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await daemon?.stop('test');
  });

  it('shows the live annotated view, figures and an event in Chromium', async () => {
    const page = await browser.newPage({ viewport: { width: 390, height: 1400 } }); // a phone's width
    const failed: string[] = [];
    page.on('requestfailed', (r) => !r.url().includes('live.mjpg') && failed.push(r.url()));
    await page.goto(url);
    await page.waitForFunction(() => Number(document.getElementById('fps')!.textContent) > 0, undefined, { timeout: 30_000 });
    await page.waitForFunction(() => (document.getElementById('live') as HTMLImageElement).naturalWidth > 0, undefined, { timeout: 30_000 });
    expect(await page.evaluate(() => (document.getElementById('live') as HTMLImageElement).naturalWidth)).toBe(530);
    await page.waitForSelector('#events li.event', { timeout: 45_000 });
    expect(await page.textContent('#events li.event')).toMatch(/start|end/);
    expect(await page.textContent('#mqtt')).toBe('MQTT connected');
    expect(await page.textContent('#models')).toContain('cpu');
    expect(await page.textContent('#stages')).toContain('detect');
    // The view area holds a real picture: many distinct grey levels, not a blank box.
    const shot = await page.locator('#live').screenshot();
    const cv = loadOpenCV();
    const image = cv.imdecode(shot).cvtColor(cv.COLOR_BGR2GRAY);
    const { stddev } = image.meanStdDev();
    expect(stddev.at(0, 0)).toBeGreaterThan(20);
    expect(failed).toEqual([]);
    expect((daemon.status().extensions.frontend as { liveFramesSent: number }).liveFramesSent).toBeGreaterThan(0);
    await page.close();
  });

  it('serves JSON status, server-sent events, Prometheus metrics and a health check', async () => {
    const status = await (await fetch(`${url}/api/status`)).json();
    expect(status).toMatchObject({ state: 'running', device: { id: 'testdoor' }, source: { state: 'running' }, liveView: { enabled: true } });
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    const metrics = await (await fetch(`${url}/metrics`)).text();
    expect(metrics).toMatch(/^# TYPE gesturegate_frames_processed_total counter$/m);
    expect(metrics).toMatch(/^gesturegate_stage_milliseconds\{stage="detect",stat="mean"\} [\d.]+$/m);
    expect(metrics).toMatch(/^gesturegate_mqtt_connected 1$/m);
    // The first test saw an event on the page, so the counter has one.
    expect(metrics).toMatch(/^gesturegate_gesture_events_total\{label="[a-z_]+",phase="start"\} [1-9]\d*$/m);
    const events = await fetch(`${url}/api/events`);
    expect(events.headers.get('content-type')).toBe('text/event-stream');
    const reader = events.body!.getReader();
    const first = new TextDecoder().decode((await reader.read()).value);
    expect(first).toMatch(/event: status\ndata: \{/);
    await reader.cancel();
    const snapshot = await fetch(`${url}/snapshot.jpg`);
    expect(snapshot.headers.get('content-type')).toBe('image/jpeg');
    expect(Buffer.from(await snapshot.arrayBuffer()).subarray(0, 2)).toEqual(Buffer.from([0xff, 0xd8]));
  });

  it('refuses oversized requests, path traversal and bad record requests', async () => {
    const big = await fetch(`${url}/api/record`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ label: 'x'.repeat(5000) }),
    });
    expect(big.status).toBe(413);
    expect((await fetch(`${url}/${'a'.repeat(3000)}`)).status).toBe(414);
    for (const path of ['/../package.json', '/%2e%2e/%2e%2e/etc/passwd', '/app.js/..%2f..%2fpackage.json', '/static/../../src/cli.ts']) {
      expect((await fetch(`${url}${path}`)).status, path).toBe(404);
    }
    const traversal = await fetch(`${url}/api/record`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ label: '../etc', seconds: 1 }),
    });
    expect(traversal.status).toBe(409);
    expect((await traversal.json()).error).toMatch(/label "\.\.\/etc"/);
    const badType = await fetch(`${url}/api/record`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ label: 'wave', seconds: 'ten' }),
    });
    expect(badType.status).toBe(400);
    expect((await badType.json()).error).toMatch(/^seconds: /);
    // The API answers in JSON also where the body is not JSON at all or is too large (it answered plain text).
    const notJson = await fetch(`${url}/api/record`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"label": ' });
    expect(notJson.status).toBe(400);
    expect(await notJson.json()).toEqual({ error: 'the body is not valid JSON' });
    expect(await big.json()).toEqual({ error: 'the body is too large' });
  });
});

describe.skipIf(!hasSharedData(clip))('status page access', () => {
  it('refuses to listen off loopback without a token, naming the key', async () => {
    await expect(startDaemon({ status: { host: '0.0.0.0' } })).rejects.toThrow(/"token"[\s\S]*required when status\.host is 0\.0\.0\.0/);
  });

  it('with a token: 401 on every route but /healthz; header, query or cookie let in; live view can be off', async () => {
    const token = 'a-long-test-token-1234';
    const { daemon, url } = await startDaemon({ status: { host: '0.0.0.0', token, liveView: false } });
    const local = url.replace('0.0.0.0', '127.0.0.1');
    try {
      for (const path of ['/', '/api/status', '/api/events', '/metrics', '/live.mjpg', '/app.js']) {
        expect((await fetch(`${local}${path}`)).status, path).toBe(401);
      }
      expect((await fetch(`${local}/api/status`, { headers: { Authorization: 'Bearer wrong-token-wrong-token' } })).status).toBe(401);
      expect((await fetch(`${local}/healthz`)).status).toBe(200);
      expect((await fetch(`${local}/api/status`, { headers: { Authorization: `Bearer ${token}` } })).status).toBe(200);
      const page = await fetch(`${local}/?token=${token}`);
      expect(page.status).toBe(200);
      const cookie = page.headers.get('set-cookie')!;
      expect(cookie).toMatch(/gesturegate_token=.*HttpOnly.*SameSite=Strict/i);
      expect((await fetch(`${local}/metrics`, { headers: { Cookie: cookie.split(';')[0]! } })).status).toBe(200);
      const live = await fetch(`${local}/live.mjpg`, { headers: { Authorization: `Bearer ${token}` } });
      expect(live.status).toBe(404);
      expect(urlOf(daemon)).toContain('0.0.0.0');
    } finally {
      await daemon.stop('test');
    }
  });
});
