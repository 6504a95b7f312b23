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

/** File-system errors the user's paths cause (an output folder that is a file, no permission, a full disk). */
const PATH_ERROR_CODES = new Set(['EACCES', 'EEXIST', 'EISDIR', 'ENOENT', 'ENOSPC', 'ENOTDIR', 'EPERM', 'EROFS']);

/** Such an error as one line, `cannot mkdir out: file already exists`; undefined for anything else. */
function pathProblem(error: unknown): string | undefined {
  const { code, syscall, path } = error as NodeJS.ErrnoException;
  if (!(error instanceof Error) || !code || !PATH_ERROR_CODES.has(code)) return undefined;
  // Node's message is `CODE: reason, syscall 'path'`: keep the reason.
  const reason = error.message.replace(/^[A-Z]+: /, '').replace(/, \w+(?: '.*')?$/, '');
  return path ? `cannot ${syscall} ${path}: ${reason}` : `${reason} (${syscall})`;
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
    const problem = pathProblem(error);
    if (problem) {
      process.stderr.write(`gesturegate: ${oneLine(problem)}\n`);
      return 1;
    }
    process.stderr.write(`gesturegate: internal error: ${oneLine(error)} (set GESTUREGATE_DEBUG=1 for details)\n`);
    return 70;
  }
}
