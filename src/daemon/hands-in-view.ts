// Which hands count as in view for the status page and the MQTT state: the tracker's confirmed
// tracks, which are held through a frame or two without the hand, so the count does not flicker.
import type { Handedness, HandsResult } from '../types.js';

export interface HandInView {
  trackId: number;
  handedness: Handedness;
  /** Presence when it was last seen. */
  presence: number;
}

/** Track IDs of the hands that count: the confirmed tracks, or every hand from a tracker without confirmation. */
export function countedTrackIds(result: HandsResult): number[] {
  return result.confirmedTrackIds ?? result.hands.map((h) => h.trackId);
}

/** Remembers each counted hand's last sighting, for a hand held in the count while missing from a frame. */
export class HandsInView {
  private last = new Map<number, HandInView>();

  update(result: HandsResult): HandInView[] {
    for (const h of result.hands) this.last.set(h.trackId, { trackId: h.trackId, handedness: h.handedness, presence: h.presence });
    const counted = countedTrackIds(result).flatMap((id) => this.last.get(id) ?? []);
    this.last = new Map(counted.map((h) => [h.trackId, h]));
    return counted;
  }
}
