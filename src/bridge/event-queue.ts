// A bounded, ordered on-disk queue of messages waiting for the broker: one file per message, named by a
// sequence number, removed once the broker acknowledged it. Survives restarts; beyond `max` the oldest go.
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createLogger } from '../util/log.js';

export interface QueuedMessage {
  seq: number;
  topic: string;
  payload: string;
}

const log = createLogger('mqtt.queue');
const fileName = (seq: number): string => `${String(seq).padStart(12, '0')}.json`;

export class DiskQueue {
  private readonly items: QueuedMessage[] = [];
  private nextSeq = 0;
  /** Messages thrown away because the queue was full. */
  dropped = 0;

  constructor(
    private readonly dir: string,
    private readonly max: number,
  ) {
    mkdirSync(dir, { recursive: true });
    for (const name of readdirSync(dir).filter((n) => /^\d{12}\.json$/.test(n)).sort()) {
      try {
        const { topic, payload } = JSON.parse(readFileSync(join(dir, name), 'utf8')) as QueuedMessage;
        this.items.push({ seq: Number(name.slice(0, 12)), topic, payload });
      } catch {
        log.warn('unreadable queued message removed', { file: name });
        rmSync(join(dir, name), { force: true });
      }
    }
    this.nextSeq = (this.items.at(-1)?.seq ?? -1) + 1;
    if (this.items.length) log.info('queued messages from a previous run', { count: this.items.length });
  }

  get size(): number {
    return this.items.length;
  }

  push(topic: string, payload: string): void {
    const item = { seq: this.nextSeq++, topic, payload };
    const path = join(this.dir, fileName(item.seq));
    // Write then rename: a crash never leaves half a message under a queue name.
    writeFileSync(`${path}.tmp`, JSON.stringify(item));
    renameSync(`${path}.tmp`, path);
    this.items.push(item);
    while (this.items.length > this.max) {
      const oldest = this.items.shift()!;
      rmSync(join(this.dir, fileName(oldest.seq)), { force: true });
      this.dropped++;
    }
  }

  peek(): QueuedMessage | undefined {
    return this.items[0];
  }

  /** Removes the message once delivered (no-op if it was dropped meanwhile). */
  remove(seq: number): void {
    const at = this.items.findIndex((i) => i.seq === seq);
    if (at >= 0) this.items.splice(at, 1);
    rmSync(join(this.dir, fileName(seq)), { force: true });
  }
}
