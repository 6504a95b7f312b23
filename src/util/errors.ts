import { maskCredentials } from './url.js';

/**
 * An error caused by the user's input (a bad path, a malformed file, an invalid option).
 * The CLI prints its message as one line and exits non-zero; anything else is a bug and
 * is reported with its stack only when GESTUREGATE_DEBUG is set.
 */
export class UserError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'UserError';
  }
}

/** The message of any thrown value, on one line, with credentials in URLs masked (it goes to logs and pages). */
export function oneLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return maskCredentials(text.replace(/\s*\n\s*/g, ' ').trim());
}
