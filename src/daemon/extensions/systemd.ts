// systemd integration: READY=1 once the first frame went through (or source.openTimeoutMs after the
// start without one: a camera that is away is reconnected while the page and MQTT serve), STATUS= lines
// for `systemctl status`, STOPPING=1 on shutdown, and the watchdog (WatchdogSec= in the unit).
//
// The watchdog is fed only while the main loop makes progress: a beat is sent when a frame went
// through the whole pipeline since the last beat, or when there is legitimately nothing to process
// (the camera is being reopened with backoff). A loop stuck in a stage (a hung inference, a read
// that never returns) or a blocked event loop stops the beats, and systemd kills and restarts us.
import type { SourceState, SourceStatus } from '../../capture/frame-grabber.js';
import type { Extension, ExtensionContext } from '../extension.js';
import { connectServiceManager, type ServiceManager } from './sd-notify.js';

/** Source states in which no frames are expected, so an idle loop is not a stalled one. */
const IDLE_SOURCE_STATES: ReadonlySet<SourceState> = new Set(['opening', 'reconnecting']);
/** How often STATUS= is refreshed while running. */
const STATUS_INTERVAL_MS = 10_000;
/** How long READY=1 waits for a first frame when source.openTimeoutMs is 0 (no stream check). */
const READY_WAIT_MS = 10_000;

export interface WatchdogState {
  /** Frames processed since the previous beat. */
  framesSinceBeat: number;
  sourceState: SourceState;
}

/** Whether the loop counts as alive for one watchdog beat. */
export function loopIsAlive(state: WatchdogState): boolean {
  return state.framesSinceBeat > 0 || IDLE_SOURCE_STATES.has(state.sourceState);
}

/** The one-line STATUS= text `systemctl status gesturegate` shows. */
export function describeForSystemctl(fps: number, hands: number, source: SourceStatus): string {
  if (source.state === 'running') return `running: ${fps.toFixed(1)} fps, ${hands} hand${hands === 1 ? '' : 's'}`;
  const error = source.lastError ? `: ${source.lastError}` : '';
  return `camera ${source.state} (${source.reconnects} reconnects)${error}`.slice(0, 200);
}

export function createSystemdExtension(context: ExtensionContext, manager = connectServiceManager()): Extension<'systemd'> {
  const { bus, log } = context;
  const unsubscribe: (() => void)[] = [];
  const timers: NodeJS.Timeout[] = [];
  const watchdog: WatchdogState = { framesSinceBeat: 0, sourceState: 'opening' };
  let beatsSent = 0;
  let beatsWithheld = 0;

  let notifyFailing = false;
  const notify = (sd: ServiceManager, state: string): void => {
    const delivered = sd.notify(state);
    // Once per failure streak: a vanished socket would otherwise log every beat.
    if (!delivered && !notifyFailing) log.warn('sd_notify failed', { state: state.split('=')[0], socket: process.env.NOTIFY_SOCKET });
    if (delivered && notifyFailing) log.info('sd_notify works again');
    notifyFailing = !delivered;
  };
  const refreshStatus = (sd: ServiceManager): void => {
    const status = context.status();
    notify(sd, `STATUS=${describeForSystemctl(status.pipeline.fps, status.hands.length, status.source)}`);
  };

  return {
    name: 'systemd',
    async start() {
      if (!manager) return;
      const sd = manager;
      let readySent = false;
      const ready = (why: string): void => {
        if (readySent) return;
        readySent = true;
        notify(sd, 'READY=1');
        log.info('ready', { why });
      };
      unsubscribe.push(
        bus.on('frameProcessed', () => {
          watchdog.framesSinceBeat++;
          ready('first frame');
        }),
        bus.on('sourceState', (source) => {
          watchdog.sourceState = source.state;
          refreshStatus(sd);
        }),
        bus.on('ready', () => {
          refreshStatus(sd);
          timers.push(setInterval(() => refreshStatus(sd), STATUS_INTERVAL_MS).unref());
          const waitMs = context.config.source.openTimeoutMs || READY_WAIT_MS;
          timers.push(setTimeout(() => ready(`no frame within ${waitMs / 1000} s`), waitMs).unref());
        }),
        bus.on('stopping', ({ reason }) => notify(sd, `STOPPING=1\nSTATUS=stopping: ${reason}`)),
      );
      if (sd.watchdogMs !== undefined) {
        // Three chances per interval, so one late timer does not cost a restart.
        const everyMs = Math.max(sd.watchdogMs / 3, 50);
        timers.push(
          setInterval(() => {
            if (loopIsAlive(watchdog)) {
              notify(sd, 'WATCHDOG=1');
              beatsSent++;
            } else if (beatsWithheld++ % 10 === 0) {
              log.warn('main loop made no progress: watchdog not fed', { sourceState: watchdog.sourceState, watchdogMs: sd.watchdogMs });
            }
            watchdog.framesSinceBeat = 0;
          }, everyMs).unref(),
        );
      }
      log.info('systemd integration on', { watchdogMs: sd.watchdogMs ?? null });
    },
    async stop() {
      for (const off of unsubscribe.splice(0)) off();
      // clearInterval clears timeouts too (one timer ID space).
      for (const timer of timers.splice(0)) clearInterval(timer);
    },
    status() {
      return manager ? { watchdogMs: manager.watchdogMs ?? null, beatsSent, beatsWithheld } : { active: false };
    },
  };
}
