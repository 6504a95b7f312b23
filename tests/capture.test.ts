import { describe, expect, it } from 'vitest';
import { backoffDelayMs } from '../src/capture/backoff.js';
import { FrameGrabber, type SourceStatus } from '../src/capture/frame-grabber.js';
import { createFrameSource, type FrameSource } from '../src/capture/frame-source.js';
import { parseSourceSpec } from '../src/capture/source-spec.js';
import { configSchema } from '../src/config/schema.js';
import type { Frame } from '../src/types.js';
import { hasSharedData, sharedData, sharedDataMissing } from './support/shared-data.js';

const clip = 'video/swipe_left_right.mp4'; // 530x292, 80 frames, 15 fps
const sourceConfig = (over: Record<string, unknown>) => configSchema.parse({ source: over }).source;
const grab = (source: FrameSource, lossless: boolean, onStatus?: (s: SourceStatus) => void) =>
  new FrameGrabber(source, { reconnectMinMs: 20, reconnectMaxMs: 100, lossless, onStatus });

async function drain(grabber: FrameGrabber, limit = Infinity, delayMs = 0): Promise<Frame[]> {
  const frames: Frame[] = [];
  for (let f = await grabber.next(); f && frames.length < limit; f = await grabber.next()) {
    frames.push(f);
    if (delayMs) await new Promise((r) => setTimeout(r, delayMs));
  }
  return frames;
}

describe('source strings', () => {
  it('tells cameras, files, streams, pipelines and node-webcam apart', () => {
    expect(parseSourceSpec('0')).toEqual({ kind: 'device', device: 0 });
    expect(parseSourceSpec('/dev/video2')).toEqual({ kind: 'device', device: '/dev/video2' });
    expect(parseSourceSpec('rtsp://cam.lan/stream')).toEqual({ kind: 'url', url: 'rtsp://cam.lan/stream' });
    expect(parseSourceSpec('nvarguscamerasrc ! nvvidconv ! video/x-raw,format=BGRx ! videoconvert ! appsink').kind).toBe('gstreamer');
    expect(parseSourceSpec('webcam:/dev/video1')).toEqual({ kind: 'webcam', device: '/dev/video1' });
    expect(parseSourceSpec('clips/a.mp4')).toEqual({ kind: 'file', path: 'clips/a.mp4' });
    expect(() => parseSourceSpec('v4l2src ! videoconvert')).toThrow(/appsink/);
  });

  it('backs off exponentially up to the maximum', () => {
    expect([0, 1, 2, 3, 10].map((a) => backoffDelayMs(a, 500, 3000))).toEqual([500, 1000, 2000, 3000, 3000]);
  });

  it('refuses a missing file at start with the key named', async () => {
    const grabber = grab(createFrameSource(sourceConfig({ uri: '/nonexistent/clip.mp4' })), true);
    await expect(grabber.start()).rejects.toThrow(/source\.uri: video file not found/);
  });
});

describe.skipIf(!hasSharedData(clip))('video file through OpenCV', () => {
  if (!hasSharedData(clip)) console.warn(sharedDataMissing);

  it('decodes every frame in order when played as fast as the pipeline takes them', async () => {
    const grabber = grab(createFrameSource(sourceConfig({ uri: sharedData(clip), realtime: false })), true);
    await grabber.start();
    const frames = await drain(grabber);
    expect(frames.map((f) => f.index)).toEqual([...Array(80).keys()]);
    expect(frames[0]).toMatchObject({ width: 530, height: 292 });
    expect(frames[0]!.data.length).toBe(530 * 292 * 3);
    for (let i = 1; i < frames.length; i++) expect(frames[i]!.timestampMs).toBeGreaterThan(frames[i - 1]!.timestampMs);
    // Real picture content, not a blank buffer.
    const sample = frames[40]!.data;
    expect(new Set(Array.from(sample.subarray(0, 30_000))).size).toBeGreaterThan(50);
    expect(grabber.getStatus()).toMatchObject({ state: 'ended', framesRead: 80, framesDropped: 0 });
    await grabber.stop();
  });

  it('drops stale frames for a slow pipeline instead of queueing them (newest frame wins)', async () => {
    const grabber = grab(createFrameSource(sourceConfig({ uri: sharedData(clip), fps: 100 })), false);
    await grabber.start();
    const frames = await drain(grabber, Infinity, 60);
    const status = grabber.getStatus();
    expect(status.framesRead).toBe(80);
    expect(status.framesDropped).toBeGreaterThan(30);
    expect(frames.length + status.framesDropped).toBe(80);
    // Gaps in the index show the drops; the last frame handed out is the file's last.
    expect(frames.at(-1)!.index).toBe(79);
    await grabber.stop();
  });

  it('loops a file and stops promptly mid-stream', async () => {
    const grabber = grab(createFrameSource(sourceConfig({ uri: sharedData(clip), loop: true, realtime: false })), true);
    await grabber.start();
    const frames = await drain(grabber, 100);
    expect(frames.length).toBe(100);
    await grabber.stop();
    expect(grabber.getStatus().state).toBe('stopped');
    expect(await grabber.next()).toBeNull();
  });

  it('reopens a live source that ends unexpectedly and reports it', async () => {
    const file = createFrameSource(sourceConfig({ uri: sharedData(clip), realtime: false }));
    // The same clip posing as a camera: its end is a failure, not the end of input.
    const live: FrameSource = Object.assign(Object.create(file) as FrameSource, { finite: false });
    const states: string[] = [];
    const grabber = grab(live, true, (s) => states.push(s.state));
    await grabber.start();
    const frames = await drain(grabber, 120);
    expect(frames.length).toBe(120);
    const status = grabber.getStatus();
    expect(status.reconnects).toBe(1);
    expect(status.lastError).toBeNull();
    expect(states).toEqual(['running', 'reconnecting', 'running']);
    await grabber.stop();
  });
});
