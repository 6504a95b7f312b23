// A bounded, ordered on-disk queue of messages waiting for the broker: one file per message, named by a
// sequence number, removed once the broker acknowledged it. Survives restarts; beyond `max` the oldest go.
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { oneLine } from '../util/errors.js';
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
  /** Messages that could not be written to disk (full or read-only): kept in memory only, lost on restart. */
  writeErrors = 0;
  /** The disk error of the current failure streak, logged once when it starts. */
  private failing: string | null = null;

  constructor(
    private readonly dir: string,
    private readonly max: number,
  ) {
    let names: string[] = [];
    try {
      mkdirSync(dir, { recursive: true });
      names = readdirSync(dir).filter((n) => /^\d{12}\.json$/.test(n)).sort();
    } catch (error) {
      this.diskFailed('open', error);
    }
    for (const name of names) {
      try {
        const { topic, payload } = JSON.parse(readFileSync(join(dir, name), 'utf8')) as QueuedMessage;
        this.items.push({ seq: Number(name.slice(0, 12)), topic, payload });
      } catch {
        log.warn('unreadable queued message removed', { file: name });
        this.removeFile(name);
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
    try {
      // Write then rename: a crash never leaves half a message under a queue name.
      writeFileSync(`${path}.tmp`, JSON.stringify(item));
      renameSync(`${path}.tmp`, path);
      if (this.failing) log.info('queue disk writable again', { after: this.failing, unsaved: this.writeErrors });
      this.failing = null;
    } catch (error) {
      // Full or read-only disk: the message still waits in memory for the broker.
      this.writeErrors++;
      this.diskFailed('write', error);
      this.removeFile(`${fileName(item.seq)}.tmp`);
    }
    this.items.push(item);
    while (this.items.length > this.max) {
      const oldest = this.items.shift()!;
      this.removeFile(fileName(oldest.seq));
      this.dropped++;
      if (this.dropped === 1 || this.dropped % 100 === 0) log.warn('queue full: oldest messages dropped', { dropped: this.dropped, max: this.max });
    }
  }

  peek(): QueuedMessage | undefined {
    return this.items[0];
  }

  /** Removes the message once delivered (no-op if it was dropped meanwhile). */
  remove(seq: number): void {
    const at = this.items.findIndex((i) => i.seq === seq);
    if (at >= 0) this.items.splice(at, 1);
    this.removeFile(fileName(seq));
  }

  private removeFile(name: string): void {
    try {
      rmSync(join(this.dir, name), { force: true });
    } catch (error) {
      // A file left behind is sent again after a restart; subscribers deduplicate by event ID.
      this.diskFailed('remove', error);
    }
  }

  /** Logs the first disk error of a streak (a full disk fails every write; one line says so). */
  private diskFailed(operation: string, error: unknown): void {
    const code = (error as NodeJS.ErrnoException).code ?? oneLine(error);
    if (this.failing === code) return;
    this.failing = code;
    log.error('queue disk failing: messages are kept in memory only until it recovers', { operation, error: code, dir: this.dir });
  }
}
