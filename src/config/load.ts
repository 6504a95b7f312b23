// Reads the YAML config, lays CLI overrides on top and validates the result; every error names its key.
import { existsSync, readFileSync } from 'node:fs';
import { parseDocument, stringify as stringifyYaml, YAMLError } from 'yaml';
import type { z } from 'zod';
import { UserError } from '../util/errors.js';
import { maskCredentials } from '../util/url.js';
import { configSchema, type DaemonConfig } from './schema.js';

/** Where the daemon looks when no --config is given, first match wins. */
export const defaultConfigPaths = ['gesturegate.yaml', '/etc/gesturegate/config.yaml'];

export type ConfigOverrides = { [key: string]: unknown };

export interface LoadedConfig {
  config: DaemonConfig;
  /** The file read, or null when running on defaults. */
  path: string | null;
}

/** One line per problem: `mqtt.url: expected ...`. */
export function describeIssues(issues: readonly z.core.$ZodIssue[]): string {
  return issues
    .map((issue) => {
      const key = issue.path.map(String).join('.') || '(top level)';
      // A section's own message (e.g. the gestures section listing the built-in names) says more than ours.
      if (issue.code === 'unrecognized_keys' && issue.message.startsWith('Unrecognized key')) {
        const prefix = issue.path.length ? `${key}.` : '';
        return `${issue.keys.map((k) => prefix + k).join(', ')}: unknown key`;
      }
      return `${key}: ${issue.message}`;
    })
    .join('; ');
}

/** Deep-merges plain objects; arrays and scalars in `over` replace those in `base`. */
export function mergeConfig(base: unknown, over: unknown): unknown {
  if (!isPlainObject(base) || !isPlainObject(over)) return over === undefined ? base : over;
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(over)) out[key] = mergeConfig(base[key], value);
  return out;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Validates a config object (already parsed from YAML and merged with overrides). */
export function validateConfig(raw: unknown, origin: string): DaemonConfig {
  const result = configSchema.safeParse(raw ?? {});
  if (!result.success) throw new UserError(`invalid config (${origin}): ${describeIssues(result.error.issues)}`);
  return result.data;
}

export function readConfigFile(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new UserError(`cannot read config ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  const describe = (error: unknown): UserError => {
    const start = error instanceof YAMLError ? error.linePos?.[0] : undefined;
    const where = start ? ` at line ${start.line}, column ${start.col}` : '';
    // The library's first line ends with its own "at line L, column C:" ahead of an excerpt left out here.
    const message = (error as Error).message.split('\n')[0]!.replace(/ at line \d+, column \d+:$/, '');
    return new UserError(`config ${path} is not valid YAML${where}: ${message}`);
  };
  let content: unknown;
  try {
    // Warnings (an ambiguous anchor, say) are refused too: the file would not mean what it seems to.
    const document = parseDocument(text, { logLevel: 'silent' });
    const problem = document.errors[0] ?? document.warnings[0];
    if (problem) throw problem;
    content = document.toJS() ?? {};
  } catch (error) {
    throw describe(error);
  }
  // Overrides merged onto a list or a scalar would replace it, and the daemon would run on defaults.
  if (!isPlainObject(content)) {
    const got = Array.isArray(content) ? 'a list' : `a ${typeof content}`;
    throw new UserError(`invalid config (${path}): (top level): expected a mapping of sections (device, source, …), got ${got}`);
  }
  return content;
}

/** The config file to read: the one given, $GESTUREGATE_CONFIG, or the first default path that exists. */
export function findConfigFile(path: string | undefined): string | null {
  return path ?? process.env.GESTUREGATE_CONFIG ?? defaultConfigPaths.find((p) => existsSync(p)) ?? null;
}

/**
 * The effective config: the file given (or the first default path that exists, or none),
 * with `overrides` (from CLI flags) on top.
 */
export function loadConfig(path: string | undefined, overrides: ConfigOverrides = {}): LoadedConfig {
  const chosen = findConfigFile(path);
  const fromFile = chosen ? readConfigFile(chosen) : {};
  const config = validateConfig(mergeConfig(fromFile, overrides), chosen ?? 'defaults');
  return { config, path: chosen };
}

/** The config to show a person (`config --print`): URL passwords, the broker password and the status token as ***. */
export function withSecretsMasked(config: DaemonConfig): DaemonConfig {
  const hidden = (secret: string | null): string | null => (secret === null ? null : '***');
  return {
    ...config,
    source: { ...config.source, uri: maskCredentials(config.source.uri) },
    mqtt: { ...config.mqtt, url: config.mqtt.url === null ? null : maskCredentials(config.mqtt.url), password: hidden(config.mqtt.password) },
    status: { ...config.status, token: hidden(config.status.token) },
  };
}

export function configToYaml(config: DaemonConfig): string {
  return stringifyYaml(config, { nullStr: 'null' });
}
