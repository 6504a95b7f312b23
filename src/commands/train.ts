import type { Command } from 'commander';
import { UserError } from '../util/errors.js';

export function register(program: Command): void {
  program
    .command('train')
    .description('(not built yet)')
    .action(() => {
      throw new UserError('train is not built yet');
    });
}
