// Every config key with its default and description, read from the zod schema itself so docs cannot drift.
import { z } from 'zod';
import { configSchema } from './schema.js';

export interface ConfigKeyDoc {
  key: string;
  default: unknown;
  description: string;
}

interface JsonSchemaNode {
  description?: string;
  properties?: Record<string, JsonSchemaNode>;
}

export function listConfigKeys(): ConfigKeyDoc[] {
  const defaults = configSchema.parse({}) as unknown;
  const root = z.toJSONSchema(configSchema, { io: 'input', unrepresentable: 'any' }) as JsonSchemaNode;
  const keys: ConfigKeyDoc[] = [];
  const walk = (node: JsonSchemaNode, path: string[], value: unknown): void => {
    for (const [name, child] of Object.entries(node.properties ?? {})) {
      const childValue = (value as Record<string, unknown> | undefined)?.[name];
      if (child.properties) walk(child, [...path, name], childValue);
      else keys.push({ key: [...path, name].join('.'), default: childValue, description: child.description ?? '' });
    }
  };
  walk(root, [], defaults);
  return keys;
}
