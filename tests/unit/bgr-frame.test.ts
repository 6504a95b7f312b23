// frameFromBgr, the library's way in for pixels decoded by the caller: a right-sized buffer becomes a
// Frame, anything else is one clear error rather than hands found in garbage.
import { describe, expect, it } from 'vitest';
import { frameFromBgr } from '../../src/capture/bgr-frame.js';
import { UserError } from '../../src/util/errors.js';

describe('frameFromBgr', () => {
  it('wraps BGR bytes as a frame without copying them', () => {
    const data = new Uint8Array(4 * 2 * 3);
    const frame = frameFromBgr(data, 4, 2, 40, { index: 7, source: 'camera A' });
    expect(frame).toEqual({ index: 7, timestampMs: 40, width: 4, height: 2, data, source: 'camera A' });
    expect(frame.data).toBe(data);
    expect(frameFromBgr(data, 2, 4, 0)).toMatchObject({ index: 0, source: 'memory' });
  });

  it('refuses a buffer of the wrong size, a bad size or timestamp, in one line', () => {
    expect(() => frameFromBgr(new Uint8Array(4 * 2 * 4), 4, 2, 0)).toThrow(new UserError('a 4x2 BGR frame has 24 bytes, got 32'));
    expect(() => frameFromBgr(new Uint8Array(0), 0, 2, 0)).toThrow('frame size must be positive whole pixels, got 0x2');
    expect(() => frameFromBgr(new Uint8Array(6), 1.5, 2, 0)).toThrow('frame size must be positive whole pixels, got 1.5x2');
    expect(() => frameFromBgr(new Uint8Array(6), 1, 2, Number.NaN)).toThrow('frame timestamp must be a finite number of milliseconds, got NaN');
  });
});
