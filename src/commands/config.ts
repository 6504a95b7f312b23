import type { Command } from 'commander';
import { UserError } from '../util/errors.js';

export function register(program: Command): void {
  program
    .command('config')
    .description('(not built yet)')
    .action(() => {
      throw new UserError('config is not built yet');
    });
}
