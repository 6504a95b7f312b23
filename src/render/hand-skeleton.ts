// The bones between MediaPipe's 21 hand landmarks (0 wrist; thumb 1-4, index 5-8, middle 9-12,
// ring 13-16, pinky 17-20) and the palm outline, for drawing.
export const HAND_CONNECTIONS: readonly (readonly [number, number])[] = [
  [0, 1],
  [1, 2],
  [2, 3],
  [3, 4],
  [0, 5],
  [5, 6],
  [6, 7],
  [7, 8],
  [5, 9],
  [9, 10],
  [10, 11],
  [11, 12],
  [9, 13],
  [13, 14],
  [14, 15],
  [15, 16],
  [13, 17],
  [0, 17],
  [17, 18],
  [18, 19],
  [19, 20],
];

/** Which finger a landmark belongs to (0 palm/wrist, 1 thumb … 5 pinky), for colouring. */
export function fingerOf(landmark: number): number {
  return landmark === 0 ? 0 : Math.ceil(landmark / 4);
}
