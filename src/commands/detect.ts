import type { Command } from 'commander';
import { UserError } from '../util/errors.js';

export function register(program: Command): void {
  program
    .command('detect')
    .description('(not built yet)')
    .action(() => {
      throw new UserError('detect is not built yet');
    });
}
