import type { Region } from '../../domain/region.js';
import type { NewSituationPicture } from '../../domain/shared-tables.js';
import { seedIds, seedPromises } from '../kommun/seed-data.js';
import type { NewKommunContact, NewLocalPoliceArea, NewPoliceActivity } from './database.js';
import type { PoliceActivityKind } from './police-activity-kinds.js';

/**
 * Seed data for the police area. The area and its chief are published facts (the chief signed
 * Umeå's promises in March 2023); contacts and police activities are ILLUSTRATIVE. Police
 * activities are made for the seeded kommun commitments whose responsible party is POLICE or
 * JOINT: as many a year as the commitment's target says, otherwise one in its first year.
 */
export const ILLUSTRATIVE_NOTE = 'Illustrative seed data, not a published fact.';

const placeByKommun: Record<string, string> = {
  umea: 'Ersboda, Umeå',
  bjurholm: 'Bjurholm centrum',
  nordmaling: 'Rundvik, Nordmaling',
  robertsfors: 'Robertsfors centrum',
  vindeln: 'Vindeln centrum',
  vannas: 'Vännäsby',
};

/** The kind of police activity a commitment's wording suggests. */
function kindFor(text: string): PoliceActivityKind {
  if (/moped|A-traktor/i.test(text)) return 'MOPED_CONTROL';
  if (/trafik|cykl/i.test(text)) return 'TRAFFIC_OPERATION';
  if (/narkotika|alkohol|droger|unga/i.test(text)) return 'SCHOOL_VISIT';
  if (/otrygg|trygg/i.test(text)) return 'SAFETY_WALK';
  if (/tillgänglig/i.test(text)) return 'PATROL';
  return 'INFORMATION';
}

export function policeAreaSeed(region: Region) {
  const area: NewLocalPoliceArea = {
    id: region.policeArea.id,
    name: region.policeArea.name,
    chiefName: 'Michael Rystedt',
    chiefTitle: 'Lokalpolisområdeschef',
  };
  const contacts: NewKommunContact[] = region.kommuner.map((kommun) => ({
    policeAreaId: area.id,
    kommunCode: kommun.code,
    title: `Kommunpolis för ${kommun.name}`,
    name: null,
    phone: '114 14',
    sourceKind: 'ILLUSTRATIVE',
    sourceReference: ILLUSTRATIVE_NOTE,
  }));
  const activities: NewPoliceActivity[] = region.kommuner.flatMap((kommun) =>
    (seedPromises[kommun.slug] ?? []).flatMap((promise) => {
      const promiseId = seedIds.promise(kommun, promise.key);
      const firstYear = Number(promise.period.start.slice(0, 4));
      const lastYear = Number(promise.period.end.slice(0, 4));
      return promise.commitments.flatMap((commitment, index) => {
        if (commitment.responsible !== 'POLICE' && commitment.responsible !== 'JOINT') return [];
        const commitmentId = seedIds.commitment(promiseId, index);
        const perYear = commitment.target?.yearlyCount ?? 0;
        const dates = perYear
          ? Array.from({ length: lastYear - firstYear + 1 }, (_, y) =>
              // Spread over May–December: 15 May and 15 September for two a year.
              Array.from(
                { length: perYear },
                (_, n) => `${firstYear + y}-${String(5 + Math.floor((8 * n) / perYear)).padStart(2, '0')}-15`,
              ),
            ).flat()
          : [`${firstYear}-09-15`];
        return dates.map((date, n) => ({
          id: `polis-${commitmentId}-${n + 1}`,
          kommunCode: kommun.code,
          commitmentId,
          date,
          kind: kindFor(commitment.text),
          place: placeByKommun[kommun.slug] ?? kommun.name,
          description: `Polisens insats för åtagandet: ${commitment.text}`,
          sourceKind: 'ILLUSTRATIVE' as const,
          sourceReference: ILLUSTRATIVE_NOTE,
        }));
      });
    }),
  );
  const situationPictures: NewSituationPicture[] = [
    {
      id: 'polis-lb-2022',
      date: '2022-11-30',
      periodStart: '2021-01-01',
      periodEnd: '2022-12-31',
      title: `Lägesbild för ${area.name} inför medborgarlöftena 2023`,
      summary:
        'Sammanfattning av lokalpolisområdets lägesbild, framtagen tillsammans med kommunernas lägesbilder inför medborgarlöftena som undertecknades i mars 2023. Underrättelseuppgifter ingår aldrig.',
      prioritisedProblems: [
        'Trafiksäkerhet och störande motortrafik',
        'Narkotika bland unga',
        'Våld i nära relationer',
        'Platser som upplevs otrygga',
      ],
      dataSources: ['REPORTED_CRIMES', 'POLICE_REPORTS', 'NTU'],
      version: 1,
      withdrawnAt: null,
      withdrawnBy: null,
      withdrawalReason: null,
      sourceKind: 'ILLUSTRATIVE',
      sourceReference:
        'The 2023 promises of the six kommuner build on lägesbilder made with the police area (published method); this summary, its date and its problems are illustrative.',
    },
  ];
  return { area, contacts, activities, situationPictures };
}
