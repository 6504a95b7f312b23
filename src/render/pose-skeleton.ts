// The bones between MediaPipe Pose's 33 landmarks (0 nose … 10 mouth; 11/12 shoulders, 13/14 elbows,
// 15/16 wrists, 17-22 hand points, 23/24 hips, 25/26 knees, 27/28 ankles, 29-32 feet), for drawing.
export const POSE_CONNECTIONS: readonly (readonly [number, number])[] = [
  [0, 1], [1, 2], [2, 3], [3, 7], [0, 4], [4, 5], [5, 6], [6, 8], [9, 10],
  [11, 12], [11, 13], [13, 15], [15, 17], [15, 19], [15, 21], [17, 19],
  [12, 14], [14, 16], [16, 18], [16, 20], [16, 22], [18, 20],
  [11, 23], [12, 24], [23, 24],
  [23, 25], [25, 27], [27, 29], [29, 31], [27, 31],
  [24, 26], [26, 28], [28, 30], [30, 32], [28, 32],
];
