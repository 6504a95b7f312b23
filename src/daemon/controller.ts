// Owns the daemon's lifecycle: starts the extensions, runs the loop
// (source → hand tracker → gesture engine → bus → bridges) and stops everything in order.
import { FrameGrabber } from '../capture/frame-grabber.js';
import { parseSourceSpec } from '../capture/source-spec.js';
import type { DaemonConfig } from '../config/schema.js';
import type { ActiveGesture } from '../gestures/types.js';
import type { Frame, GestureEvent, StageTimings } from '../types.js';
import { oneLine } from '../util/errors.js';
import { createLogger } from '../util/log.js';
import { DaemonBus } from './bus.js';
import type { Extension, ExtensionContext, ExtensionFactory, ExtensionServices, ExtensionStatuses } from './extension.js';
import type { PipelineResult } from './hand-pipeline.js';
import { HandsInView, type HandInView } from './hands-in-view.js';
import type { PipelineParts } from './parts.js';
import { StageStats } from './stage-stats.js';
import type { DaemonState, DaemonStatus } from './status.js';
import { VERSION } from '../version.js';

const RECENT_EVENTS = 20;
const log = createLogger('daemon');

export class Controller {
  readonly bus = new DaemonBus();
  private readonly grabber: FrameGrabber;
  private readonly extensions: Extension[];
  private readonly services = new Map<keyof ExtensionServices, () => unknown>();
  private readonly stats = new StageStats();
  private state: DaemonState = 'starting';
  private startedAt = Date.now();
  private framesProcessed = 0;
  private frameErrors = 0;
  private readonly handsInView = new HandsInView();
  private inView: HandInView[] = [];
  private active: ActiveGesture[] = [];
  private readonly recentEvents: GestureEvent[] = [];
  private readonly eventCounts: Record<string, { start: number; end: number }> = {};
  private loop: Promise<void> | null = null;
  private stopPromise: Promise<void> | null = null;
  private resolveDone!: (reason: string) => void;
  /** Resolves with the reason once the daemon stopped (signal, end of file, error). */
  readonly done = new Promise<string>((resolve) => {
    this.resolveDone = resolve;
  });

  constructor(
    readonly config: DaemonConfig,
    private readonly parts: PipelineParts,
    extensionFactories: ExtensionFactory[],
  ) {
    const { source } = config;
    this.grabber = new FrameGrabber(parts.source, {
      reconnectMinMs: source.reconnectMinMs,
      reconnectMaxMs: source.reconnectMaxMs,
      // A file played as fast as possible: the pipeline sets the pace and no frame is skipped.
      lossless: parseSourceSpec(source.uri).kind === 'file' && !source.realtime,
      onStatus: (status) => {
        // After a gap in the stream old tracks are meaningless.
        if (status.state === 'running' && status.reconnects > 0) parts.pipeline.reset();
        this.bus.emit('sourceState', status);
      },
    });
    const context: ExtensionContext = {
      config,
      bus: this.bus,
      log,
      status: () => this.status(),
      provide: (name, get) => void this.services.set(name, get),
      // provide() stores under each name only a getter of that name's service type.
      service: <K extends keyof ExtensionServices>(name: K) => (this.services.get(name)?.() ?? undefined) as ExtensionServices[K] | undefined,
    };
    this.extensions = extensionFactories.map((create) => create(context));
  }

  get gestureLabels(): string[] {
    return this.parts.pipeline.gestureLabels;
  }

  async start(): Promise<void> {
    this.startedAt = Date.now();
    const started: Extension[] = [];
    try {
      for (const extension of this.extensions) {
        await extension.start();
        started.push(extension);
      }
      await this.grabber.start();
      // A signal while the source was opening: shutdown() is already under way.
      if (this.stopPromise) return;
    } catch (error) {
      for (const extension of started.reverse()) await extension.stop().catch(() => undefined);
      await this.parts.pipeline.close();
      throw error;
    }
    this.state = 'running';
    this.bus.emit('ready', { startedAt: this.startedAt });
    log.info('running', { source: this.parts.source.description, extensions: this.extensions.map((e) => e.name) });
    this.loop = this.runLoop();
  }

  private async runLoop(): Promise<void> {
    for (let frame = await this.grabber.next(); frame; frame = await this.grabber.next()) {
      await this.processFrame(frame);
      if (this.state !== 'running') return;
    }
    if (this.state === 'running') void this.stop('source ended');
  }

  private async processFrame(taken: Frame): Promise<void> {
    const startedAt = performance.now();
    let result: PipelineResult;
    try {
      result = await this.parts.pipeline.process(taken);
    } catch (error) {
      // One bad frame must not end the daemon; a stage failing on every frame shows in the counter.
      if (this.frameErrors++ % 100 === 0) log.error('frame failed', { frame: taken.index, error: oneLine(error), errors: this.frameErrors });
      return;
    }
    const { frame, hands, events, active } = result;
    const timings: StageTimings = { capture: startedAt - frame.timestampMs, ...hands.timings, gestures: result.gesturesMs };
    const eventsStart = performance.now();
    this.announce(events);
    timings.events = performance.now() - eventsStart;
    timings.total = performance.now() - frame.timestampMs;
    this.inView = this.handsInView.update(hands);
    this.active = active;
    this.framesProcessed++;
    this.stats.add(performance.now(), timings, hands.detectionRan);
    this.bus.emit('frameProcessed', { frame, hands, active, events, timings });
  }

  private announce(events: readonly GestureEvent[]): void {
    for (const event of events) {
      (this.eventCounts[event.label] ??= { start: 0, end: 0 })[event.phase]++;
      this.recentEvents.unshift(event);
      this.bus.emit('gesture', event);
    }
    this.recentEvents.length = Math.min(this.recentEvents.length, RECENT_EVENTS);
  }

  /** Finishes the frame in progress, stops the extensions (MQTT flushes), closes the camera. Idempotent. */
  stop(reason: string): Promise<void> {
    this.stopPromise ??= this.shutdown(reason);
    return this.stopPromise;
  }

  private async shutdown(reason: string): Promise<void> {
    log.info('stopping', { reason });
    this.state = 'stopping';
    this.bus.emit('stopping', { reason });
    await this.grabber.stop();
    await this.loop;
    // Gestures under way end with the daemon: subscribers get their end events before MQTT closes.
    this.announce(await this.parts.pipeline.finish(performance.now()));
    this.active = [];
    for (const extension of [...this.extensions].reverse()) {
      try {
        await extension.stop();
      } catch (error) {
        log.warn('extension did not stop cleanly', { extension: extension.name, error: oneLine(error) });
      }
    }
    await this.parts.pipeline.close();
    this.state = 'stopped';
    this.bus.emit('stopped', { reason });
    this.resolveDone(reason);
  }

  status(): DaemonStatus {
    const source = this.grabber.getStatus();
    const extensions: ExtensionStatuses = {};
    for (const e of this.extensions) if (e.status) extensions[e.name] = e.status();
    return {
      device: { id: this.config.device.id, name: this.config.device.name },
      version: VERSION,
      state: this.state,
      startedAt: this.startedAt,
      uptimeS: Math.round((Date.now() - this.startedAt) / 1000),
      source,
      pipeline: {
        fps: Math.round(this.stats.fps() * 10) / 10,
        framesProcessed: this.framesProcessed,
        framesDropped: source.framesDropped,
        frameErrors: this.frameErrors,
        detectionRate: Math.round(this.stats.detectionRate() * 1000) / 1000,
        stages: this.stats.stages(),
      },
      models: this.parts.pipeline.models,
      hands: this.inView.map((h) => ({ ...h })),
      active: this.active.map((g) => ({ id: g.id, label: g.label, hands: g.hands, score: g.score })),
      recentEvents: [...this.recentEvents],
      eventCounts: structuredClone(this.eventCounts),
      extensions,
    };
  }
}
