import { municipalityRootField, type Region, region as umeaRegion } from '../../domain/region.js';

/** The bench's queries, as clients of the hub send them. */

export const regionalQuery = (region: Region, promiseFields: string) =>
  `{ localPoliceArea(id: "${region.policeArea.id}") { name municipalities { code name promises { ${promiseFields} } } } }`;
const promiseFields = 'title period { start end } commitments { text responsible policeActivities { kind date } }';
const kommunFields = `name promises { ${promiseFields} }`;

/** The three standard queries: every kommun over the entity interface, one kommun, six kommuner by their root fields. */
export const standardQueries = {
  regional: regionalQuery(umeaRegion, promiseFields),
  'one kommun': `{ umea { ${kommunFields} } }`,
  'six kommuner (root fields)': `{ ${umeaRegion.kommuner.map((k) => `${municipalityRootField(k)} { ${kommunFields} }`).join(' ')} }`,
} as const;
export type StandardQuery = keyof typeof standardQueries;

/** What the promises stand on, for every kommun (issue 5). */
export const foundationsQuery = `{ localPoliceArea(id: "umea") { latestSituationPicture { date } municipalities { name
  currentCollaborationAgreement(on: "2024-06-01") { title period { start end } } latestSituationPicture { date }
  promises { title indicators { name trend { latest { date value } direction targetReached } } } } } }`;

/** Umeå's citizen report for its 2023–2024 promise. */
export const citizenReportQuery = `{ umea { citizenReport(promiseId: "2480-ml-2023") { asOf promise { title }
  commitmentsByStatus { status count }
  commitments { commitment { text activities { date kind } policeActivities { date kind } } latestFollowUp { status } }
  indicators { indicator { name } latest { value } direction targetReached } } } }`;

export const graphqlBody = (query: string) => JSON.stringify({ query });
