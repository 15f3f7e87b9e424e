import { useQuery } from '@urql/preact';
import {
  type OverviewPromiseFragment,
  RegionalOverviewDocument,
  type RegionalOverviewQuery,
} from '../../generated/gql/graphql.ts';
import { LoadError, SourceLabel } from '../common.tsx';
import { kommunPath } from '../router.tsx';
import {
  dateText,
  followUpStatuses,
  followUpStatusText,
  NOT_FOLLOWED_UP,
  periodText,
  slugOf,
  todayInSweden,
} from '../swedish.ts';

type MunicipalityCard = NonNullable<NonNullable<RegionalOverviewQuery['localPoliceArea']>['municipalities'][number]>;

/** What a card counts, from the promise's commitments that stand. */
function cardFigures(promise: OverviewPromiseFragment, year: string) {
  const byStatus = new Map<string, number>();
  let latestFollowUp: string | undefined;
  let kommunActivities = 0;
  let policeActivities = 0;
  for (const commitment of promise.commitments) {
    const latest = commitment.followUps.at(-1);
    const status = latest ? followUpStatusText[latest.status]! : NOT_FOLLOWED_UP;
    byStatus.set(status, (byStatus.get(status) ?? 0) + 1);
    for (const followUp of commitment.followUps)
      if (!latestFollowUp || followUp.date > latestFollowUp) latestFollowUp = followUp.date;
    kommunActivities += commitment.activities.filter((a) => a.date.startsWith(year)).length;
    policeActivities += (commitment.policeActivities ?? []).filter((a) => a.date.startsWith(year)).length;
  }
  const statuses = [...followUpStatuses.map((s) => followUpStatusText[s]!), NOT_FOLLOWED_UP];
  return {
    byStatus: statuses.filter((s) => byStatus.has(s)).map((s) => [s, byStatus.get(s)!] as const),
    latestFollowUp,
    kommunActivities,
    policeActivities,
    illustrative:
      promise.source.kind === 'ILLUSTRATIVE' || promise.commitments.some((c) => c.source.kind === 'ILLUSTRATIVE'),
  };
}

function Card({
  municipality,
  unreachable,
  today,
}: {
  municipality: MunicipalityCard;
  unreachable: boolean;
  today: string;
}) {
  const slug = slugOf(municipality.__typename);
  const headingId = `kommun-${slug}`;
  if (unreachable) {
    return (
      <li class="card card-down" aria-labelledby={headingId} data-kommun={slug}>
        <h2 id={headingId}>{municipality.name}</h2>
        <p role="status">{municipality.name} kommun kan inte nås just nu.</p>
      </li>
    );
  }
  // The promise in force, or else the one that ended last, so a kommun between promises still shows its latest work.
  const ended = municipality.lastPromiseEndedOn;
  const promise = municipality.currentPromise ?? municipality.promises?.find((p) => p.period.end === ended);
  const year = today.slice(0, 4);
  const figures = promise && cardFigures(promise, year);
  const periodLine = municipality.currentPromise
    ? `Gäller ${periodText(municipality.currentPromise.period)}`
    : `Inget gällande medborgarlöfte. ${ended ? `Det senaste löftet upphörde ${dateText(ended)}.` : ''}`.trim();
  return (
    <li class="card" aria-labelledby={headingId} data-kommun={slug}>
      <h2 id={headingId}>
        <a href={kommunPath(slug)}>{municipality.name}</a>
      </h2>
      {promise && figures ? (
        <>
          <p class="promise-title">
            <a href={`/kommun/${slug}/loften/${encodeURIComponent(promise.id)}`}>{promise.title}</a>{' '}
            <SourceLabel kind={promise.source.kind} />
          </p>
          <p data-figure="period">{periodLine}</p>
          <h3>Åtaganden efter läge</h3>
          {figures.byStatus.length === 0 && <p>Inga åtaganden inlagda ännu.</p>}
          <ul class="figures" data-figure="by-status">
            {figures.byStatus.map(([status, count]) => (
              <li key={status}>
                {status}: <strong>{count}</strong>
              </li>
            ))}
          </ul>
          <dl class="facts">
            <dt>Senaste uppföljning</dt>
            <dd data-figure="latest-follow-up">
              {figures.latestFollowUp ? dateText(figures.latestFollowUp) : 'Ingen ännu'}
            </dd>
            <dt>Kommunens aktiviteter {year}</dt>
            <dd data-figure="kommun-activities">{figures.kommunActivities}</dd>
            <dt>Polisens aktiviteter {year}</dt>
            <dd data-figure="police-activities">{figures.policeActivities}</dd>
          </dl>
          {figures.illustrative && <p class="note">Innehåller illustrativa exempeluppgifter.</p>}
        </>
      ) : (
        <p data-figure="period">{periodLine}</p>
      )}
    </li>
  );
}

export function Overview() {
  const today = todayInSweden();
  const [{ data, error, fetching }] = useQuery({ query: RegionalOverviewDocument, variables: { on: today } });
  const area = data?.localPoliceArea;
  if (!area) return fetching ? <p>Laddar …</p> : error ? <LoadError error={error} /> : <p>Inga uppgifter.</p>;
  // A kommun whose subgraph is down answers nothing; the gateway names it in the error's extensions.
  const unreachable = new Set((error?.graphQLErrors ?? []).map((e) => e.extensions?.kommunCode).filter(Boolean));
  const picture = area.latestSituationPicture;
  return (
    <>
      <h1>Medborgarlöften i {area.name}</h1>
      <p class="lead">
        Kommunerna och polisen lovar invånarna att tillsammans arbeta för tryggheten. Så här går arbetet i dag.
      </p>
      <ul class="cards" aria-label="Kommunerna">
        {area.municipalities.map(
          (m) => m && <Card key={m.code} municipality={m} unreachable={unreachable.has(m.code)} today={today} />,
        )}
      </ul>
      <section aria-labelledby="polisens-lagesbild" class="panel">
        <h2 id="polisens-lagesbild">Polisens senaste lägesbild</h2>
        {picture ? (
          <>
            <h3>
              {picture.title} <SourceLabel kind={picture.source.kind} />
            </h3>
            <p>{dateText(picture.date)}</p>
            <p data-figure="police-summary">{picture.summary}</p>
            {picture.prioritisedProblems.length > 0 && (
              <>
                <h4>Prioriterade problem</h4>
                <ul>
                  {picture.prioritisedProblems.map((p) => (
                    <li key={p}>{p}</li>
                  ))}
                </ul>
              </>
            )}
          </>
        ) : (
          <p>Polisens lägesbild kan inte visas just nu.</p>
        )}
      </section>
    </>
  );
}
