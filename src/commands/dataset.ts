import type { Command } from 'commander';
import { UserError } from '../util/errors.js';

export function register(program: Command): void {
  program
    .command('dataset')
    .description('(not built yet)')
    .action(() => {
      throw new UserError('dataset is not built yet');
    });
}
