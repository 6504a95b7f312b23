// An extension is one concern of the daemon (MQTT, status page, health, ...) that listens to the bus.
import type { DaemonConfig } from '../config/schema.js';
import type { Logger } from '../util/log.js';
import type { DaemonBus } from './bus.js';
import type { DaemonStatus } from './status.js';

export interface ExtensionContext {
  config: DaemonConfig;
  bus: DaemonBus;
  log: Logger;
  /** The daemon's status snapshot, including every extension's own section. */
  status(): DaemonStatus;
  /** The running extension with this name, if any (e.g. the status page asking the recorder). */
  extension<T extends Extension>(name: string): T | undefined;
}

export interface Extension {
  readonly name: string;
  /** Called in order before the first frame; may throw a UserError to refuse to start. */
  start(): Promise<void>;
  /** Called in reverse order on shutdown; should finish within a second. */
  stop(): Promise<void>;
  /** This extension's part of /api/status, under its name. */
  status?(): unknown;
}

export type ExtensionFactory = (context: ExtensionContext) => Extension;
