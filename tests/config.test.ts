import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listConfigKeys } from '../src/config/docs.js';
import { BUILT_IN_GESTURES } from '../src/gestures/config.js';
import { configToYaml, loadConfig, mergeConfig, validateConfig } from '../src/config/load.js';
import { UserError } from '../src/util/errors.js';
import { repoRoot } from './support/shared-data.js';

const dir = mkdtempSync(join(tmpdir(), 'gesturegate-config-'));
const file = (name: string, text: string): string => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

describe('config', () => {
  it('fills every default when the file is empty', () => {
    const { config } = loadConfig(file('empty.yaml', ''));
    expect(config.mqtt.topicPrefix).toBe('gesturegate');
    expect(config.mqtt.url).toBeNull();
    expect(config.status.host).toBe('127.0.0.1');
    expect(config.inference.variant).toBe('full');
  });

  it('names the key of each invalid value', () => {
    const path = file('bad.yaml', 'mqtt:\n  url: broker.lan\nstatus:\n  port: "eighty"\nsource:\n  lopp: true\n');
    expect(() => loadConfig(path)).toThrow(UserError);
    try {
      loadConfig(path);
    } catch (error) {
      const message = (error as Error).message;
      expect(message).toContain(path);
      expect(message).toMatch(/mqtt\.url: expected mqtt:\/\//);
      expect(message).toMatch(/status\.port: /);
      expect(message).toMatch(/source\.lopp: unknown key/);
    }
  });

  it('reports YAML syntax errors with the line', () => {
    const path = file('syntax.yaml', 'mqtt:\n  url: [unclosed\n');
    // Once, with the column, and without the excerpt's dangling colon.
    expect(() => loadConfig(path)).toThrow(
      new UserError(`config ${path} is not valid YAML at line 3, column 1: Flow sequence in block collection must be sufficiently indented and end with a ]`),
    );
  });

  it('refuses a file whose top level is not a mapping of sections (a list, a scalar)', () => {
    const list = file('list.yaml', '- source:\n    uri: 0\n');
    expect(() => loadConfig(list)).toThrow(
      new UserError(`invalid config (${list}): (top level): expected a mapping of sections (device, source, …), got a list`),
    );
    const scalar = file('scalar.yaml', 'source\n');
    expect(() => loadConfig(scalar)).toThrow(
      new UserError(`invalid config (${scalar}): (top level): expected a mapping of sections (device, source, …), got a string`),
    );
  });

  it("lets CLI overrides win over the file, keeping the file's other keys", () => {
    const path = file('ok.yaml', 'device:\n  id: porch\nsource:\n  uri: a.mp4\n  loop: false\n');
    const { config } = loadConfig(path, { source: { loop: true } });
    expect(config.source).toMatchObject({ uri: 'a.mp4', loop: true });
    expect(config.device.id).toBe('porch');
  });

  it('merges nested objects and replaces scalars and arrays', () => {
    expect(mergeConfig({ a: { b: 1, c: [1, 2] } }, { a: { c: [3] } })).toEqual({ a: { b: 1, c: [3] } });
  });

  it('prints a config that reads back to the same values', async () => {
    const { config } = loadConfig(file('round.yaml', 'mqtt:\n  queueMax: 5\n'));
    const { parse } = await import('yaml');
    expect(validateConfig(parse(configToYaml(config)), 'printed')).toEqual(config);
  });

  it('accepts the shipped config.example.yaml', () => {
    const { config } = loadConfig(join(repoRoot, 'config.example.yaml'));
    expect(config.source).toMatchObject({ uri: '0', fourcc: 'MJPG' });
    expect(config.device.id).toBe('doorway');
  });

  it("docs/gestures.md gives each gesture's shipped thresholds and timings", () => {
    const doc = readFileSync(join(repoRoot, 'docs/gestures.md'), 'utf8');
    const { config } = loadConfig(file('gestures-defaults.yaml', ''));
    for (const key of ['enter', 'exit', 'minDurationMs', 'releaseMs', 'cooldownMs'] as const) {
      // e.g. `| \`<gesture>.enter\` | handshake 0.5; wave 0.6; poses 0.7 | …`
      const row = new RegExp(`^\\| \`<gesture>\\.${key}\` \\| ([^|]+) \\|`, 'm').exec(doc);
      expect(row, key).not.toBeNull();
      const documented = new Map<string, number>();
      for (const part of row![1]!.split(';')) {
        const [, names, value] = /^\s*(.+?)\s+([\d.]+)\s*$/.exec(part)!;
        for (const name of names!.split(',')) documented.set(name.trim(), Number(value));
      }
      for (const gesture of BUILT_IN_GESTURES) {
        const name = gesture === 'handshake' || gesture === 'wave' ? gesture : 'poses';
        expect(documented.get(name), `${gesture}.${key}`).toBe(config.gestures[gesture][key]);
      }
    }
  });

  it('documents every daemon key with a default and a description', () => {
    const keys = listConfigKeys();
    const own = keys.filter((k) => /^(device|source|mqtt|status|health|log)\./.test(k.key));
    expect(own.length).toBeGreaterThan(30);
    for (const k of own) expect(k.description, k.key).not.toBe('');
    expect(keys.find((k) => k.key === 'mqtt.topicPrefix')?.default).toBe('gesturegate');
  });
});
