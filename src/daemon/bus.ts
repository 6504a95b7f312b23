// A typed event bus: the controller announces lifecycle and per-frame results; extensions listen.
// A listener that throws is logged and does not stop the loop or other listeners.
import type { SourceStatus } from '../capture/frame-grabber.js';
import type { ActiveGesture } from '../gestures/types.js';
import type { Frame, GestureEvent, HandsResult, StageTimings } from '../types.js';
import { oneLine } from '../util/errors.js';
import { createLogger } from '../util/log.js';

export interface FrameProcessed {
  frame: Frame;
  hands: HandsResult;
  active: ActiveGesture[];
  events: GestureEvent[];
  timings: StageTimings;
}

export interface DaemonEvents {
  /** Everything started: the first frame may follow. */
  ready: { startedAt: number };
  /** The source changed state (opening, running, reconnecting, ended, stopped). */
  sourceState: SourceStatus;
  /** One frame went through the whole pipeline. */
  frameProcessed: FrameProcessed;
  /** A gesture started or ended. */
  gesture: GestureEvent;
  /** Shutdown began (signal, end of a file, or an error). */
  stopping: { reason: string };
  /** Everything closed. */
  stopped: { reason: string };
}

type Listener<T> = (payload: T) => void;
const log = createLogger('bus');

export class DaemonBus {
  private readonly listeners = new Map<keyof DaemonEvents, Set<Listener<never>>>();

  /** Subscribes; returns the function that unsubscribes. */
  on<K extends keyof DaemonEvents>(event: K, listener: Listener<DaemonEvents[K]>): () => void {
    const set = this.listeners.get(event) ?? this.listeners.set(event, new Set()).get(event)!;
    set.add(listener);
    return () => set.delete(listener);
  }

  emit<K extends keyof DaemonEvents>(event: K, payload: DaemonEvents[K]): void {
    for (const listener of (this.listeners.get(event) ?? []) as Set<Listener<DaemonEvents[K]>>) {
      try {
        listener(payload);
      } catch (error) {
        log.error('listener failed', { event, error: oneLine(error) });
      }
    }
  }

  listenerCount(event: keyof DaemonEvents): number {
    return this.listeners.get(event)?.size ?? 0;
  }
}
