// The real handshake clips (../shared/data/handshake, UT-Interaction, research use with citation):
// the list and the contact windows are read from that folder's README.md, the one place they are
// written down, and split into the half the defaults are tuned on and the half they are reported on.
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { UserError } from '../../src/util/errors.js';

export const handshakeDir = resolve(process.env.GESTUREGATE_SHARED_DATA ?? resolve('../shared/data'), 'handshake');

export interface Clip {
  /** File name, e.g. ut_shake_hands_set1_4_1_0.mp4. */
  name: string;
  path: string;
  /** Seconds from the first frame the hands are clasped (README, ±0.25 s); null: not a handshake. */
  contact: { from: number; to: number } | null;
  /** Tuning half ('dev') or reporting half ('held-out'). */
  split: 'dev' | 'held-out';
  /** What happens (the README's words, short). */
  what: string;
}

/**
 * Handshakes with an odd sequence number (the second number in the name: 4_1, 17_3, ...) and the hug
 * and push are the development half; the even ones and the punch, pointing and talking clips are held
 * out. Fixed before any tuning, by name, so no clip's result chose its side.
 */
const DEV_NEGATIVES = ['neg_hug', 'neg_push'];

function splitOf(name: string, isHandshake: boolean): Clip['split'] {
  if (!isHandshake) return DEV_NEGATIVES.some((p) => name.startsWith(p)) ? 'dev' : 'held-out';
  const sequence = Number(/_(\d+)_0\.mp4$/.exec(name)?.[1]);
  return sequence % 2 === 1 ? 'dev' : 'held-out';
}

/** Whether the clips folder is there (benches and tests skip without it). */
export function hasHandshakeClips(): boolean {
  return existsSync(join(handshakeDir, 'README.md'));
}

/** The 15 clips as the README lists them: handshakes first, then the other interactions. */
export function handshakeClips(): Clip[] {
  const readme = join(handshakeDir, 'README.md');
  if (!existsSync(readme)) throw new UserError(`no handshake clips: ${readme} not found (see ../shared/data/README.md)`);
  const clips: Clip[] = [];
  for (const line of readFileSync(readme, 'utf8').split('\n')) {
    const cells = line.split('|').map((c) => c.trim());
    const name = cells[1] ?? '';
    if (!name.endsWith('.mp4')) continue;
    const path = join(handshakeDir, name);
    if (name.startsWith('ut_shake_hands')) {
      const window = /(\d+(?:\.\d+)?)-(\d+(?:\.\d+)?)/.exec(cells[4] ?? '');
      if (!window) throw new UserError(`${readme}: no contact window for ${name}`);
      clips.push({ name, path, contact: { from: Number(window[1]), to: Number(window[2]) }, split: splitOf(name, true), what: `handshake ${cells[4]}` });
    } else {
      clips.push({ name, path, contact: null, split: splitOf(name, false), what: (cells[2] ?? '').split(/[:(]/)[0]!.trim() });
    }
  }
  return clips;
}
