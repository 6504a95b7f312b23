// `gesturegate detect` end to end: the built CLI on real images and a real clip.
import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadOpenCV } from '../src/util/opencv.js';
import { hasSharedData, repoRoot, sharedData, sharedDataMissing } from './support/shared-data.js';

const run = promisify(execFile);
const cli = join(repoRoot, 'dist/src/cli.js');

interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI from a folder outside the repository: it must find its own models wherever it is started. */
async function detect(...args: string[]): Promise<Outcome> {
  try {
    const { stdout, stderr } = await run(process.execPath, [cli, 'detect', ...args], { cwd: tmpdir(), maxBuffer: 64 << 20 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number | null; signal: string | null; stdout: string; stderr: string };
    if (e.code === null) throw new Error(`detect ${args.join(' ')} was killed by ${e.signal}: ${e.stderr}`);
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

interface HandLine {
  trackId: number;
  handedness: string;
  box: { xMin: number; yMin: number; width: number; height: number };
  landmarks: number[][];
}
interface FrameLine {
  source: string;
  frame: number;
  width: number;
  height: number;
  detectionRan: boolean;
  hands: HandLine[];
  timings: Record<string, number>;
}

const lines = (stdout: string): FrameLine[] =>
  stdout
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as FrameLine);

let outDir: string;
beforeAll(() => {
  if (!existsSync(cli)) throw new Error('dist/src/cli.js missing: run `npm run build` first (npm test does)');
  outDir = mkdtempSync(join(tmpdir(), 'gesturegate-detect-'));
});
afterAll(() => rmSync(outDir, { recursive: true, force: true }));

describe('detect input errors', () => {
  it('names a missing path in one line and exits non-zero', async () => {
    const r = await detect('/nonexistent/hands.jpg');
    expect(r.code).not.toBe(0);
    expect(r.stderr.trim()).toBe('gesturegate: input not found: /nonexistent/hands.jpg');
    expect(r.stdout).toBe('');
  });

  it('rejects files that are neither image nor video, and undecodable images', async () => {
    const r = await detect(join(repoRoot, 'package.json'));
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/^gesturegate: not an image or video file \(by extension\): .*package\.json\n$/);
    const fake = join(outDir, 'fake.jpg');
    await run('cp', [join(repoRoot, 'package.json'), fake]);
    const bad = await detect(fake, '--strategy', 'full');
    expect(bad.code).not.toBe(0);
    expect(bad.stderr.trim().split('\n').at(-1)).toMatch(/^gesturegate: cannot decode image .*fake\.jpg$/);
  });
});

describe('detect on a file that is not a video', () => {
  it("ends with one line of ours, after at most FFmpeg's own, and no OpenCV or GStreamer warnings", async () => {
    const fake = join(outDir, 'fake.mp4');
    await run('cp', [join(repoRoot, 'package.json'), fake]);
    const r = await detect(fake);
    expect(r.code).toBe(1);
    const errorLines = r.stderr
      .trim()
      .split('\n')
      .filter((l) => !l.startsWith('{'));
    expect(errorLines.at(-1)).toBe(`gesturegate: cannot decode video ${fake}`);
    // FFmpeg prints its own diagnostic (docs/daemon.md, known limits); OpenCV used to try GStreamer next and warn four more lines.
    expect(errorLines.length, r.stderr).toBeLessThanOrEqual(2);
    expect(r.stderr).not.toMatch(/GStreamer|WARN|ERROR/);
  });
});

describe('detect --gestures on still images', () => {
  it('is refused in one line: events need time (it printed nothing and exited 0)', async () => {
    const r = await detect(join(repoRoot, 'tests/fixtures/images/tfjs_two_hands.jpg'), '--gestures');
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toEqual(['gesturegate: --gestures needs a video: gesture events start and end over time, a still image has none']);
  });
});

describe('detect output errors', () => {
  it('an --annotate folder that is a file: one line naming it, exit 1, not an internal error', async () => {
    const file = join(outDir, 'taken.txt');
    await run('cp', [join(repoRoot, 'package.json'), file]);
    const r = await detect(join(repoRoot, 'tests/fixtures/images/tfjs_two_hands.jpg'), '--annotate', file);
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toEqual([`gesturegate: cannot mkdir ${file}: file already exists`]);
  });

  it("--annotate into the input folder in the inputs' format: refused before anything is written, the photos untouched", async () => {
    const photos = join(outDir, 'photos');
    mkdirSync(photos);
    const photo = join(photos, 'hands.jpg');
    copyFileSync(join(repoRoot, 'tests/fixtures/images/tfjs_two_hands.jpg'), photo);
    copyFileSync(photo, join(photos, 'hands.png'));
    const before = readFileSync(photo);
    const r = await detect(photos, '--annotate', photos, '--format', 'jpg');
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toEqual([`gesturegate: --annotate would overwrite the input ${photo}; choose another folder`]);
    expect(readFileSync(photo).equals(before)).toBe(true);
    // Two inputs with one name would be drawn into one file, the second over the first.
    const other = join(outDir, 'annotated');
    const twice = await detect(photos, '--annotate', other);
    expect(twice.code).toBe(1);
    expect(twice.stderr.trim().split('\n')).toEqual([
      `gesturegate: --annotate would write ${join(other, 'hands.png')} for both ${join(photos, 'hands.jpg')} and ${join(photos, 'hands.png')}`,
    ]);
  });
});

const haveData = hasSharedData('images/tfjs_two_hands.jpg', 'video/clicks.mp4');
describe.skipIf(!haveData)(haveData ? 'detect on real files' : sharedDataMissing, () => {
  it('prints the two hands of an image and draws them', async () => {
    const r = await detect(sharedData('images/tfjs_two_hands.jpg'), '--strategy', 'full', '--annotate', join(outDir, 'ann'));
    expect(r.code).toBe(0);
    const [line, ...rest] = lines(r.stdout);
    expect(rest).toHaveLength(0);
    expect(line!.width).toBe(720);
    expect(line!.hands).toHaveLength(2);
    expect(line!.hands.map((h) => h.trackId).sort()).toEqual([1, 2]);
    for (const hand of line!.hands) expect(hand.landmarks).toHaveLength(21);
    // stdout is data only; logs went to stderr.
    expect(r.stderr).toContain('"hand landmarker ready"');

    const cv = loadOpenCV();
    const drawn = cv.imread(join(outDir, 'ann', 'tfjs_two_hands.png'));
    const original = cv.imread(sharedData('images/tfjs_two_hands.jpg'));
    expect([drawn.cols, drawn.rows]).toEqual([720, 382]);
    // The skeleton is drawn over the hand: pixels at each wrist changed, a far corner did not.
    for (const hand of line!.hands) {
      const [x, y] = hand.landmarks[0]!.map(Math.round) as [number, number];
      const before = original.atRaw(Math.min(y, 381), x) as unknown as number[];
      const after = drawn.atRaw(Math.min(y, 381), x) as unknown as number[];
      expect(after).not.toEqual(before);
    }
  });

  // three_people.jpg: a raised waving hand at the top (cut by the frame's edge), palm centre near (597, 35).
  const centre = (h: HandLine) => [h.box.xMin + h.box.width / 2, h.box.yMin + h.box.height / 2] as const;
  const isWavingHand = (h: HandLine) => Math.hypot(centre(h)[0] - 597, centre(h)[1] - 35) < 40;

  it("a still photo by default: the raised waving hand found, no hand on a face, a mask or a shelf (the tiled default's were)", async () => {
    const r = await detect(sharedData('images/three_people.jpg'));
    expect(r.code).toBe(0);
    const [line] = lines(r.stdout);
    expect(line!.hands.filter(isWavingHand)).toHaveLength(1);
    const falseSpots = [
      [233, 148], // the left man's face
      [691, 91], // the carnival mask on the wall
      [690, 396], // the bookshelf
    ];
    for (const hand of line!.hands) {
      const [x, y] = centre(hand);
      for (const [fx, fy] of falseSpots) expect(Math.hypot(x - fx!, y - fy!), `hand at (${x}, ${y})`).toBeGreaterThan(30);
    }
  });

  it('--strategy tiles keeps the whole frame palm of a hand bigger than a tile (tile pieces shrank it until the hand model saw none)', async () => {
    const r = await detect(sharedData('images/three_people.jpg'), '--strategy', 'tiles', '--no-people');
    expect(r.code).toBe(0);
    expect(lines(r.stdout)[0]!.hands.filter(isWavingHand)).toHaveLength(1);
  });

  it('tracks a clip frame by frame with stable IDs and writes one image per frame', async () => {
    const r = await detect(sharedData('video/clicks.mp4'), '--variant', 'lite', '--format', 'jpg', '--annotate', join(outDir, 'clip'));
    expect(r.code).toBe(0);
    const frames = lines(r.stdout);
    expect(frames.map((f) => f.frame)).toEqual(Array.from({ length: frames.length }, (_, i) => i));
    expect(frames.length).toBeGreaterThanOrEqual(14);
    const withHands = frames.filter((f) => f.hands.length > 0);
    expect(withHands.length).toBeGreaterThan(frames.length / 2);
    const ids = new Set(withHands.flatMap((f) => f.hands.map((h) => h.trackId)));
    expect(ids.size).toBeLessThanOrEqual(2);
    expect(readdirSync(join(outDir, 'clip')).filter((f) => f.endsWith('.jpg'))).toHaveLength(frames.length);
  });
});

const handshakeClip = 'handshake/ut_shake_hands_set1_4_1_0.mp4';
const haveHandshake = hasSharedData(handshakeClip);
describe.skipIf(!haveHandshake)(haveHandshake ? 'detect with people (real handshake footage)' : sharedDataMissing, () => {
  interface PeopleLine extends FrameLine {
    people: { trackId: number; landmarks: number[][]; hands: { side: string; wrist: number[]; handTrackId?: number }[] }[];
    hands: (HandLine & { personId?: number })[];
  }

  it('prints both people with stable IDs, links hands to them and draws their skeletons', async () => {
    const r = await detect(sharedData(handshakeClip), '--format', 'jpg', '--annotate', join(outDir, 'people'));
    expect(r.code).toBe(0);
    const frames = lines(r.stdout) as PeopleLine[];
    expect(frames.length).toBeGreaterThan(150);
    expect(new Set(frames.flatMap((f) => f.people.map((p) => p.trackId)))).toEqual(new Set([1, 2]));
    expect(frames.filter((f) => f.people.length === 2).length).toBeGreaterThan(frames.length * 0.95);
    for (const frame of frames) {
      for (const person of frame.people) {
        expect(person.landmarks).toHaveLength(33);
        expect(person.hands.map((h) => h.side)).toEqual(['Left', 'Right']);
      }
      // Links go both ways: a hand's person lists that hand at one of its wrists.
      for (const hand of frame.hands.filter((h) => h.personId !== undefined)) {
        const owner = frame.people.find((p) => p.trackId === hand.personId)!;
        expect(owner.hands.some((b) => b.handTrackId === hand.trackId)).toBe(true);
      }
    }
    expect(frames.filter((f) => f.hands.some((h) => h.personId !== undefined)).length).toBeGreaterThan(frames.length / 2);
    expect(frames.some((f) => f.timings.personDetect !== undefined && f.timings.pose !== undefined)).toBe(true);
    expect(readdirSync(join(outDir, 'people')).filter((f) => f.endsWith('.jpg'))).toHaveLength(frames.length);
  });
});
