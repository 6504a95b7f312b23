// Home Assistant MQTT discovery: one device with an event entity for gestures, a binary sensor for
// "handshake in progress" and a sensor for hands in view. All read our own state/event topics.
import type { Topics } from './topics.js';

export interface DiscoveryDevice {
  id: string;
  name: string;
  version: string;
}

export interface DiscoveryMessage {
  topic: string;
  payload: Record<string, unknown>;
}

export function discoveryMessages(
  discoveryPrefix: string,
  topics: Topics,
  device: DiscoveryDevice,
  gestureLabels: readonly string[],
): DiscoveryMessage[] {
  const node = `gesturegate_${device.id}`;
  const common = {
    availability_topic: topics.availability,
    payload_available: 'online',
    payload_not_available: 'offline',
    device: {
      identifiers: [node],
      name: device.name,
      manufacturer: 'gesturegate',
      model: 'doorway gesture camera',
      sw_version: device.version,
    },
    qos: 1,
  };
  return [
    {
      topic: `${discoveryPrefix}/event/${node}/gesture/config`,
      payload: {
        ...common,
        name: 'Gesture',
        unique_id: `${node}_gesture`,
        state_topic: topics.event,
        event_types: gestureLabels.flatMap((label) => [`${label}_start`, `${label}_end`]),
        icon: 'mdi:gesture',
      },
    },
    {
      topic: `${discoveryPrefix}/binary_sensor/${node}/handshake/config`,
      payload: {
        ...common,
        name: 'Handshake in progress',
        unique_id: `${node}_handshake`,
        state_topic: topics.state,
        value_template: "{{ 'ON' if value_json.handshake else 'OFF' }}",
        icon: 'mdi:handshake',
      },
    },
    {
      topic: `${discoveryPrefix}/sensor/${node}/hands/config`,
      payload: {
        ...common,
        name: 'Hands in view',
        unique_id: `${node}_hands`,
        state_topic: topics.state,
        value_template: '{{ value_json.hands }}',
        state_class: 'measurement',
        icon: 'mdi:hand-back-right',
      },
    },
  ];
}
