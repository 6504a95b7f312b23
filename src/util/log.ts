// Structured logs: one JSON object a line on stdout, which journald stores as is.

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
let sink: (line: string) => void = (line) => process.stdout.write(line + '\n');

export function setLogLevel(level: LogLevel): void {
  threshold = level;
}

/** Redirects log lines (tests, and CLI commands whose stdout carries data). */
export function setLogSink(write: (line: string) => void): void {
  sink = write;
}

export function createLogger(component: string): Logger {
  const emit = (level: LogLevel, msg: string, fields?: Record<string, unknown>): void => {
    if (rank[level] < rank[threshold]) return;
    sink(JSON.stringify({ time: new Date().toISOString(), level, component, msg, ...fields }));
  };
  return {
    debug: (m, f) => emit('debug', m, f),
    info: (m, f) => emit('info', m, f),
    warn: (m, f) => emit('warn', m, f),
    error: (m, f) => emit('error', m, f),
    child: (sub) => createLogger(`${component}.${sub}`),
  };
}
