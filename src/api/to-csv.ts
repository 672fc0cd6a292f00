/** A CSV cell: text as is, numbers as JavaScript prints them, null/undefined as an empty cell. */
export type CsvCell = string | number | null | undefined;

/**
 * RFC 4180 text: a header row, CRLF line ends, and a field quoted (inner quotes doubled)
 * when it holds a comma, a quote, CR or LF. A field that starts with = + - @, TAB or CR could
 * run as a formula when a spreadsheet opens the file (OWASP "CSV injection"), and so could the
 * full-width ＝ ＋ － ＠ that spreadsheets in East Asian locales read as their ASCII forms; those
 * fields are prefixed with '.
 * https://www.rfc-editor.org/rfc/rfc4180 https://owasp.org/www-community/attacks/CSV_Injection
 *
 * @example
 * toCsv(['stage', 'entered'], [['awareness', 2]]) // 'stage,entered\r\nawareness,2\r\n'
 */
export function toCsv(header: readonly string[], rows: ReadonlyArray<readonly CsvCell[]>): string {
  return [header, ...rows].map((row) => `${row.map(field).join(',')}\r\n`).join('');
}

const FORMULA_START = /^[=+\-@\t\r＝＋－＠]/;

function field(cell: CsvCell): string {
  if (cell === null || cell === undefined) return '';
  if (typeof cell === 'number') return String(cell);
  const text = FORMULA_START.test(cell) ? `'${cell}` : cell;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}
