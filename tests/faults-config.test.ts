// Fault: config values that pass validation and then misbehave. Every duration key (…S, …Ms) must
// refuse a value beyond Node's timer range (2^31-1 ms; beyond it a timer fires after 1 ms, so
// `statsIntervalS: 1e10` became a busy loop), naming the key. The keys are read from the schema
// itself, so a duration added later is covered too.
import { describe, expect, it } from 'vitest';
import { listConfigKeys } from '../src/config/docs.js';
import { validateConfig } from '../src/config/load.js';

const TIMER_LIMIT_MS = 2 ** 31 - 1;

function nested(key: string, value: unknown): Record<string, unknown> {
  return key
    .split('.')
    .reverse()
    .reduce<unknown>((inner, part) => ({ [part]: inner }), value) as Record<string, unknown>;
}

describe('durations in the config', () => {
  const durations = listConfigKeys().filter((k) => /(?:[a-z]S|Ms)$/.test(k.key));

  it('finds the durations (seconds and milliseconds keys)', () => {
    expect(durations.map((k) => k.key)).toEqual(
      expect.arrayContaining(['mqtt.statsIntervalS', 'health.intervalS', 'source.reconnectMaxMs', 'gestures.historyMs']),
    );
  });

  it.each(['1e10', 'the timer limit'])('every one refuses %s, naming its key', (which) => {
    for (const { key } of durations) {
      const seconds = key.endsWith('S');
      const value = which === '1e10' ? 1e10 : seconds ? Math.ceil((TIMER_LIMIT_MS + 1) / 1000) : TIMER_LIMIT_MS + 1;
      expect(() => validateConfig(nested(key, value), 'test'), key).toThrow(new RegExp(`${key.replace(/\./g, '\\.')}: .*(less than or equal|<=)`, 'i'));
    }
  });

  it('every default is accepted', () => {
    for (const { key, default: value } of durations) expect(() => validateConfig(nested(key, value), 'test'), key).not.toThrow();
  });
});
