#!/usr/bin/env node
// The one CLI entry (`gesturegate`): each subcommand lives in src/commands/.
import { main } from './commands/program.js';

process.exitCode = await main(process.argv);
