// Seeded mutation fuzzing: the same seed gives the same cases, so a failure can be replayed from
// the case number in the report.
import { UserError } from '../../src/util/errors.js';
import type { Random } from '../../src/util/random.js';

export interface FuzzReport {
  cases: number;
  accepted: number;
  /** Inputs refused with a UserError (the clear refusals). */
  refused: number;
  /** Anything else that was thrown: each is a bug (a crash the user would see as a stack trace). */
  crashes: { caseNumber: number; error: string }[];
  /** UserErrors whose message spans lines or is empty. */
  unclear: { caseNumber: number; message: string }[];
}

/** Runs `target` on `cases` inputs from `makeInput`; an input is accepted, refused with a UserError, or a crash. */
export function fuzz<T>(cases: number, makeInput: (caseNumber: number) => T, target: (input: T) => unknown): FuzzReport {
  const report: FuzzReport = { cases, accepted: 0, refused: 0, crashes: [], unclear: [] };
  for (let caseNumber = 0; caseNumber < cases; caseNumber++) {
    const input = makeInput(caseNumber);
    try {
      target(input);
      report.accepted++;
    } catch (error) {
      if (error instanceof UserError) {
        report.refused++;
        if (!error.message.trim() || /\n/.test(error.message)) report.unclear.push({ caseNumber, message: error.message });
      } else {
        report.crashes.push({ caseNumber, error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) });
      }
    }
  }
  return report;
}

export function pick<T>(random: Random, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)]!;
}

export function randomInt(random: Random, below: number): number {
  return Math.floor(random() * below);
}

/** Values that break parsers of binary formats: zero, ones, sign bits, off-by-one sizes. */
const interestingU32 = [0, 1, 2, 3, 4, 7, 8, 0x7f, 0x80, 0xff, 0x100, 0xffff, 0x10000, 0x7fffffff, 0x80000000, 0xfffffffe, 0xffffffff];

/**
 * One to four byte-level mutations of `original` (a copy): bit flips, random bytes, interesting
 * 32-bit values at aligned offsets (offsets and lengths in FlatBuffers are 32-bit), truncation,
 * and copied chunks. `hot` limits where mutations land (e.g. outside weight data), when given.
 */
export function mutateBytes(original: Uint8Array, random: Random, hot?: (offset: number) => boolean): Uint8Array {
  let bytes = Uint8Array.from(original);
  const offset = (): number => {
    for (let tries = 0; tries < 64; tries++) {
      const at = randomInt(random, bytes.length);
      if (!hot || hot(at)) return at;
    }
    return randomInt(random, bytes.length);
  };
  const count = 1 + randomInt(random, 4);
  for (let m = 0; m < count && bytes.length > 0; m++) {
    switch (randomInt(random, 6)) {
      case 0: {
        const at = offset();
        bytes[at]! ^= 1 << randomInt(random, 8);
        break;
      }
      case 1:
        bytes[offset()] = randomInt(random, 256);
        break;
      case 2:
      case 3: {
        const at = offset() & ~3;
        if (at + 4 <= bytes.length) new DataView(bytes.buffer).setUint32(at, pick(random, interestingU32), true);
        break;
      }
      case 4:
        bytes = bytes.slice(0, randomInt(random, bytes.length));
        break;
      default: {
        const from = offset();
        const to = offset();
        const length = Math.min(1 + randomInt(random, 64), bytes.length - from, bytes.length - to);
        bytes.copyWithin(to, from, from + length);
      }
    }
  }
  return bytes;
}
