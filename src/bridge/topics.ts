// Topic names: everything lives under <prefix>/<device>/.
export interface Topics {
  base: string;
  availability: string;
  state: string;
  event: string;
  stats: string;
}

export function topicsFor(prefix: string, deviceId: string): Topics {
  const base = `${prefix.replace(/\/+$/, '')}/${deviceId}`;
  return {
    base,
    availability: `${base}/availability`,
    state: `${base}/state`,
    event: `${base}/event`,
    stats: `${base}/stats`,
  };
}
