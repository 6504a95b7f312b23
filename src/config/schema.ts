// The one daemon config: each area contributes its own zod section, composed here.
import { z } from 'zod';
import { gesturesSection } from '../gestures/config.js';
import { inferenceOptionsSchema } from '../inference/options.js';
import { deviceSection, healthSection, logSection, mqttSection, sourceSection, statusSection } from './sections.js';

export const configSchema = z
  .object({
    device: deviceSection.prefault({}),
    source: sourceSection.prefault({}),
    inference: inferenceOptionsSchema,
    gestures: gesturesSection,
    mqtt: mqttSection.prefault({}),
    status: statusSection.prefault({}),
    health: healthSection.prefault({}),
    log: logSection.prefault({}),
  })
  .strict();

export type DaemonConfig = z.infer<typeof configSchema>;
export type SourceConfig = DaemonConfig['source'];
export type MqttConfig = DaemonConfig['mqtt'];
export type StatusConfig = DaemonConfig['status'];
