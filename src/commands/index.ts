// Every subcommand of the CLI, in the order `gesturegate --help` lists them.
import type { Command } from 'commander';
import { register as run } from './run.js';
import { register as config } from './config.js';
import { register as detect } from './detect.js';
import { register as record } from './record.js';
import { register as dataset } from './dataset.js';
import { register as train } from './train.js';
import { register as evaluate } from './eval.js';
import { register as convert } from './convert.js';

export type RegisterCommand = (program: Command) => void;

export const commands: RegisterCommand[] = [run, config, detect, record, dataset, train, evaluate, convert];
