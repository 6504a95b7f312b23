// `gesturegate config`: shows the effective config (file + flags + defaults) or checks a file.
import type { Command } from 'commander';
import { listConfigKeys } from '../config/docs.js';
import { configToYaml, loadConfig, withSecretsMasked } from '../config/load.js';
import { logToStderr } from '../util/log.js';
import { addConfigFlags, runFlagsToOverrides, type RunFlags } from './run.js';

export function register(program: Command): void {
  addConfigFlags(
    program
      .command('config')
      .description('print the effective config with every default (--print), check it (--check) or list the keys (--keys)')
      .option('--print', 'print the effective config as YAML (the default action)')
      .option('--check', 'only validate; prints "config OK" or the errors')
      .option('--keys', 'list every key with its default and description (markdown table)'),
  ).action((flags: RunFlags & { print?: boolean; check?: boolean; keys?: boolean }) => {
    logToStderr();
    if (flags.keys) {
      process.stdout.write('| key | default | description |\n| --- | --- | --- |\n');
      for (const k of listConfigKeys()) {
        process.stdout.write(`| \`${k.key}\` | \`${JSON.stringify(k.default ?? null)}\` | ${k.description.replace(/\|/g, '\\|')} |\n`);
      }
      return;
    }
    const { config, path } = loadConfig(flags.config, runFlagsToOverrides(flags));
    if (flags.check) {
      process.stdout.write(`config OK (${path ?? 'defaults'})\n`);
      return;
    }
    process.stdout.write(
      `# effective config (${path ?? 'no file: defaults'}, flags applied, secrets shown as ***)\n${configToYaml(withSecretsMasked(config))}`,
    );
  });
}
