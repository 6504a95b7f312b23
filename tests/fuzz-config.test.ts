// Fuzzing the config loader with seeded mutations of the example config: every variant is loaded,
// or refused with one clear UserError naming the problem; never a crash, never a hang.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { loadConfig } from '../src/config/load.js';
import { seededRandom, type Random } from '../src/util/random.js';
import { fuzz, pick, randomInt } from './support/fuzz.js';
import { repoRoot } from './support/shared-data.js';

const example = readFileSync(join(repoRoot, 'config.example.yaml'), 'utf8');
const dir = mkdtempSync(join(tmpdir(), 'gesturegate-fuzz-config-'));
const file = join(dir, 'config.yaml');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function load(text: string): unknown {
  writeFileSync(file, text);
  return loadConfig(file);
}

const yamlSyntax = [
  ':',
  '-',
  '[',
  ']',
  '{',
  '}',
  '#',
  '&',
  '*',
  '!',
  '|',
  '>',
  "'",
  '"',
  '%',
  '@',
  '`',
  ',',
  '?',
  '\t',
  '\n',
  ' ',
  '\\',
  '\u0000',
  '\u00e9',
  '\ufeff',
];

/** Character- and line-level damage: the kind a hand edit or a bad copy-paste does. */
function mutateText(text: string, random: Random): string {
  let lines = text.split('\n');
  const count = 1 + randomInt(random, 4);
  for (let m = 0; m < count; m++) {
    const at = randomInt(random, lines.length);
    const line = lines[at] ?? '';
    const col = randomInt(random, line.length + 1);
    switch (randomInt(random, 6)) {
      case 0:
        lines[at] = line.slice(0, col) + pick(random, yamlSyntax) + line.slice(col);
        break;
      case 1:
        lines[at] = line.slice(0, col) + line.slice(col + 1 + randomInt(random, 8));
        break;
      case 2:
        lines.splice(at, 0, line);
        break;
      case 3:
        lines.splice(at, 1);
        break;
      case 4:
        lines[at] = ' '.repeat(randomInt(random, 6)) + line.trimStart();
        break;
      default:
        lines = [...lines.slice(0, at), ...lines.slice(randomInt(random, lines.length))];
    }
  }
  return lines.join('\n');
}

const oddValues: unknown[] = [
  null,
  true,
  false,
  0,
  -1,
  1.5,
  1e308,
  -1e308,
  65536,
  '',
  'x'.repeat(5000),
  '../../etc/passwd',
  'rtsp://',
  'mqtt://',
  [],
  [1, 2],
  {},
  { nested: { deeper: 1 } },
  '0',
  'NaN',
  '.inf',
  'debug',
  'webcam:',
  '/dev/video99',
];

/** Well-formed YAML with wrong content: values of other types, unknown keys, missing or wrapped sections. */
function mutateStructure(random: Random): string {
  const config = parseYaml(example) as Record<string, Record<string, unknown>>;
  const sections = Object.keys(config);
  const count = 1 + randomInt(random, 3);
  for (let m = 0; m < count; m++) {
    const section = pick(random, sections);
    const keys = Object.keys(config[section] ?? {});
    switch (randomInt(random, 5)) {
      case 0:
      case 1:
        if (keys.length && typeof config[section] === 'object' && config[section]) config[section][pick(random, keys)] = pick(random, oddValues);
        break;
      case 2:
        if (typeof config[section] === 'object' && config[section]) config[section][`extra${randomInt(random, 10)}`] = pick(random, oddValues);
        else config[`unknown${randomInt(random, 10)}`] = {};
        break;
      case 3:
        delete config[section];
        break;
      default:
        (config as Record<string, unknown>)[section] = pick(random, oddValues);
    }
  }
  return stringifyYaml(config);
}

describe('config loader fuzzing', () => {
  it('2000 seeded variants of the example config load or are refused with a one-line UserError', () => {
    const random = seededRandom(0xc0f1);
    const report = fuzz(2000, (n) => (n % 2 ? mutateText(example, random) : mutateStructure(random)), load);
    expect(report.crashes, JSON.stringify(report.crashes.slice(0, 5))).toEqual([]);
    expect(report.unclear).toEqual([]);
    expect(report.refused).toBeGreaterThan(report.cases / 4);
    expect(report.accepted).toBeGreaterThan(report.cases / 20);
  });

  it('refusals name the file or the offending key', () => {
    expect(() => load('source:\n  reconnectMinMs: -5\n')).toThrow(/source\.reconnectMinMs: /);
    expect(() => load('sourc:\n  uri: 0\n')).toThrow(/sourc: unknown key/);
    expect(() => load('device: [\n')).toThrow(new RegExp(`config ${file} is not valid YAML`));
  });

  it('refuses resource-exhaustion YAML quickly: alias bombs and deep nesting', () => {
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let level = 1; level < 12; level++)
      bomb.push(
        `${String.fromCharCode(97 + level)}: &${String.fromCharCode(97 + level)} [${Array(10)
          .fill(`*${String.fromCharCode(96 + level)}`)
          .join(', ')}]`,
      );
    expect(() => load(bomb.join('\n'))).toThrow(/not valid YAML: Excessive alias count/);
    expect(() => load('device: ' + '['.repeat(20_000) + ']'.repeat(20_000))).toThrow(/not valid YAML/);
  });
});
