import type { Command } from 'commander';
import { UserError } from '../util/errors.js';

export function register(program: Command): void {
  program
    .command('convert')
    .description('(not built yet)')
    .action(() => {
      throw new UserError('convert is not built yet');
    });
}
