// Fault: the camera disappears mid-stream and comes back. A real network camera (HTTP MJPEG served
// from a real clip by another process) is killed while OpenCV reads it, stays away for a few
// seconds, and is started again. The grabber must not throw, must retry with growing delays, must
// show the gap in its status, and must deliver frames again afterwards.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FrameGrabber, type SourceStatus } from '../src/capture/frame-grabber.js';
import { createFrameSource } from '../src/capture/frame-source.js';
import { configSchema } from '../src/config/schema.js';
import type { Frame } from '../src/types.js';
import { startMjpegCamera, type MjpegCamera } from './support/mjpeg-camera.js';
import { hasSharedData, sharedData, sharedDataMissing } from './support/shared-data.js';

const clip = 'video/swipe_left_right.mp4';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.skipIf(!hasSharedData(clip))(`camera unplugged and plugged in again${hasSharedData(clip) ? '' : ` (${sharedDataMissing})`}`, () => {
  let camera: MjpegCamera;
  beforeAll(async () => {
    camera = await startMjpegCamera(sharedData(clip));
  });
  afterAll(async () => {
    await camera.close();
  });

  it('reconnects with backoff, shows the gap in its status, and delivers frames again', async () => {
    const source = createFrameSource(configSchema.parse({ source: { uri: camera.url } }).source);
    const statuses: (SourceStatus & { at: number })[] = [];
    const grabber = new FrameGrabber(source, {
      reconnectMinMs: 100,
      reconnectMaxMs: 800,
      lossless: false,
      onStatus: (status) => statuses.push({ ...status, at: Date.now() }),
    });
    await grabber.start();
    // The daemon's loop, reduced to taking frames.
    const frames: Frame[] = [];
    let stopped = false;
    const loop = (async () => {
      for (let frame = await grabber.next(); frame && !stopped; frame = await grabber.next()) frames.push(frame);
    })();

    const waitFrames = async (count: number, what: string): Promise<void> => {
      const deadline = Date.now() + 30_000;
      while (frames.length < count) {
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what} (${frames.length} frames)`);
        await sleep(20);
      }
    };
    await waitFrames(10, 'the first frames');
    expect(grabber.getStatus().state).toBe('running');

    await camera.unplug();
    const unpluggedAt = Date.now();
    await sleep(4000);
    const during = grabber.getStatus();
    const framesDuringGap = frames.length;
    // The gap as the status page shows it.
    expect(during.state).toBe('reconnecting');
    expect(during.lastError).toMatch(/ended unexpectedly|cannot open http:\/\/127\.0\.0\.1:\d+\/camera\.mjpg/);
    expect(during.lastError).not.toMatch(/undefined/);
    expect(during.retryAt).toBeGreaterThan(unpluggedAt);

    // Attempts while it is away come further and further apart, up to the maximum.
    const attempts = statuses.filter((s) => s.state === 'reconnecting' && s.at >= unpluggedAt).map((s) => s.at);
    expect(attempts.length).toBeGreaterThanOrEqual(4);
    const gaps = attempts.slice(1).map((t, i) => t - attempts[i]!);
    expect(gaps.at(-1)!).toBeGreaterThan(gaps[0]!);
    expect(Math.max(...gaps)).toBeLessThan(800 + 2000);

    await camera.plugIn();
    await waitFrames(framesDuringGap + 10, 'frames after the camera came back');
    const after = grabber.getStatus();
    expect(after).toMatchObject({ state: 'running', lastError: null, retryAt: null });
    expect(after.reconnects).toBeGreaterThanOrEqual(1);
    // Frame numbers keep counting up across the gap, so consumers can see it.
    const indices = frames.map((f) => f.index);
    expect(indices).toEqual([...indices].sort((a, b) => a - b));
    expect(new Set(indices).size).toBe(indices.length);
    expect(frames.at(-1)!.width).toBe(530);

    stopped = true;
    await grabber.stop();
    await loop;
    expect(grabber.getStatus().state).toBe('stopped');
  });
});
