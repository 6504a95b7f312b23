// Reads a source in the background and keeps only the newest frame: a slow pipeline skips frames
// (counted as dropped) instead of falling behind. Failed or ended live sources are reopened with backoff.
import type { Frame } from '../types.js';
import { UserError, oneLine } from '../util/errors.js';
import { createLogger } from '../util/log.js';
import { backoffDelayMs } from './backoff.js';
import type { FrameSource, RawFrame } from './frame-source.js';

export type SourceState = 'opening' | 'running' | 'reconnecting' | 'ended' | 'stopped';

export interface SourceStatus {
  state: SourceState;
  description: string;
  /** Frames decoded from the source since start. */
  framesRead: number;
  /** Frames replaced by a newer one before the pipeline took them. */
  framesDropped: number;
  /** Times the source was reopened after a failure. */
  reconnects: number;
  lastError: string | null;
  /** When reconnecting: epoch ms of the next attempt. */
  retryAt: number | null;
}

export interface FrameGrabberOptions {
  reconnectMinMs: number;
  reconnectMaxMs: number;
  /**
   * Wait for the pipeline to take each frame instead of replacing it (files played as fast as
   * possible: nothing is lost and the pipeline sets the pace).
   */
  lossless: boolean;
  onStatus?: (status: SourceStatus) => void;
}

const log = createLogger('capture');

export class FrameGrabber {
  private status: SourceStatus;
  private pending: Frame | null = null;
  private waiter: ((frame: Frame | null) => void) | null = null;
  private taken: (() => void) | null = null;
  private stopping = false;
  private loop: Promise<void> | null = null;
  private sleepTimer: NodeJS.Timeout | null = null;
  private wakeSleep: (() => void) | null = null;
  private nextIndex = 0;

  constructor(
    private readonly source: FrameSource,
    private readonly options: FrameGrabberOptions,
  ) {
    this.status = {
      state: 'opening',
      description: source.description,
      framesRead: 0,
      framesDropped: 0,
      reconnects: 0,
      lastError: null,
      retryAt: null,
    };
  }

  getStatus(): SourceStatus {
    return { ...this.status };
  }

  /** Opens the source and starts reading. A configuration error (UserError) on the first open is thrown. */
  async start(): Promise<void> {
    try {
      await this.source.open();
    } catch (error) {
      if (error instanceof UserError) throw error;
      // Stopped while opening (stop() closed the source, which cancels a stream check): nothing to read.
      if (this.stopping) return;
      this.fail(error);
    }
    if (this.stopping) return;
    this.loop = this.readLoop(this.status.state === 'opening');
  }

  /** The newest frame not yet taken, waiting for one if needed; null once the source ended or stopped. */
  next(): Promise<Frame | null> {
    if (this.pending) {
      const frame = this.pending;
      this.pending = null;
      this.taken?.();
      return Promise.resolve(frame);
    }
    if (this.stopping || this.status.state === 'ended') return Promise.resolve(null);
    return new Promise((resolve) => {
      this.waiter = resolve;
    });
  }

  /** Stops reading, lets a read in flight finish, and closes the source. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.wakeSleep?.();
    this.taken?.();
    this.deliverEnd();
    await this.loop;
    this.source.close();
    this.setState('stopped');
  }

  private async readLoop(opened: boolean): Promise<void> {
    let attempt = 0;
    let isOpen = opened;
    while (!this.stopping) {
      if (!isOpen) {
        await this.sleep(backoffDelayMs(attempt++, this.options.reconnectMinMs, this.options.reconnectMaxMs));
        if (this.stopping) break;
        try {
          this.source.close();
          await this.source.open();
          isOpen = true;
          this.status.reconnects++;
          log.info('source reopened', { source: this.source.description, attempt });
        } catch (error) {
          this.fail(error);
          continue;
        }
      }
      let raw: RawFrame | null;
      try {
        raw = await this.source.read();
      } catch (error) {
        this.fail(error);
        isOpen = false;
        continue;
      }
      if (this.stopping) break;
      if (!raw) {
        if (this.source.finite) {
          this.setState('ended');
          this.deliverEnd();
          return;
        }
        this.fail(new Error('stream ended unexpectedly'));
        isOpen = false;
        continue;
      }
      attempt = 0;
      if (this.status.state !== 'running') {
        this.status.lastError = null;
        this.status.retryAt = null;
        this.setState('running');
      }
      await this.offer(raw);
    }
  }

  private async offer(raw: RawFrame): Promise<void> {
    const skipped = raw.skipped ?? 0;
    this.nextIndex += skipped;
    this.status.framesDropped += skipped;
    this.status.framesRead += skipped + 1;
    const frame: Frame = {
      index: this.nextIndex++,
      timestampMs: raw.timestampMs,
      width: raw.width,
      height: raw.height,
      data: raw.data,
      source: this.source.description,
    };
    if (this.options.lossless) {
      while (this.pending && !this.stopping) {
        await new Promise<void>((resolve) => {
          this.taken = resolve;
        });
        this.taken = null;
      }
      if (this.stopping) return;
    }
    if (this.waiter) {
      const waiter = this.waiter;
      this.waiter = null;
      waiter(frame);
      return;
    }
    if (this.pending) this.status.framesDropped++;
    this.pending = frame;
  }

  private fail(error: unknown): void {
    this.status.lastError = oneLine(error);
    log.warn('source failed', { source: this.source.description, error: this.status.lastError });
    this.setState('reconnecting');
  }

  private deliverEnd(): void {
    const waiter = this.waiter;
    this.waiter = null;
    waiter?.(null);
  }

  private sleep(ms: number): Promise<void> {
    this.status.retryAt = Date.now() + ms;
    return new Promise<void>((resolve) => {
      this.wakeSleep = resolve;
      this.sleepTimer = setTimeout(resolve, ms);
    }).then(() => {
      if (this.sleepTimer) clearTimeout(this.sleepTimer);
      this.wakeSleep = null;
    });
  }

  private setState(state: SourceState): void {
    const changed = this.status.state !== state;
    this.status.state = state;
    if (changed || state === 'reconnecting') this.options.onStatus?.(this.getStatus());
  }
}
