// Numeric command-line flags, checked with one-line errors.
import { UserError } from '../util/errors.js';

export interface NumberLimits {
  integer?: boolean;
  min?: number;
  max?: number;
  /** Exclusive lower bound (a duration, a frame rate: must be more than 0). */
  above?: number;
}

export function numberFlag(flag: string, value: string, limits: NumberLimits = {}): number {
  const n = Number(value);
  const kind = limits.integer ? 'an integer' : 'a number';
  if (value.trim() === '' || !Number.isFinite(n) || (limits.integer && !Number.isInteger(n))) throw new UserError(`${flag} must be ${kind}, got "${value}"`);
  if (limits.above !== undefined && n <= limits.above) throw new UserError(`${flag} must be more than ${limits.above}, got ${n}`);
  if (limits.min !== undefined && n < limits.min) throw new UserError(`${flag} must be at least ${limits.min}, got ${n}`);
  if (limits.max !== undefined && n > limits.max) throw new UserError(`${flag} must be at most ${limits.max}, got ${n}`);
  return n;
}
