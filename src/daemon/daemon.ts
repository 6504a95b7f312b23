// Puts the daemon together: the pipeline parts from the config and the standard extensions, in start order.
import type { DaemonConfig } from '../config/schema.js';
import { Controller } from './controller.js';
import type { ExtensionFactory } from './extension.js';
import { frontendExtension } from './extensions/frontend/index.js';
import { healthExtension } from './extensions/health.js';
import { homeAssistantExtension } from './extensions/home-assistant.js';
import { mqttExtension } from './extensions/mqtt.js';
import { recorderExtension } from './extensions/recorder.js';
import { stateLockExtension } from './extensions/state-lock.js';
import { createPipelineParts, type PipelineParts } from './parts.js';

/**
 * The state-directory lock before anything touches the directory, health next (its readings feed the
 * others), the recorder before the status page that drives it,
 * MQTT before Home Assistant discovery (which publishes through it) and before the page, so the page
 * shows the connection from the start. Further extensions (e.g. the
 * systemd watchdog) are appended by the caller.
 */
export function standardExtensions(labels: () => string[]): ExtensionFactory[] {
  return [stateLockExtension, healthExtension, recorderExtension, mqttExtension, homeAssistantExtension(labels), frontendExtension];
}

export async function createDaemon(config: DaemonConfig, extra: ExtensionFactory[] = [], parts?: PipelineParts): Promise<Controller> {
  const resolved = parts ?? (await createPipelineParts(config));
  return new Controller(config, resolved, [...standardExtensions(() => resolved.pipeline.gestureLabels), ...extra]);
}
