// Home Assistant MQTT discovery: one device with an event entity for gestures, a binary sensor for
// "handshake in progress" and sensors for hands and people in view. All read our own state/event topics.
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

export function discoveryMessages(discoveryPrefix: string, topics: Topics, device: DiscoveryDevice, gestureLabels: readonly string[]): DiscoveryMessage[] {
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
  const entity = (component: string, key: string, name: string, fields: Record<string, unknown>): DiscoveryMessage => ({
    topic: `${discoveryPrefix}/${component}/${node}/${key}/config`,
    payload: { ...common, name, unique_id: `${node}_${key}`, ...fields },
  });
  return [
    entity('event', 'gesture', 'Gesture', {
      state_topic: topics.event,
      event_types: gestureLabels.flatMap((label) => [`${label}_start`, `${label}_end`]),
      icon: 'mdi:gesture',
    }),
    entity('binary_sensor', 'handshake', 'Handshake in progress', {
      state_topic: topics.state,
      value_template: "{{ 'ON' if value_json.handshake else 'OFF' }}",
      // Who is shaking hands, as the sensor's `people` attribute (person track IDs).
      json_attributes_topic: topics.state,
      json_attributes_template: '{{ {"people": value_json.handshake_people} | tojson }}',
      icon: 'mdi:handshake',
    }),
    entity('sensor', 'hands', 'Hands in view', {
      state_topic: topics.state,
      value_template: '{{ value_json.hands }}',
      state_class: 'measurement',
      icon: 'mdi:hand-back-right',
    }),
    entity('sensor', 'persons', 'People in view', {
      state_topic: topics.state,
      value_template: '{{ value_json.persons }}',
      state_class: 'measurement',
      icon: 'mdi:account-multiple',
    }),
  ];
}
