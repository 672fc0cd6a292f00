/** One line of the table `npm run bench` prints. */
export type BenchRow = {
  benchmark: string;
  metric: string;
  value: string;
  goal?: string;
  notes?: string;
};
