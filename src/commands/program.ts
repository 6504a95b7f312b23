// The CLI program: every subcommand of src/commands/, errors turned into one line and an exit code.
// Entry points (src/cli.ts, scripts/convert/index.ts) call main().
import { Command, CommanderError } from 'commander';
import { UserError, oneLine } from '../util/errors.js';
import { commands } from './index.js';
import { VERSION } from '../version.js';

function buildProgram(): Command {
  const program = new Command('gesturegate')
    .description('Hand-gesture recognition for a doorway camera: hand tracking, gesture models, MQTT events.')
    .version(VERSION)
    .exitOverride()
    .showHelpAfterError(false)
    .configureOutput({ outputError: (text, write) => write(text.replace(/\n+$/, '') + '\n') });
  for (const register of commands) register(program);
  return program;
}

export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version exit with 0; usage errors were already printed by commander.
      return error.exitCode === 0 ? 0 : 2;
    }
    if (error instanceof UserError) {
      process.stderr.write(`gesturegate: ${oneLine(error)}\n`);
      return 1;
    }
    if (process.env.GESTUREGATE_DEBUG) console.error(error);
    process.stderr.write(`gesturegate: internal error: ${oneLine(error)} (set GESTUREGATE_DEBUG=1 for details)\n`);
    return 70;
  }
}
