// Every command's --help, as a new user reads it: each option's default said once.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from './support/shared-data.js';

const cli = join(repoRoot, 'dist/src/cli.js');
const commands = ['run', 'config', 'detect', 'record', 'dataset build', 'dataset info', 'train', 'eval', 'convert'];

describe('command help', () => {
  beforeAll(() => {
    if (!existsSync(cli)) throw new Error('dist/src/cli.js missing: run `npm run build` first (npm test does)');
  });

  it.each(commands)('%s --help states no default twice', (command) => {
    const help = execFileSync(process.execPath, [cli, ...command.split(' '), '--help'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
    expect(help).not.toMatch(/\(default[^()]*\) \(default/);
  });
});
