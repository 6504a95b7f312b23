// An extension is one concern of the daemon (MQTT, status page, health, ...) that listens to the bus.
// Its contracts are typed here: what each standard extension reports under its name in /api/status
// (ExtensionStatusMap), and what extensions offer one another (ExtensionServices: the MQTT bridge, the
// recorder), handed through the context rather than looked up by name and cast.
import type { MqttBridge } from '../bridge/mqtt-bridge.js';
import type { DaemonConfig } from '../config/schema.js';
import type { Logger } from '../util/log.js';
import type { DaemonBus } from './bus.js';
import type { HealthReading } from './extensions/health.js';
import type { MqttExtensionStatus } from './extensions/mqtt.js';
import type { Recorder, RecordingState } from './extensions/recorder.js';
import type { DaemonStatus } from './status.js';

/** Each standard extension's section of the status, by extension name. */
export interface ExtensionStatusMap {
  /** The latest device reading, null before the first. */
  health: HealthReading | null;
  recorder: RecordingState & { dir: string };
  mqtt: MqttExtensionStatus | { enabled: false };
  homeAssistant: { enabled: boolean; announced: number };
  frontend: { url: string | null; liveViewWatchers: number; liveFramesSent: number; eventStreams: number };
  systemd: { watchdogMs: number | null; beatsSent: number; beatsWithheld: number } | { active: false };
}

export type ExtensionName = keyof ExtensionStatusMap;

/** The status sections of the running extensions: the standard ones typed, others (added by the caller) unknown. */
export type ExtensionStatuses = Partial<ExtensionStatusMap> & Record<string, unknown>;

/** What extensions offer one another, by service name. */
export interface ExtensionServices {
  /** The MQTT bridge, while MQTT is enabled and started (Home Assistant discovery publishes through it). */
  mqttBridge: MqttBridge;
  /** Clip recording from the daemon's own frames (driven by the status page). */
  recorder: Recorder;
}

export interface ExtensionContext {
  config: DaemonConfig;
  bus: DaemonBus;
  log: Logger;
  /** The daemon's status snapshot, including every extension's own section. */
  status(): DaemonStatus;
  /** Offers a service to the other extensions; `get` answers null or undefined while it is not available. */
  provide<K extends keyof ExtensionServices>(name: K, get: () => ExtensionServices[K] | null | undefined): void;
  /** A service another extension offers, if it is running and offers it now. */
  service<K extends keyof ExtensionServices>(name: K): ExtensionServices[K] | undefined;
}

export interface Extension<N extends string = string> {
  readonly name: N;
  /** Called in order before the first frame; may throw a UserError to refuse to start. */
  start(): Promise<void>;
  /** Called in reverse order on shutdown; should finish within a second. */
  stop(): Promise<void>;
  /** This extension's part of /api/status, under its name (typed by ExtensionStatusMap for the standard ones). */
  status?(): N extends ExtensionName ? ExtensionStatusMap[N] : unknown;
}

export type ExtensionFactory = (context: ExtensionContext) => Extension;
