// A bounded, ordered on-disk queue of messages waiting for the broker: one file per message, named by a
// sequence number, removed once the broker acknowledged it. Survives restarts; beyond `max` the oldest go.
// Files that do not hold a message we could send (unreadable, a wildcard topic, no payload) are moved to
// rejected/ when read, so one bad file cannot block everything queued after it.
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { oneLine } from '../util/errors.js';
import { createLogger } from '../util/log.js';

export interface QueuedMessage {
  seq: number;
  topic: string;
  payload: string;
}

/** Why a queued message cannot be sent, or null when it can. */
export type QueueCheck = (message: { topic: unknown; payload: unknown }) => string | null;

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

  /** Files moved to rejected/ when the queue was read. */
  rejected = 0;

  constructor(
    private readonly dir: string,
    private readonly max: number,
    check: QueueCheck,
  ) {
    let names: string[] = [];
    try {
      mkdirSync(dir, { recursive: true });
      names = readdirSync(dir)
        .filter((n) => /^\d{12}\.json$/.test(n))
        .sort();
    } catch (error) {
      this.diskFailed('open', error);
    }
    const rejected: { file: string; reason: string }[] = [];
    for (const name of names) {
      let reason: string | null;
      let message: { topic: unknown; payload: unknown } = { topic: undefined, payload: undefined };
      try {
        message = JSON.parse(readFileSync(join(dir, name), 'utf8')) as typeof message;
        reason = check(message ?? {});
      } catch {
        reason = 'not readable JSON';
      }
      if (reason === null) this.items.push({ seq: Number(name.slice(0, 12)), topic: message.topic as string, payload: message.payload as string });
      else rejected.push({ file: name, reason });
    }
    if (rejected.length) this.setAside(rejected);
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

  /** Moves the files to rejected/ (for a person to look at) with one warning for all of them. */
  private setAside(files: { file: string; reason: string }[]): void {
    const aside = join(this.dir, 'rejected');
    try {
      mkdirSync(aside, { recursive: true });
      for (const { file } of files) renameSync(join(this.dir, file), join(aside, file));
    } catch (error) {
      this.diskFailed('set aside', error);
      for (const { file } of files) this.removeFile(file);
    }
    this.rejected = files.length;
    log.warn('queued messages that cannot be sent set aside', { count: files.length, first: files[0], dir: aside });
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
