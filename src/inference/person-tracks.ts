// Person track IDs, all in one place so that a generic tracker can replace it: tracked people are
// followed from their own landmarks (the pose model runs on the region they give), new people come
// from the person detector, duplicates are dropped, and a person who reappears where a track was just
// lost (occlusion, a missed frame) gets that track's ID back instead of a new one.
//
// New detections are matched to tracked people by face, not by region: the detector's box is the face,
// and person regions are large (an upper body in view gets a full-body region reaching far out of the
// frame), so two people side by side have heavily overlapping regions but separate faces.
import type { Box, HandRegion } from '../types.js';
import { intersectionOverUnion, overlapOfSmaller } from './nms.js';

export interface PersonTrack {
  id: number;
  /** Where to run the pose model in the next frame. */
  region: HandRegion;
  /** Box around the face landmarks, to recognise the person in a new detection. */
  face: Box;
  /** Person detection score when the track was (re)found. */
  detectionScore: number;
}

/** A region the pose model ran on this frame: a tracked person's, or a new detection's (`track` undefined). */
export interface PersonCandidate {
  track: PersonTrack | undefined;
  region: HandRegion;
  detectionScore: number;
}

/** A person detection: its face box and the region it gives. */
export interface DetectedPerson {
  region: HandRegion;
  face: Box;
  detectionScore: number;
}

/** What the pose model found in a candidate region. */
export interface FoundPerson {
  candidate: PersonCandidate;
  /** Box around the person's landmarks, for duplicates and re-identification. */
  box: Box;
  /** Box around the face landmarks. */
  face: Box;
  /** Region for the next frame (from the landmarks). */
  nextRegion: HandRegion;
}

/**
 * The people to keep when two are one, earlier ones winning: landmark boxes overlapping by more than
 * maxOverlap (IoU; two regions converged on one person), or a face lying on an earlier one's face
 * (a region that gave one person's face with another body: two people never share a face).
 */
export function distinctPeople<F extends Pick<FoundPerson, 'box' | 'face'>>(found: readonly F[], maxOverlap: number): F[] {
  const kept: F[] = [];
  for (const person of found) {
    const same = (k: F) => intersectionOverUnion(k.box, person.box) > maxOverlap || overlapOfSmaller(k.face, person.face) > maxOverlap;
    if (!kept.some(same)) kept.push(person);
  }
  return kept;
}

/** Box IoU above which a new person is taken for one whose track was just lost. */
const REIDENTIFY_MIN_OVERLAP = 0.3;

export class PersonTracks {
  private tracks: PersonTrack[] = [];
  private lost: { id: number; box: Box; age: number }[] = [];
  private nextId = 1;
  private lastBoxes = new Map<number, Box>();

  constructor(
    /** Box IoU above which two people are one (minTrackingConfidence). */
    private readonly maxOverlap: number,
    /** Frames a lost track's ID can be given back. */
    private readonly reidentifyFrames = 30,
  ) {}

  get tracked(): readonly PersonTrack[] {
    return this.tracks;
  }

  /** This frame's candidates from the tracks, to which new detections are added. */
  candidates(): PersonCandidate[] {
    return this.tracks.map((track) => ({ track, region: track.region, detectionScore: track.detectionScore }));
  }

  /** Detections whose face is not a tracked person's (nor an earlier detection's), best first, at most `room`. */
  newCandidates(detected: readonly DetectedPerson[], room: number): PersonCandidate[] {
    const faces = this.tracks.map((t) => t.face);
    const accepted: PersonCandidate[] = [];
    for (const d of detected) {
      if (accepted.length >= room) break;
      if (faces.some((face) => overlapOfSmaller(face, d.face) > this.maxOverlap)) continue;
      faces.push(d.face);
      accepted.push({ track: undefined, region: d.region, detectionScore: d.detectionScore });
    }
    return accepted;
  }

  /**
   * The people found this frame become the tracks; returns each kept person with its track ID (in
   * the order found: tracked people first, so they win over duplicates) and whether a track was lost.
   */
  update<F extends FoundPerson>(found: readonly F[]): { kept: { person: F; id: number }[]; lostTrack: boolean } {
    const kept = distinctPeople(found, this.maxOverlap);
    for (const entry of this.lost) entry.age++;
    this.lost = this.lost.filter((entry) => entry.age <= this.reidentifyFrames);
    const keptTracks = new Set(kept.map((f) => f.candidate.track).filter((t) => t !== undefined));
    const lostNow = this.tracks.filter((t) => !keptTracks.has(t));
    for (const track of lostNow) {
      const box = this.lastBoxes.get(track.id);
      if (box) this.lost.push({ id: track.id, box, age: 0 });
    }

    const tracks: PersonTrack[] = [];
    const result: { person: F; id: number }[] = [];
    const boxes = new Map<number, Box>();
    for (const person of kept) {
      const { candidate } = person;
      const id = candidate.track?.id ?? this.reidentify(person.box) ?? this.nextId++;
      tracks.push({ id, region: person.nextRegion, face: person.face, detectionScore: candidate.detectionScore });
      boxes.set(id, person.box);
      result.push({ person, id });
    }
    this.tracks = tracks;
    this.lastBoxes = boxes;
    return { kept: result, lostTrack: lostNow.length > 0 };
  }

  /** The ID of the lost track whose last box overlaps this one most (and enough), taken off the lost list. */
  private reidentify(box: Box): number | undefined {
    let best: { index: number; overlap: number } | undefined;
    this.lost.forEach((entry, index) => {
      const overlap = intersectionOverUnion(entry.box, box);
      if (overlap > REIDENTIFY_MIN_OVERLAP && (!best || overlap > best.overlap)) best = { index, overlap };
    });
    if (!best) return undefined;
    return this.lost.splice(best.index, 1)[0]!.id;
  }

  reset(): void {
    this.tracks = [];
    this.lost = [];
    this.lastBoxes = new Map();
  }
}
