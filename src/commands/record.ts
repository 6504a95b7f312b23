import type { Command } from 'commander';
import { UserError } from '../util/errors.js';

export function register(program: Command): void {
  program
    .command('record')
    .description('(not built yet)')
    .action(() => {
      throw new UserError('record is not built yet');
    });
}
