// Structured logs: one JSON object a line on stdout, which journald stores as is.
import { fstatSync } from 'node:fs';
import { maskCredentials } from './url.js';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
const rank: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
  child(component: string): Logger;
}

let threshold: LogLevel = (process.env.GESTUREGATE_LOG_LEVEL as LogLevel | undefined) ?? 'info';
/** syslog priorities: journald takes a "<N>" prefix on a stdout line as its priority and strips it. */
const journalPriority: Record<LogLevel, number> = { debug: 7, info: 6, warn: 4, error: 3 };

/** Whether stdout is journald's stream: systemd puts its device and inode in $JOURNAL_STREAM (systemd.exec(5)). */
function stdoutIsJournal(): boolean {
  const stream = process.env.JOURNAL_STREAM;
  if (!stream) return false;
  try {
    const { dev, ino } = fstatSync(1);
    return stream === `${dev}:${ino}`;
  } catch {
    return false;
  }
}

// Under systemd, `journalctl -p warning` then filters by our levels; elsewhere lines are plain JSON.
const prefix = stdoutIsJournal() ? (level: LogLevel) => `<${journalPriority[level]}>` : () => '';
let sink: (line: string, level: LogLevel) => void = (line, level) => process.stdout.write(prefix(level) + line + '\n');

export function setLogLevel(level: LogLevel): void {
  threshold = level;
}

/** Redirects log lines (tests, and CLI commands whose stdout carries data). */
export function setLogSink(write: (line: string, level: LogLevel) => void): void {
  sink = write;
}

/** For CLI commands whose stdout carries data: logs go to stderr instead. */
export function logToStderr(): void {
  setLogSink((line) => process.stderr.write(line + '\n'));
}

export function createLogger(component: string): Logger {
  const emit = (level: LogLevel, msg: string, fields?: Record<string, unknown>): void => {
    if (rank[level] < rank[threshold]) return;
    // Every string masked: a URL with a password must not reach the journal, whichever field holds it.
    const line = JSON.stringify({ time: new Date().toISOString(), level, component, msg, ...fields }, (_key, value: unknown) =>
      typeof value === 'string' ? maskCredentials(value) : value,
    );
    sink(line, level);
  };
  return {
    debug: (m, f) => emit('debug', m, f),
    info: (m, f) => emit('info', m, f),
    warn: (m, f) => emit('warn', m, f),
    error: (m, f) => emit('error', m, f),
    child: (sub) => createLogger(`${component}.${sub}`),
  };
}
