// `npm run bench [-- NAME ...]`: runs the named benchmarks (default: all) one after another.
// Each bench/NAME.ts exports `run(): Promise<void>` that prints its own side-by-side table.
import { readdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const available = readdirSync(here)
  .filter((f) => f.endsWith('.js') && f !== 'run.js')
  .map((f) => f.slice(0, -3))
  .sort();
const wanted = process.argv.slice(2);
const unknown = wanted.filter((name) => !available.includes(name));
if (unknown.length) {
  process.stderr.write(`bench: unknown benchmark ${unknown.join(', ')} (have: ${available.join(', ')})\n`);
  process.exit(2);
}
for (const name of wanted.length ? wanted : available) {
  process.stdout.write(`\n## ${name}\n`);
  const bench = (await import(`./${name}.js`)) as { run: () => Promise<void> };
  await bench.run();
}
