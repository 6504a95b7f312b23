// Numeric command-line flags of the workbench commands, checked with one-line errors.
import { UserError } from '../util/errors.js';

export function numberFlag(flag: string, value: string, limits: { integer?: boolean; min?: number; max?: number } = {}): number {
  const n = Number(value);
  const kind = limits.integer ? 'an integer' : 'a number';
  if (value.trim() === '' || !Number.isFinite(n) || (limits.integer && !Number.isInteger(n))) throw new UserError(`${flag} must be ${kind}, got "${value}"`);
  if (limits.min !== undefined && n < limits.min) throw new UserError(`${flag} must be at least ${limits.min}, got ${n}`);
  if (limits.max !== undefined && n > limits.max) throw new UserError(`${flag} must be at most ${limits.max}, got ${n}`);
  return n;
}
