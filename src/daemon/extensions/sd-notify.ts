// The service-manager side of systemd's notify protocol (sd_notify(3)): READY=1, WATCHDOG=1, STATUS=...
//
// The protocol is a datagram on an AF_UNIX socket named by $NOTIFY_SOCKET, and Node has no unix
// datagram sockets. We call libsystemd's own sd_notify() through koffi (already a dependency, with
// prebuilt binaries for arm64 and armhf) instead of spawning `systemd-notify`: the message then comes
// from the daemon's own PID, so the unit can keep NotifyAccess=main, and there is no race where a
// short-lived helper exits before systemd has attributed its message to the unit (systemd < 246).
import { createRequire } from 'node:module';
import { UserError } from '../../util/errors.js';

export interface ServiceManager {
  /** Sends one notify message (e.g. 'READY=1', 'STATUS=...'); returns false if it was not delivered. */
  notify(state: string): boolean;
  /** The watchdog interval systemd expects us to beat within (WatchdogSec=), or undefined when off. */
  readonly watchdogMs: number | undefined;
}

type SdNotify = (unsetEnvironment: number, state: string) => number;
type SdWatchdogEnabled = (unsetEnvironment: number, usec: [number | bigint]) => number;

/**
 * Connects to systemd when we were started by it as a Type=notify service ($NOTIFY_SOCKET is set),
 * otherwise returns undefined and the daemon runs as a plain process. libsystemd reads $NOTIFY_SOCKET,
 * $WATCHDOG_USEC and $WATCHDOG_PID from the process environment itself.
 */
export function connectServiceManager(): ServiceManager | undefined {
  if (!process.env.NOTIFY_SOCKET) return undefined;
  let sdNotify: SdNotify;
  let sdWatchdogEnabled: SdWatchdogEnabled;
  try {
    const require = createRequire(import.meta.url);
    const koffi = require('koffi') as typeof import('koffi');
    const lib = koffi.load('libsystemd.so.0');
    sdNotify = lib.func('int sd_notify(int unset_environment, const char *state)') as SdNotify;
    sdWatchdogEnabled = lib.func('int sd_watchdog_enabled(int unset_environment, _Out_ uint64_t *usec)') as SdWatchdogEnabled;
  } catch (error) {
    throw new UserError(
      `started by systemd (NOTIFY_SOCKET is set) but libsystemd.so.0 could not be loaded through koffi ` +
        `(${error instanceof Error ? error.message.split('\n')[0] : String(error)}); install libsystemd0`,
    );
  }
  // sd_watchdog_enabled() also checks $WATCHDOG_PID, so a watchdog meant for another process is ignored.
  const usec: [number | bigint] = [0];
  const watchdogMs = sdWatchdogEnabled(0, usec) > 0 ? Number(usec[0]) / 1000 : undefined;
  return {
    notify: (state) => sdNotify(0, state) > 0,
    watchdogMs,
  };
}
