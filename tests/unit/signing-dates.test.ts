import { expect, it } from 'vitest';
import { signingText, validSigningDate } from '../../domain/signing-dates.js';

// A signing date said in Swedish as precisely as it is known: the rules behind `SigningDate.text`.
it.each([
  { input: { precision: 'DAY', earliest: '2016-12-21' }, latest: '2016-12-21', text: '21 december 2016' },
  {
    input: { precision: 'WEEK', earliest: '2023-02-27', latest: '2023-03-03' },
    latest: '2023-03-03',
    text: 'veckan 27 februari–3 mars 2023',
  },
  { input: { precision: 'WEEK', earliest: '2023-03-06' }, latest: '2023-03-12', text: 'veckan 6–12 mars 2023' },
  {
    input: { precision: 'WEEK', earliest: '2025-12-29' },
    latest: '2026-01-04',
    text: 'veckan 29 december 2025–4 januari 2026',
  },
  { input: { precision: 'MONTH', earliest: '2024-02-01' }, latest: '2024-02-29', text: 'februari 2024' },
  { input: { precision: 'SEASON', earliest: '2025-03-01' }, latest: '2025-05-31', text: 'våren 2025' },
  { input: { precision: 'SEASON', earliest: '2025-09-01' }, latest: '2025-11-30', text: 'hösten 2025' },
  { input: { precision: 'SEASON', earliest: '2023-12-01' }, latest: '2024-02-29', text: 'vintern 2023/2024' },
  { input: { precision: 'YEAR', earliest: '2025-01-01' }, latest: '2025-12-31', text: '2025' },
  {
    input: { precision: 'RANGE', earliest: '2022-12-30', latest: '2023-01-02' },
    latest: '2023-01-02',
    text: 'mellan 30 december 2022 och 2 januari 2023',
  },
] as const)('$input.precision from $input.earliest: $text', ({ input, latest, text }) => {
  const signing = validSigningDate(input, 'input.signing');
  expect(signing).toEqual({ precision: input.precision, earliest: input.earliest, latest });
  expect(signingText(signing)).toBe(text);
});
