/** One line of the table `npm run bench` prints. */
export type BenchRow = {
  benchmark: string;
  metric: string;
  value: string;
  goal?: string;
  /** Whether the value meets the goal, when the benchmark can tell; undefined for a row without a checkable goal. */
  met?: boolean;
  notes?: string;
};
