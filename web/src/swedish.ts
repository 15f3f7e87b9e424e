// Swedish words for the API's enum values and dates, in one place for every page.
export const followUpStatusText: Record<string, string> = {
  NOT_STARTED: 'Ej påbörjat',
  ON_TRACK: 'Pågår enligt plan',
  DELAYED: 'Försenat',
  DONE: 'Genomfört',
};
export const NOT_FOLLOWED_UP = 'Ej uppföljt';

export const followUpStatuses = ['NOT_STARTED', 'ON_TRACK', 'DELAYED', 'DONE'] as const;

export const activityKindText: Record<string, string> = {
  CAMPAIGN: 'Kampanj',
  SAFETY_WALK: 'Trygghetsvandring',
  TRAFFIC_CONTROL: 'Trafikkontroll',
  PARENT_MEETING: 'Föräldramöte',
  INSPECTION: 'Tillsyn',
  EDUCATION: 'Utbildning',
  MEETING: 'Möte',
  OTHER: 'Annan aktivitet',
  TRAFFIC_OPERATION: 'Trafikinsats',
  MOPED_CONTROL: 'Mopedkontroll',
  SCHOOL_VISIT: 'Skolbesök',
  PATROL: 'Riktad patrullering',
  INFORMATION: 'Information',
};
export const kommunActivityKinds = [
  'CAMPAIGN',
  'SAFETY_WALK',
  'TRAFFIC_CONTROL',
  'PARENT_MEETING',
  'INSPECTION',
  'EDUCATION',
  'MEETING',
  'OTHER',
] as const;

export function responsibleText(responsible: string, otherParty?: string | null): string {
  switch (responsible) {
    case 'KOMMUN':
      return 'Kommunen';
    case 'POLICE':
      return 'Polisen';
    case 'JOINT':
      return 'Kommunen och polisen';
    default:
      return otherParty ?? 'Annan part';
  }
}

export const promiseStatusText: Record<string, string> = {
  PREPARATION: 'Under framtagande',
  DRAFT: 'Utkast',
  ACTIVE: 'Antaget',
  COMPLETED: 'Avslutat',
  WITHDRAWN: 'Återkallat',
};

export const trendText: Record<string, string> = {
  IMPROVING: 'Förbättring',
  WORSENING: 'Försämring',
  UNCHANGED: 'Oförändrat',
  NOT_MEASURED: 'Ej mätt ännu',
};

export const dialogueMethodText: Record<string, string> = {
  SURVEY: 'Enkät',
  SAFETY_WALK: 'Trygghetsvandring',
  FOCUS_GROUP: 'Fokusgrupp',
  MEETING: 'Möte',
  OTHER: 'Annan metod',
};

const longDate = new Intl.DateTimeFormat('sv-SE', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });

/** "3 mars 2023" for an ISO date. */
export function dateText(isoDate: string): string {
  return longDate.format(new Date(`${isoDate}T00:00:00Z`));
}

export function periodText(period: { start: string; end: string }): string {
  return `${dateText(period.start)} – ${dateText(period.end)}`;
}

/** Today in Sweden as YYYY-MM-DD (the API's dates are Swedish dates). */
export function todayInSweden(): string {
  return new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm' }).format(new Date());
}

/** The slug of a `<Slug>Municipality` type: its root field, and the kommun's part of the page URLs. */
export function slugOf(typename: string): string {
  return typename.replace(/Municipality$/, '').toLowerCase();
}
