import type { Request, Response } from 'express';
import { toCsv, type CsvCell } from './to-csv.ts';

/**
 * Answers JSON, or the same rows as CSV when the client asks for `text/csv` (docs/api.md),
 * so a manager can take a table to a spreadsheet. JSON wins when both are equally welcome.
 */
export function sendTable(
  req: Request,
  res: Response,
  json: unknown,
  csv: () => { header: string[]; rows: CsvCell[][] },
): void {
  res.vary('Accept');
  if (req.accepts(['application/json', 'text/csv']) !== 'text/csv') {
    res.json(json);
    return;
  }
  const { header, rows } = csv();
  res.type('text/csv; charset=utf-8').send(toCsv(header, rows));
}
