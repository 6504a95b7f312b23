// The one media-decoding module: which files count as images and videos (the same for detect,
// dataset build and the benches), images as frames, and a clip's frames with their timing.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { estimateVideoFrames, listMedia, mediaKind, readImageFrame, readVideoFrames } from '../src/capture/media.js';
import { UserError } from '../src/util/errors.js';
import { sharedData } from './support/shared-data.js';

const dir = mkdtempSync(join(tmpdir(), 'gesturegate-media-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

describe('media files', () => {
  it('tells images from videos by extension, in any case', () => {
    expect(['a.JPG', 'b.tiff', 'c.webp'].map(mediaKind)).toEqual(['image', 'image', 'image']);
    expect(['a.MP4', 'b.mpeg', 'c.m4v'].map(mediaKind)).toEqual(['video', 'video', 'video']);
    expect(['notes.txt', 'clip.mp4.segments.csv', 'noext'].map(mediaKind)).toEqual([undefined, undefined, undefined]);
  });

  it('lists files a folder links to (as dataset build does), skipping links to nothing', () => {
    const folder = join(dir, 'links');
    mkdirSync(folder);
    writeFileSync(join(dir, 'elsewhere.jpg'), '');
    symlinkSync(join(dir, 'elsewhere.jpg'), join(folder, 'linked.jpg'));
    symlinkSync(join(dir, 'nothing.jpg'), join(folder, 'broken.jpg'));
    expect(listMedia(folder)).toEqual([{ path: join(folder, 'linked.jpg'), kind: 'image' }]);
  });

  it("lists a folder's media files by name, skipping other files and subfolders", () => {
    const folder = join(dir, 'list');
    mkdirSync(join(folder, 'sub.jpg'), { recursive: true });
    for (const name of ['b.png', 'a.mp4', 'readme.txt']) writeFileSync(join(folder, name), '');
    expect(listMedia(folder)).toEqual([
      { path: join(folder, 'a.mp4'), kind: 'video' },
      { path: join(folder, 'b.png'), kind: 'image' },
    ]);
    expect(listMedia(join(folder, 'b.png'))).toEqual([{ path: join(folder, 'b.png'), kind: 'image' }]);
    expect(() => listMedia(join(folder, 'readme.txt'))).toThrow(/^not an image or video file \(by extension\): .*readme\.txt$/);
    expect(() => listMedia(join(folder, 'sub.jpg'))).toThrow(/^no images or videos in folder /);
    expect(() => listMedia(join(folder, 'missing'))).toThrow(/^input not found: /);
  });
});

describe('decoding', () => {
  it('reads an image as a BGR frame', () => {
    const frame = readImageFrame(sharedData('images/tfjs_two_hands.jpg'));
    expect([frame.width, frame.height, frame.index, frame.timestampMs]).toEqual([720, 382, 0, 0]);
    expect(frame.data.length).toBe(720 * 382 * 3);
  });

  it('refuses an undecodable image or video with one line naming it', async () => {
    const fake = join(dir, 'fake.jpg');
    writeFileSync(fake, 'not a jpeg');
    expect(() => readImageFrame(fake)).toThrow(UserError);
    expect(() => readImageFrame(fake)).toThrow(`cannot decode image ${fake}`);
    const fakeVideo = join(dir, 'fake.mp4');
    writeFileSync(fakeVideo, 'not a video');
    await expect(collect(readVideoFrames(fakeVideo))).rejects.toThrow(`cannot decode video ${fakeVideo}`);
  });

  it('says a missing image or video is missing (the library is called with paths listMedia never saw)', async () => {
    const missing = join(dir, 'absent.jpg');
    expect(() => readImageFrame(missing)).toThrow(new UserError(`image not found: ${missing}`));
    const missingVideo = join(dir, 'absent.mp4');
    await expect(collect(readVideoFrames(missingVideo))).rejects.toThrow(new UserError(`video not found: ${missingVideo}`));
  });

  it("gives every frame of a clip with its index and time from the clip's rate, or a sample of them", async () => {
    const clip = sharedData('video/swipe_left_right.mp4');
    const all = await collect(readVideoFrames(clip));
    expect(all.length).toBe(80);
    expect(estimateVideoFrames(clip)).toBe(80);
    expect(all.map((f) => f.index)).toEqual([...Array(80).keys()]);
    expect(all[15]!.timestampMs).toBeCloseTo(1000, 6); // 15 fps
    expect([all[0]!.width, all[0]!.height, all[0]!.data.length]).toEqual([530, 292, 530 * 292 * 3]);

    const sampled = await collect(readVideoFrames(clip, { sampleFps: 5 }));
    expect(sampled.map((f) => f.index)).toEqual([...Array(27).keys()].map((i) => i * 3));
    expect(estimateVideoFrames(clip, { sampleFps: 5 })).toBe(27);
    expect(Buffer.from(sampled[1]!.data).equals(Buffer.from(all[3]!.data))).toBe(true);
  });
});
