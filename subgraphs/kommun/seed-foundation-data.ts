import type { DataSourceKind, SourceKind } from '../../domain/enums.js';
import type {
  CitizenDialogueRecord,
  CollaborationAgreementRecord,
  IndicatorRecord,
  MeasurementRecord,
  SituationPictureRecord,
  WithdrawalFields,
} from '../../domain/records.js';
import { ILLUSTRATIVE_NOTE, type SeedRelease, seedPromises } from './seed-data.js';

/**
 * What each kommun's seeded promises stand on. Published facts (docs/domain.md): Umeå's
 * samverkansöverenskommelse 2021–2024, organised through Umebrå (since 1985), whose public part
 * the promises are; Vännäs's 2022 survey (about 200 answers, 85 % feel safe) behind its
 * 2023–2025 promises; and the lägesbild work of 2022–2023 behind every kommun's 2023 promises,
 * whose problems are the published focus areas. Everything else (dates of single documents,
 * goals, meeting frequencies, indicator values, the other kommuner's agreements) is invented
 * and labelled ILLUSTRATIVE, or named as illustrative in the record's source reference.
 * Records refer to each other and to promises by key; ids are `<kommunkod>-<key>`.
 */

interface Labelled {
  sourceKind: SourceKind;
  sourceReference: string;
}

/** A seeded record: the record's own fields, a key for its id, and its period as one value. */
type Seed<Row, Dropped extends keyof Row = never> = Omit<
  Row,
  'id' | 'version' | 'sourceKind' | 'sourceReference' | keyof WithdrawalFields | Dropped
> &
  Labelled &
  SeedRelease & { key: string };
type Period = { start: string; end: string };

export type SeedSituationPicture = Seed<SituationPictureRecord, 'periodStart' | 'periodEnd'> & {
  period: Period;
  informedPromiseKeys: string[];
};

export type SeedDialogue = Seed<CitizenDialogueRecord, 'periodStart' | 'periodEnd'> & {
  period: Period;
  informedPromiseKeys: string[];
};

export type SeedMeasurement = Omit<
  MeasurementRecord,
  'id' | 'indicatorId' | 'version' | 'sourceKind' | 'sourceReference' | 'createdAt' | keyof WithdrawalFields
> &
  Labelled;

export type SeedIndicator = Seed<IndicatorRecord, 'baselineValue' | 'baselineDate' | 'targetValue' | 'targetDate'> & {
  baseline: { value: number; date: string } | null;
  target: { value: number; date: string } | null;
  measurements: SeedMeasurement[];
  /** Promises followed by the indicator. */
  promiseKeys: string[];
  /** Commitments followed by it: the promise's key and the commitment's index in it. */
  commitments: { promiseKey: string; index: number }[];
};

export type SeedAgreement = Seed<
  CollaborationAgreementRecord,
  'periodStart' | 'periodEnd' | 'goals' | 'signatories'
> & {
  period: Period;
  goals: { text: string; indicatorKey: string | null }[];
  /** The promises that are its public part. */
  promiseKeys: string[];
};

export interface SeedFoundations {
  situationPictures: SeedSituationPicture[];
  dialogues: SeedDialogue[];
  indicators: SeedIndicator[];
  agreements: SeedAgreement[];
}

const POLICE_AREA = 'Lokalpolisområde Umeå';
const illustrative = { sourceKind: 'ILLUSTRATIVE' as const, sourceReference: ILLUSTRATIVE_NOTE };
const PERIOD_2023 = { start: '2023-01-01', end: '2025-12-31' };

function focusAreasOf(slug: string, promiseKey: string): string[] {
  return seedPromises[slug]?.find((p) => p.key === promiseKey)?.focusAreas ?? [];
}

/** The lägesbild of 2022 behind a kommun's 2023 promises: its problems are the promises' focus areas. */
function lagesbild2022(kommunName: string, slug: string, dataSources: DataSourceKind[]): SeedSituationPicture {
  return {
    key: 'lb-2022',
    date: '2022-11-15',
    period: { start: '2021-01-01', end: '2022-12-31' },
    title: `Gemensam lägesbild för ${kommunName} inför medborgarlöftena 2023`,
    summary: `Kommunens och lokalpolisområdets gemensamma analys av de lokala problemen, som medborgarlöftena från mars 2023 bygger på. Sammanfattning; underlaget i övrigt finns hos parterna.`,
    prioritisedProblems: focusAreasOf(slug, 'ml-2023'),
    dataSources,
    informedPromiseKeys: ['ml-2023'],
    sourceKind: 'ILLUSTRATIVE',
    sourceReference:
      'The 2023 promises build on a local lägesbild (published method); the problems are the published focus areas where known. Date, summary and sources: illustrative.',
  };
}

/** An invented samverkansöverenskommelse 2023–2025 for a kommun whose agreement is not published. */
function agreement2023(kommunName: string, organisation: string, slug: string, indicatorKey: string): SeedAgreement {
  return {
    key: 'so-2023',
    title: `Samverkansöverenskommelse mellan ${organisation} och ${POLICE_AREA} 2023–2025`,
    period: PERIOD_2023,
    parties: [organisation, POLICE_AREA],
    focusAreas: focusAreasOf(slug, 'ml-2023'),
    goals: [{ text: `Tryggheten i ${kommunName} ska öka under perioden.`, indicatorKey }],
    forums: [
      {
        name: 'Samverkansgrupp',
        participants: 'Kommunens trygghetssamordnare och kommunpolisen',
        frequency: 'Fyra gånger per år',
      },
    ],
    coordinatingFunction: 'Kommunens trygghetssamordnare',
    followUpPlan: 'Gemensam uppföljning varje år i december, med återrapportering till medborgarna.',
    promiseKeys: ['ml-2023'],
    ...illustrative,
  };
}

/** An invented local survey indicator with a baseline and yearly values. */
function safetySurvey(kommunName: string, values: [number, number, number]): SeedIndicator {
  const [baseline, y2023, y2024] = values;
  return {
    key: 'ind-trygghet',
    name: 'Andel som känner sig trygga',
    definition: `Andel (%) av de svarande i ${kommunName} som känner sig trygga eller mycket trygga i sitt bostadsområde.`,
    unit: '%',
    dataSource: 'LOCAL_SURVEY',
    dataSourceDetail: `Trygghetsenkät, ${kommunName}`,
    desiredDirection: 'INCREASE',
    baseline: { value: baseline, date: '2022-12-31' },
    target: { value: baseline + 5, date: '2025-12-31' },
    measurements: [
      { date: '2023-12-31', value: y2023, note: null, ...illustrative },
      { date: '2024-12-31', value: y2024, note: null, ...illustrative },
    ],
    promiseKeys: ['ml-2023'],
    commitments: [],
    ...illustrative,
  };
}

const umea: SeedFoundations = {
  situationPictures: [lagesbild2022('Umeå', 'umea', ['REPORTED_CRIMES', 'NTU', 'KOMMUN_REPORTS', 'POLICE_REPORTS'])],
  dialogues: [],
  indicators: [
    {
      key: 'ind-otrygghet',
      name: 'Otrygghet utomhus sent på kvällen',
      definition:
        'Andel (%) av invånarna 16–84 år som känner sig ganska eller mycket otrygga när de går ut ensamma sent en kväll i sitt bostadsområde.',
      unit: '%',
      dataSource: 'NTU',
      dataSourceDetail: 'Nationella trygghetsundersökningen, Umeå kommun',
      desiredDirection: 'DECREASE',
      baseline: { value: 28, date: '2021-12-31' },
      target: { value: 24, date: '2024-12-31' },
      measurements: [
        { date: '2022-12-31', value: 27, note: null, ...illustrative },
        { date: '2023-12-31', value: 26, note: null, ...illustrative },
        { date: '2024-12-31', value: 25, note: null, ...illustrative },
      ],
      promiseKeys: ['ml-2023'],
      commitments: [],
      ...illustrative,
    },
    {
      key: 'ind-trafikkampanjer',
      name: 'Gemensamma trafikkampanjer per år',
      definition: 'Antal kampanjer per år som kommunen och polisen genomför tillsammans för cyklister och gående.',
      unit: 'antal per år',
      dataSource: 'KOMMUN_REPORTS',
      dataSourceDetail: 'Kommunens och polisens aktivitetsrapporter',
      desiredDirection: 'INCREASE',
      // The same target stood in the 2021–2022 promises.
      baseline: { value: 2, date: '2022-12-31' },
      target: { value: 2, date: '2024-12-31' },
      measurements: [
        { date: '2023-12-31', value: 2, note: 'Vårkampanj och höstkampanj.', ...illustrative },
        { date: '2024-12-31', value: 2, note: 'Vårkampanj och höstkampanj.', ...illustrative },
      ],
      promiseKeys: [],
      commitments: [{ promiseKey: 'ml-2023', index: 5 }],
      sourceKind: 'ILLUSTRATIVE',
      sourceReference:
        'Target from the published promise ("minst två gemensamma kampanjer per år"); values count the illustrative activities.',
    },
    {
      key: 'ind-mopedinsatser',
      name: 'Extra insatser mot trimmade mopeder och A-traktorer',
      definition: 'Antal extra polisinsatser per år mot trimmade mopeder och A-traktorer.',
      unit: 'antal per år',
      dataSource: 'POLICE_REPORTS',
      dataSourceDetail: 'Lokalpolisområde Umeås verksamhetsuppföljning',
      desiredDirection: 'INCREASE',
      // The same target stood in the 2021–2022 promises.
      baseline: { value: 2, date: '2022-12-31' },
      target: { value: 2, date: '2024-12-31' },
      measurements: [
        { date: '2023-12-31', value: 2, note: null, ...illustrative },
        { date: '2024-12-31', value: 2, note: null, ...illustrative },
      ],
      promiseKeys: [],
      commitments: [{ promiseKey: 'ml-2023', index: 6 }],
      sourceKind: 'ILLUSTRATIVE',
      sourceReference:
        'Target from the published promise ("minst två extra polisinsatser per år"); values count the illustrative police activities.',
    },
  ],
  agreements: [
    {
      key: 'so-2021',
      title: 'Samverkansöverenskommelse mellan Umeå kommun och Lokalpolisområde Umeå 2021–2024',
      period: { start: '2021-01-01', end: '2024-12-31' },
      parties: ['Umeå kommun', POLICE_AREA],
      focusAreas: ['En mer tillgänglig polis', 'Trygghet och brott', 'Trafik'],
      goals: [
        {
          text: 'Andelen invånare som känner sig otrygga utomhus sent på kvällen ska minska.',
          indicatorKey: 'ind-otrygghet',
        },
        { text: 'Minst två gemensamma trafikkampanjer per år.', indicatorKey: 'ind-trafikkampanjer' },
      ],
      forums: [
        {
          name: 'Umebrå',
          participants: 'Umeå kommun, Lokalpolisområde Umeå och andra aktörer i det brottsförebyggande arbetet',
          frequency: 'Fyra gånger per år',
        },
      ],
      coordinatingFunction: 'Umebrå, Umeås brottsförebyggande samverkan sedan 1985',
      followUpPlan: 'Medborgarlöftena följs upp gemensamt minst en gång per år och återrapporteras till medborgarna.',
      promiseKeys: ['ml-2021', 'ml-2023'],
      sourceKind: 'PUBLISHED',
      sourceReference:
        'umea.se: "Samverkansöverenskommelse" (period 2021–2024, the parties, organised through Umebrå since 1985). Focus areas (taken from the promises), goals, forum participants and frequency, and the follow-up plan: illustrative.',
    },
  ],
};

const vannas: SeedFoundations = {
  situationPictures: [lagesbild2022('Vännäs', 'vannas', ['CITIZEN_DIALOGUE', 'LOCAL_SURVEY', 'REPORTED_CRIMES'])],
  dialogues: [
    {
      key: 'md-2022',
      title: 'Trygghetsenkät 2022',
      method: 'SURVEY',
      period: { start: '2022-01-01', end: '2022-12-31' },
      participantCount: 200,
      keyFindings: ['Omkring 200 svar.', '85 % känner sig trygga.'],
      informedPromiseKeys: ['ml-2023'],
      sourceKind: 'PUBLISHED',
      sourceReference:
        'vannas.se pressmeddelande 2023-03-06; polisen.se: medborgarlöften Vännäs. The exact dates in 2022 are not published.',
    },
  ],
  indicators: [
    {
      ...safetySurvey('Vännäs', [85, 86, 87]),
      measurements: [
        {
          date: '2022-12-31',
          value: 85,
          note: 'Trygghetsenkät 2022, omkring 200 svar.',
          sourceKind: 'PUBLISHED',
          sourceReference: 'vannas.se pressmeddelande 2023-03-06',
        },
        { date: '2024-12-31', value: 87, note: null, ...illustrative },
      ],
      sourceKind: 'ILLUSTRATIVE',
      sourceReference:
        'Built on the published survey result (85 % feel safe in 2022, vannas.se pressmeddelande 2023-03-06; that measurement is PUBLISHED). Name, definition, target and later values: illustrative.',
    },
  ],
  agreements: [agreement2023('Vännäs', 'Vännäs kommun', 'vannas', 'ind-trygghet')],
};

/** Kommuner whose lägesbild, agreement and indicators are not published: all illustrative. */
function unpublished(
  kommunName: string,
  organisation: string,
  slug: string,
  survey: [number, number, number],
): SeedFoundations {
  return {
    situationPictures: [lagesbild2022(kommunName, slug, ['REPORTED_CRIMES', 'LOCAL_SURVEY'])],
    dialogues: [],
    indicators: [safetySurvey(kommunName, survey)],
    agreements: [agreement2023(kommunName, organisation, slug, 'ind-trygghet')],
  };
}

export const seedFoundations: Record<string, SeedFoundations> = {
  umea,
  vannas,
  bjurholm: unpublished('Bjurholm', 'Bjurholms kommun', 'bjurholm', [88, 88, 89]),
  nordmaling: unpublished('Nordmaling', 'Nordmalings kommun', 'nordmaling', [84, 85, 85]),
  robertsfors: unpublished('Robertsfors', 'Robertsfors kommun', 'robertsfors', [86, 85, 87]),
  vindeln: unpublished('Vindeln', 'Vindelns kommun', 'vindeln', [87, 88, 88]),
};
