import type { ActivityKind, FollowUpStatus, PromiseStatus, ResponsibleParty, SourceKind } from '../../domain/enums.js';
import type { Kommun } from '../../domain/region.js';
import type { SigningDate } from '../../domain/signing-dates.js';

/**
 * Seed data for each kommun, from the facts published in `docs/domain.md`. Every detail
 * beyond those facts (commitment wording where only focus areas were published, activities,
 * follow-ups, dates and places of single events) is invented and marked ILLUSTRATIVE.
 * Every seeded period but Umeå's 2025–2027 had ended by 2026, so those promises are COMPLETED;
 * Umeå's 2025–2027 promise is ACTIVE (in force). A record added to the seed after databases were
 * seeded with it names its `seedRelease`; `seed.ts` adds such records to those databases on start.
 */

/** The seed release that added a record; records without one came with the first. */
export interface SeedRelease {
  seedRelease?: number;
}

export interface SeedActivity {
  date: string;
  kind: ActivityKind;
  place: string;
  description: string;
  outcome: string | null;
}

export interface SeedCommitment {
  text: string;
  responsible: ResponsibleParty;
  otherParty?: string;
  target?: { text: string; yearlyCount?: number };
  /** PUBLISHED when the commitment itself was published; its activities are always illustrative. */
  sourceKind: SourceKind;
  activities?: SeedActivity[];
  /** The index of the commitment of the extended promise this one was carried over from. */
  carriedOverFromIndex?: number;
}

export interface SeedPromise extends SeedRelease {
  /** Local part of the id; the full id is `<kommunkod>-<key>`. */
  key: string;
  title: string;
  summary: string;
  period: { start: string; end: string };
  status: PromiseStatus;
  /** As precisely as it is published, and no more. */
  signing: SigningDate | null;
  signatories: { name: string; title: string; organisation: string }[];
  focusAreas: string[];
  extendsKey?: string;
  /** The kommun's promise before this one, where the chain is published. */
  previousKey?: string;
  sourceKind: SourceKind;
  sourceReference: string | null;
  commitments: SeedCommitment[];
}

export const ILLUSTRATIVE_NOTE = 'Illustrative seed data, not a published fact.';

const UMEA_SOURCE = 'umea.se: "Medborgarlöften", "Nya medborgarlöften tillsammans med polisen"';
/**
 * The 2023 signings: the Vännäs press release of 6 March 2023 says the six kommuner and the police
 * area met and signed "at the end of last week", so the week of 27 February – 3 March 2023; no day
 * is published.
 */
const SIGNED_2023: SigningDate = { precision: 'WEEK', earliest: '2023-02-27', latest: '2023-03-03' };
const lindbergAndRystedt = [
  { name: 'Hans Lindberg', title: 'Kommunstyrelsens ordförande', organisation: 'Umeå kommun' },
  { name: 'Michael Rystedt', title: 'Lokalpolisområdeschef', organisation: 'Lokalpolisområde Umeå' },
];
const umeaCommitments: SeedCommitment[] = [
  {
    text: 'En mer tillgänglig polis: polisen ska synas och gå att nå i hela kommunen.',
    responsible: 'POLICE',
    sourceKind: 'PUBLISHED',
  },
  {
    text: 'Trygghet och brott: stärka och sprida grannsamverkan.',
    responsible: 'JOINT',
    sourceKind: 'PUBLISHED',
    activities: [
      {
        date: '2023-05-09',
        kind: 'MEETING',
        place: 'Ålidhem',
        description: 'Informationsträff om grannsamverkan för boende.',
        outcome: 'Två nya grannsamverkansområden startade.',
      },
    ],
  },
  {
    text: 'Trygghet och brott: öka medvetenheten om våld i nära relationer.',
    responsible: 'JOINT',
    sourceKind: 'PUBLISHED',
  },
  {
    text: 'Trygghet och brott: motverka prostitution och människohandel.',
    responsible: 'JOINT',
    sourceKind: 'PUBLISHED',
  },
  {
    text: 'Trygghet och brott: skydda unga från narkotika genom förebyggande arbete och tidig upptäckt.',
    responsible: 'JOINT',
    sourceKind: 'PUBLISHED',
    activities: [
      {
        date: '2023-09-14',
        kind: 'PARENT_MEETING',
        place: 'Teg, Umeå',
        description: 'Föräldramöte om tecken på narkotikabruk hos unga.',
        outcome: null,
      },
    ],
  },
  {
    text: 'Trafik: minst två gemensamma kampanjer per år för cyklister och gående – på våren om regler och hjälm, på hösten om lyse och reflexer.',
    responsible: 'JOINT',
    target: { text: 'Minst två gemensamma kampanjer per år', yearlyCount: 2 },
    sourceKind: 'PUBLISHED',
    activities: [
      {
        date: '2023-04-20',
        kind: 'CAMPAIGN',
        place: 'Rådhustorget, Umeå',
        description: 'Vårkampanj om trafikregler och cykelhjälm.',
        outcome: 'Omkring 300 cyklister fick information.',
      },
      {
        date: '2023-10-26',
        kind: 'CAMPAIGN',
        place: 'Universitetsområdet, Umeå',
        description: 'Höstkampanj om cykellyse och reflexer.',
        outcome: 'Reflexer delades ut till omkring 500 gående.',
      },
      {
        date: '2024-04-18',
        kind: 'CAMPAIGN',
        place: 'Rådhustorget, Umeå',
        description: 'Vårkampanj om trafikregler och cykelhjälm.',
        outcome: null,
      },
      {
        date: '2024-10-24',
        kind: 'CAMPAIGN',
        place: 'Västerslätt, Umeå',
        description: 'Höstkampanj om cykellyse och reflexer.',
        outcome: null,
      },
    ],
  },
  {
    text: 'Trafik: minst två extra polisinsatser per år mot trimmade mopeder och A-traktorer.',
    responsible: 'POLICE',
    target: { text: 'Minst två extra insatser per år', yearlyCount: 2 },
    sourceKind: 'PUBLISHED',
  },
  {
    text: 'Trafik: kommunens egna kampanjer för trafiksäkerhet.',
    responsible: 'KOMMUN',
    sourceKind: 'PUBLISHED',
  },
];

const motorburnaUnga: SeedCommitment = {
  text: 'Motorburna unga: främja motorintresserade ungas möjlighet att utöva sitt intresse och samtidigt motverka de problem som kan följa med det.',
  responsible: 'JOINT',
  sourceKind: 'PUBLISHED',
  activities: [
    {
      date: '2024-05-22',
      kind: 'MEETING',
      place: 'Holmsund',
      description: 'Träff med motorklubb och unga om en plats för motorsport.',
      outcome: null,
    },
  ],
};

const umeaFocusAreas = ['En mer tillgänglig polis', 'Trygghet och brott', 'Trafik'];

/** Umeå 2019–2020, published in the same three parts (umea.se "Medborgarlöften", 2019–2020 version). */
const umea2019Commitments: SeedCommitment[] = [
  {
    text: 'En mer tillgänglig polis: polisen strävar efter att bygga förtroende och skapa kontakt vid varje tillfälle.',
    responsible: 'POLICE',
    sourceKind: 'PUBLISHED',
  },
  {
    text: 'Trygghet och minskad brottslighet: personal hos båda parter lär sig att upptäcka och motverka våld i nära relationer.',
    responsible: 'JOINT',
    sourceKind: 'PUBLISHED',
  },
  {
    text: 'Trygghet och minskad brottslighet: åtgärder mot prostitution och människohandel för sexuella ändamål.',
    responsible: 'JOINT',
    sourceKind: 'PUBLISHED',
  },
  {
    text: 'Trygghet och minskad brottslighet: samverka vid stora ungdomsevenemang och större helger.',
    responsible: 'JOINT',
    sourceKind: 'PUBLISHED',
  },
  {
    text: 'Säker trafikmiljö för oskyddade trafikanter: minst två särskilda trafik- och informationsinsatser per år, vår och höst, riktade till cyklister och gående – på våren om regler, lagändringar och hjälm, på hösten om lyse och reflexer.',
    responsible: 'JOINT',
    target: { text: 'Minst två särskilda trafik- och informationsinsatser per år', yearlyCount: 2 },
    sourceKind: 'PUBLISHED',
  },
  {
    text: 'Säker trafikmiljö för oskyddade trafikanter: minst två extra polisiära trafikinsatser per år mot trimmade mopeder och A-traktorer.',
    responsible: 'POLICE',
    target: { text: 'Minst två extra insatser per år', yearlyCount: 2 },
    sourceKind: 'PUBLISHED',
  },
  {
    text: 'Säker trafikmiljö för oskyddade trafikanter: kommunen genomför kampanjer och erbjuder alla elever i årskurs fyra trafikutbildning genom NTF.',
    responsible: 'KOMMUN',
    sourceKind: 'PUBLISHED',
  },
];

const umea: SeedPromise[] = [
  {
    key: 'ml-2019',
    seedRelease: 2,
    title: 'Medborgarlöften för Umeå 2019–2020',
    summary:
      'Umeå kommuns och Lokalpolisområde Umeås medborgarlöften för 2019–2020: en mer tillgänglig polis, trygghet och minskad brottslighet samt en säker trafikmiljö för oskyddade trafikanter. Umeå tecknar nya löften vartannat år.',
    period: { start: '2019-01-01', end: '2020-12-31' },
    status: 'COMPLETED',
    signing: null,
    signatories: [],
    focusAreas: [
      'En mer tillgänglig polis',
      'Trygghet och minskad brottslighet',
      'Säker trafikmiljö för oskyddade trafikanter',
    ],
    sourceKind: 'PUBLISHED',
    sourceReference: 'umea.se: "Medborgarlöften" (2019–2020 version)',
    commitments: umea2019Commitments,
  },
  {
    key: 'ml-2021',
    previousKey: 'ml-2019',
    title: 'Medborgarlöften för Umeå 2021–2022',
    summary:
      'Umeå kommuns och Lokalpolisområde Umeås medborgarlöften för 2021–2022: en mer tillgänglig polis, trygghet och brott samt trafik.',
    period: { start: '2021-01-01', end: '2022-12-31' },
    status: 'COMPLETED',
    signing: null,
    signatories: [],
    focusAreas: umeaFocusAreas,
    sourceKind: 'PUBLISHED',
    sourceReference: UMEA_SOURCE,
    commitments: umeaCommitments.map(({ activities: _notThen, ...commitment }) => commitment),
  },
  {
    key: 'ml-2023',
    title: 'Medborgarlöften för Umeå 2023–2024',
    summary:
      'Löftena från 2021–2022 förlängs med två år, med ett tillägg om motorburna unga. Undertecknade i början av mars 2023 av kommunstyrelsens ordförande och lokalpolisområdeschefen.',
    period: { start: '2023-01-01', end: '2024-12-31' },
    status: 'COMPLETED',
    signing: SIGNED_2023,
    signatories: lindbergAndRystedt,
    focusAreas: [...umeaFocusAreas, 'Motorburna unga'],
    extendsKey: 'ml-2021',
    previousKey: 'ml-2021',
    sourceKind: 'PUBLISHED',
    sourceReference: UMEA_SOURCE,
    // Prolonged by two years: the eight commitments carried over, motorburna unga added.
    commitments: [
      ...umeaCommitments.map((commitment, index) => ({ ...commitment, carriedOverFromIndex: index })),
      motorburnaUnga,
    ],
  },
  {
    key: 'ml-2025',
    seedRelease: 2,
    title: 'Medborgarlöften för Umeå 2025–2027',
    summary:
      'Nya medborgarlöften för 2025–2027, kopplade till den bredare samverkansöverenskommelsen. Undertecknade våren 2025 av kommunstyrelsens ordförande och lokalpolisområdeschefen. Löftenas innehåll har inte hittats i publicerade källor, så inga åtaganden finns här.',
    period: { start: '2025-01-01', end: '2027-12-31' },
    status: 'ACTIVE',
    signing: { precision: 'SEASON', earliest: '2025-03-01', latest: '2025-05-31' },
    signatories: lindbergAndRystedt,
    focusAreas: [],
    previousKey: 'ml-2023',
    sourceKind: 'PUBLISHED',
    sourceReference:
      'umea.se: "Medborgarlöften" (2025–2027 version): the period, the signatories and the signing in spring 2025',
    commitments: [],
  },
];

/** A 2023–2025 promise whose focus areas are known (or invented) but whose wording is not. */
function promise2023(
  kommun: Pick<Kommun, 'name'>,
  focusAreas: { area: string; text: string; responsible: ResponsibleParty; otherParty?: string }[],
  source: { kind: SourceKind; reference: string | null; summary: string },
): SeedPromise {
  return {
    key: 'ml-2023',
    title: `Medborgarlöften för ${kommun.name} 2023–2025`,
    summary: `${source.summary} Undertecknade i början av mars 2023, när de sex kommunerna och Lokalpolisområde Umeå träffades.`,
    period: { start: '2023-01-01', end: '2025-12-31' },
    status: 'COMPLETED',
    signing: SIGNED_2023,
    signatories: [],
    focusAreas: focusAreas.map((f) => f.area),
    sourceKind: source.kind,
    sourceReference: source.reference,
    commitments: focusAreas.map(({ area, text, responsible, otherParty }) => ({
      text: `${area}: ${text}`,
      responsible,
      ...(otherParty && { otherParty }),
      sourceKind: 'ILLUSTRATIVE',
    })),
  };
}

const vannas: SeedPromise[] = [
  promise2023(
    { name: 'Vännäs' },
    [
      {
        area: 'Platser som upplevs otrygga',
        text: 'genomföra trygghetsvandringar och åtgärda det som kommer fram.',
        responsible: 'JOINT',
      },
      {
        area: 'Trafiksäkerhet och störande motortrafik',
        text: 'trafikkontroller och dialog med unga bilförare.',
        responsible: 'POLICE',
      },
      {
        area: 'Alkohol och narkotika bland unga',
        text: 'föräldramöten och tidiga insatser tillsammans med skolan.',
        responsible: 'JOINT',
      },
      {
        area: 'Inbrott och bedrägerier',
        text: 'information till äldre om bedrägerier och om grannsamverkan.',
        responsible: 'JOINT',
      },
      {
        area: 'Våld i nära relationer',
        text: 'sprida kunskap om var den som utsätts kan få stöd.',
        responsible: 'KOMMUN',
      },
    ],
    {
      kind: 'PUBLISHED',
      reference: 'polisen.se: medborgarlöften Vännäs; vannas.se pressmeddelande 2023-03-06',
      summary:
        'Vännäs kommuns och polisens medborgarlöften med fem fokusområden, grundade bland annat på medborgardialogen 2022 (omkring 200 svar, 85 % känner sig trygga).',
    },
  ),
];

const robertsfors: SeedPromise[] = [
  promise2023(
    { name: 'Robertsfors' },
    [
      { area: 'Narkotika', text: 'tidig upptäckt av narkotikabruk bland unga.', responsible: 'JOINT' },
      { area: 'Trafik', text: 'arbeta i Nollvisionens anda med kontroller och information.', responsible: 'JOINT' },
    ],
    {
      kind: 'PUBLISHED',
      reference: 'polisen.se: medborgarlöften Robertsfors',
      summary:
        'Robertsfors kommuns och polisens medborgarlöften har fem fokusområden; två av dem, narkotika och trafik, finns här.',
    },
  ),
];

const vindeln: SeedPromise[] = [
  {
    key: 'ml-2021',
    title: 'Medborgarlöften för Vindeln 2021–2022',
    summary: 'Vindelns kommuns och polisens medborgarlöften för 2021–2022.',
    period: { start: '2021-01-01', end: '2022-12-31' },
    status: 'COMPLETED',
    signing: null,
    signatories: [],
    focusAreas: [
      'Våld i nära relationer',
      'Trafik',
      'Alkohol och narkotika',
      'Oskyddade trafikanter',
      'Grannsamverkan',
      'Platser som upplevs otrygga',
    ],
    sourceKind: 'PUBLISHED',
    sourceReference: 'polisen.se: medborgarlöften Vindeln',
    commitments: [
      {
        text: 'Våld i nära relationer: arbeta tillsammans med bostadsbolaget och Huskurage.',
        responsible: 'OTHER',
        otherParty: 'Bostadsbolaget',
        sourceKind: 'PUBLISHED',
      },
      { text: 'Trafik: genomföra trafikinsatser.', responsible: 'POLICE', sourceKind: 'PUBLISHED' },
      { text: 'Alkohol och narkotika: förebyggande arbete.', responsible: 'JOINT', sourceKind: 'PUBLISHED' },
      { text: 'Oskyddade trafikanter: öka deras säkerhet.', responsible: 'JOINT', sourceKind: 'PUBLISHED' },
      { text: 'Grannsamverkan: stödja grannsamverkan.', responsible: 'JOINT', sourceKind: 'PUBLISHED' },
      { text: 'Platser som upplevs otrygga: åtgärda dem.', responsible: 'JOINT', sourceKind: 'PUBLISHED' },
    ],
  },
  promise2023(
    { name: 'Vindeln' },
    [
      { area: 'Trafik', text: 'trafikinsatser på infarterna och vid skolorna.', responsible: 'POLICE' },
      { area: 'Platser som upplevs otrygga', text: 'trygghetsvandring i centrum varje höst.', responsible: 'JOINT' },
    ],
    {
      kind: 'ILLUSTRATIVE',
      reference: ILLUSTRATIVE_NOTE,
      summary: 'Innehållet i Vindelns löften för 2023–2025 är inte publicerat här; detta är exempeldata.',
    },
  ),
];

const notPublished = {
  kind: 'ILLUSTRATIVE' as const,
  reference: ILLUSTRATIVE_NOTE,
  summary: 'Innehållet i löftena för 2023–2025 har inte hittats i publicerade källor; detta är exempeldata.',
};

const bjurholm: SeedPromise[] = [
  promise2023(
    { name: 'Bjurholm' },
    [
      { area: 'Trafiksäkerhet', text: 'hastighetskontroller genom tätorten.', responsible: 'POLICE' },
      {
        area: 'Trygghet för äldre',
        text: 'information om bedrägerier på träffpunkter för äldre.',
        responsible: 'JOINT',
      },
    ],
    notPublished,
  ),
];

const nordmaling: SeedPromise[] = [
  {
    // Nordmaling's first promise (nordmaling.se, December 2016). Whether others came between it
    // and 2023–2025 is not published, so neither is the other's `previous`.
    key: 'ml-2017',
    seedRelease: 2,
    title: 'Medborgarlöften för Nordmaling 2017',
    summary:
      'Nordmalings kommuns och polisens första medborgarlöften, undertecknade den 21 december 2016 av kommunpolisen och kommunstyrelsens ordförande: narkotika, trafik, grannsamverkan och kommunens fältverksamhet.',
    period: { start: '2017-01-01', end: '2017-12-31' },
    status: 'COMPLETED',
    signing: { precision: 'DAY', earliest: '2016-12-21', latest: '2016-12-21' },
    signatories: [
      { name: 'Mats Bäckström', title: 'Kommunpolis', organisation: 'Lokalpolisområde Umeå' },
      { name: 'Madelaine Jakobsson', title: 'Kommunstyrelsens ordförande', organisation: 'Nordmalings kommun' },
    ],
    focusAreas: ['Narkotika', 'Trafik', 'Grannsamverkan', 'Fältverksamhet'],
    sourceKind: 'PUBLISHED',
    sourceReference: 'nordmaling.se: nyhet, december 2016',
    commitments: [
      {
        text: 'Narkotika: polisen genomför tillsammans med kommunen minst två särskilda insatser mot narkotika per år utöver det dagliga arbetet, i första hand riktade mot unga.',
        responsible: 'JOINT',
        target: { text: 'Minst två särskilda insatser mot narkotika per år', yearlyCount: 2 },
        sourceKind: 'PUBLISHED',
      },
      {
        text: 'Trafik: polisen genomför minst tre särskilda trafikinsatser – mot rattfylleri, hänsynslös terrängkörning och höga hastigheter.',
        responsible: 'POLICE',
        target: { text: 'Minst tre särskilda trafikinsatser', yearlyCount: 3 },
        sourceKind: 'PUBLISHED',
      },
      {
        text: 'Grannsamverkan: polisen och kommunen får tillsammans fler invånare att gå med i grannsamverkan.',
        responsible: 'JOINT',
        sourceKind: 'PUBLISHED',
      },
      {
        text: 'Fältverksamhet: kommunen fortsätter sin fältverksamhet.',
        responsible: 'KOMMUN',
        sourceKind: 'PUBLISHED',
      },
    ],
  },
  promise2023(
    { name: 'Nordmaling' },
    [
      { area: 'Unga och droger', text: 'samverkan med skolan kring tidig upptäckt.', responsible: 'JOINT' },
      {
        area: 'Trafik',
        text: 'kontroller av mopeder och A-traktorer i Nordmaling och Rundvik.',
        responsible: 'POLICE',
      },
    ],
    notPublished,
  ),
];

export const seedPromises: Record<string, SeedPromise[]> = { umea, bjurholm, nordmaling, robertsfors, vindeln, vannas };

export const seedIds = {
  promise: (kommun: Pick<Kommun, 'code'>, key: string) => `${kommun.code}-${key}`,
  commitment: (promiseId: string, index: number) => `${promiseId}-c${index + 1}`,
  activity: (commitmentId: string, index: number) => `${commitmentId}-a${index + 1}`,
  followUp: (commitmentId: string, year: number) => `${commitmentId}-f${year}`,
};

/** One illustrative follow-up per year of the period: on track, and done in the last year. */
export function seedFollowUps(period: {
  start: string;
  end: string;
}): { year: number; date: string; status: FollowUpStatus; note: string }[] {
  const first = Number(period.start.slice(0, 4));
  const last = Number(period.end.slice(0, 4));
  return Array.from({ length: last - first + 1 }, (_, i) => {
    const year = first + i;
    const done = year === last;
    return {
      year,
      date: `${year}-12-10`,
      status: done ? 'DONE' : 'ON_TRACK',
      note: done
        ? `Årets uppföljning: åtagandet är genomfört. ${ILLUSTRATIVE_NOTE}`
        : `Årets uppföljning: arbetet pågår enligt plan. ${ILLUSTRATIVE_NOTE}`,
    };
  });
}
