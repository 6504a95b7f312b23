// Import of landmark CSVs with a declared layout: the real files, and one-line errors for bad ones.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { consecutiveBlocks, parseLandmarkCsv, parseLayout, readLandmarkCsv } from '../src/train/csv.js';
import { UserError } from '../src/util/errors.js';
import { hasSharedData, sharedData, sharedDataMissing } from './support/shared-data.js';

const dir = mkdtempSync(join(tmpdir(), 'gesturegate-csv-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function errorOf(f: () => unknown): Error {
  try {
    f();
  } catch (error) {
    return error as Error;
  }
  throw new Error('no error thrown');
}

const handRow = (label: string) => [label, ...Array.from({ length: 42 }, (_, i) => (i % 7) / 10)].join(',');

describe('CSV import errors', () => {
  it('names an unknown layout', () => {
    const error = errorOf(() => parseLayout('hand21-xyz'));
    expect(error).toBeInstanceOf(UserError);
    expect(error.message).toBe('unknown CSV layout "hand21-xyz" (expected hand21-xy or trajectory16-xy)');
  });

  it('names the file, line and column count of a row that does not fit the layout', () => {
    const text = [handRow('Open'), handRow('Open'), 'Open,0.1,0.2,0.3'].join('\n');
    const error = errorOf(() => parseLandmarkCsv(text, 'hand21-xy', 'x.csv'));
    expect(error).toBeInstanceOf(UserError);
    expect(error.message).toBe('x.csv line 3: layout hand21-xy needs 43 columns (label + 21 x,y points), got 4');
    expect(error.message).not.toContain('\n');
    // A hand CSV read as trajectories is a column-count error too.
    expect(errorOf(() => parseLandmarkCsv(handRow('Open'), 'trajectory16-xy', 'x.csv')).message).toMatch(/needs 33 columns.*got 43/);
  });

  it('names a value that is not a number, an empty label, an empty file and a missing file', () => {
    const bad = handRow('Open').replace(',0.1,', ',abc,');
    expect(errorOf(() => parseLandmarkCsv([handRow('Open'), bad].join('\n'), 'hand21-xy', 'x.csv')).message).toMatch(
      /^x.csv line 2: column \d+ is not a number \("abc"\)$/,
    );
    expect(errorOf(() => parseLandmarkCsv(handRow(''), 'hand21-xy', 'x.csv')).message).toBe('x.csv line 1: empty label');
    expect(errorOf(() => parseLandmarkCsv('\n\n', 'hand21-xy', 'x.csv')).message).toBe('x.csv: no data rows');
    const missing = errorOf(() => readLandmarkCsv(join(dir, 'nope.csv'), 'hand21-xy'));
    expect(missing).toBeInstanceOf(UserError);
    expect(missing.message).toMatch(/cannot read CSV .*nope.csv: ENOENT/);
  });

  it('skips a header row and reads labels with spaces', () => {
    const path = join(dir, 'ok.csv');
    writeFileSync(path, ['label,' + Array.from({ length: 42 }, (_, i) => `v${i}`).join(','), handRow('Counter Clockwise'), handRow('Open')].join('\n'));
    const set = readLandmarkCsv(path, 'hand21-xy');
    expect(set.labels).toEqual(['Counter Clockwise', 'Open']);
    expect(set.y.length).toBe(2);
  });
});

describe('blocks of consecutive rows', () => {
  it('start a new group at every label change and every blockSize rows', () => {
    expect(consecutiveBlocks(['a', 'a', 'a', 'b', 'b', 'a'], 2)).toEqual(['a rows 1–2', 'a rows 1–2', 'a rows 3–3', 'b rows 4–5', 'b rows 4–5', 'a rows 6–6']);
    expect(() => consecutiveBlocks(['a'], 0)).toThrow(UserError);
  });
});

const realCsvs = hasSharedData('landmarks/static_keypoints.csv', 'landmarks/fingertip_trajectories.csv');
if (!realCsvs) console.warn(sharedDataMissing);

describe.skipIf(!realCsvs)('the real landmark CSVs', () => {
  it('read into feature sets with the declared classes and consecutive-row groups', () => {
    const statics = readLandmarkCsv(sharedData('landmarks/static_keypoints.csv'), 'hand21-xy', { blockSize: 100 });
    expect(statics.labels).toEqual(['Open', 'Close', 'Pointer']);
    expect(statics.y.length).toBe(3337);
    expect(statics.spec.kind).toBe('hand-pose');
    // 1141 + 1179 + 1017 rows in blocks of 100: 12 + 12 + 11 groups.
    expect(new Set(statics.groups).size).toBe(35);
    const trajectories = readLandmarkCsv(sharedData('landmarks/fingertip_trajectories.csv'), 'trajectory16-xy');
    expect(trajectories.labels).toEqual(['Stop', 'Clockwise', 'Counter Clockwise', 'Move']);
    // 15 steps of (x, y), then 6 path descriptors.
    expect(trajectories.shape).toEqual([36]);
    expect(trajectories.y.length).toBe(3970);
  });
});
