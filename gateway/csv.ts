/**
 * CSV per RFC 4180 (CRLF line ends, fields with the delimiter, a quote or a line break quoted,
 * quotes doubled), UTF-8 with a byte order mark so Excel keeps å, ä and ö. The `;` variant is
 * for Excel in Swedish, which also reads decimal commas there.
 */
export type CsvDelimiter = ',' | ';';

function cell(value: unknown, delimiter: CsvDelimiter): string {
  let text: string;
  if (value === null || value === undefined) text = '';
  else if (typeof value === 'number') text = delimiter === ';' ? String(value).replace('.', ',') : String(value);
  else if (Array.isArray(value)) text = value.map((v) => cell(v, delimiter)).join(', ');
  // A text that starts like a formula would be run by a spreadsheet: shown as text instead.
  else if (typeof value === 'string') text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  else text = String(value);
  return /["\r\n]/.test(text) || text.includes(delimiter) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** The header row, a row per record, and the trailer lines (one field, padded to the columns' count). */
export function csvDocument(
  columns: string[],
  rows: Record<string, unknown>[],
  trailer: string[],
  delimiter: CsvDelimiter,
): string {
  const line = (cells: unknown[]) => cells.map((c) => cell(c, delimiter)).join(delimiter);
  const lines = [
    line(columns),
    ...rows.map((row) => line(columns.map((c) => row[c]))),
    ...trailer.map((text) => line([text, ...columns.slice(1).map(() => null)])),
  ];
  return `\uFEFF${lines.map((l) => `${l}\r\n`).join('')}`;
}
