import { useQuery } from '@urql/preact';
import { CitizenReportDocument } from '../../generated/gql/graphql.ts';
import { LoadError, SourceLabel } from '../common.tsx';
import { forKommun } from '../kommun-documents.ts';
import { kommunPath } from '../router.tsx';
import { dateText, followUpStatusText, NOT_FOLLOWED_UP, periodText, responsibleText, trendText } from '../swedish.ts';
import { TrendChart } from '../trend-chart.tsx';

/** A promise's återrapportering for residents: what was promised, how far each part has come, and what the figures show. */
export function CitizenReportPage({ slug, promiseId }: { slug: string; promiseId: string }) {
  const [{ data, error, fetching }] = useQuery({
    query: forKommun(CitizenReportDocument, slug),
    variables: { promiseId },
  });
  const report = data?.umea.citizenReport;
  if (!report || !data)
    return fetching ? <p>Laddar …</p> : error ? <LoadError error={error} /> : <p>Löftet finns inte.</p>;
  const { promise } = report;
  return (
    <article class="report">
      <p class="crumbs">
        <a href={kommunPath(slug)}>{data.umea.name} kommun</a>
      </p>
      <h1>
        {promise.title} <SourceLabel kind={promise.source.kind} />
      </h1>
      <p class="lead">{promise.summary}</p>
      <p>
        Löftet gäller {periodText(promise.period)}. Den här rapporten visar läget {dateText(report.asOf)}.
      </p>
      {promise.focusAreas.length > 0 && <p>Det här löftet handlar om: {promise.focusAreas.join(', ')}.</p>}

      <section aria-labelledby="lage">
        <h2 id="lage">Så långt har vi kommit</h2>
        <ul class="figures" data-figure="by-status">
          {report.commitmentsByStatus
            .filter((s) => s.count > 0)
            .map((s) => (
              <li key={s.status}>
                {followUpStatusText[s.status]}: <strong>{s.count}</strong>
              </li>
            ))}
          {report.notFollowedUp > 0 && (
            <li>
              {NOT_FOLLOWED_UP}: <strong>{report.notFollowedUp}</strong>
            </li>
          )}
        </ul>
        {report.withdrawnCommitments > 0 && <p>{report.withdrawnCommitments} åtaganden har tagits tillbaka.</p>}
      </section>

      <section aria-labelledby="vad-vi-lovade">
        <h2 id="vad-vi-lovade">Vad vi lovade och hur det går</h2>
        <ol class="commitments">
          {report.commitments.map(({ commitment, latestFollowUp }) => (
            <li key={commitment.id} class="commitment" data-commitment={commitment.id}>
              <p class="commitment-text">{commitment.text}</p>
              <p>
                Ansvarig: {responsibleText(commitment.responsible, commitment.otherParty)}.
                {commitment.target && ` Mål: ${commitment.target.text}.`}
              </p>
              <p data-figure="status">
                {latestFollowUp
                  ? `${followUpStatusText[latestFollowUp.status]} (${dateText(latestFollowUp.date)}). ${latestFollowUp.note}`
                  : `${NOT_FOLLOWED_UP} ännu.`}
              </p>
            </li>
          ))}
        </ol>
      </section>

      <section aria-labelledby="matningar">
        <h2 id="matningar">Vad mätningarna visar</h2>
        {report.indicators.length === 0 && <p>Löftet har inga mätningar ännu.</p>}
        {report.indicators.map((trend) => (
          <div key={trend.indicator.id} class="indicator" data-indicator={trend.indicator.id}>
            <h3>{trend.indicator.name}</h3>
            <p>{trend.indicator.definition}</p>
            <p data-figure="trend">
              {trendText[trend.direction] ?? trend.direction}
              {trend.baseline &&
                ` sedan utgångsvärdet ${trend.baseline.value.toLocaleString('sv-SE')} ${trend.indicator.unit} (${dateText(trend.baseline.date)})`}
              {trend.target &&
                `. Målet är ${trend.target.value.toLocaleString('sv-SE')} ${trend.indicator.unit} till ${dateText(trend.target.date)}`}
              {trend.targetReached === true && ', och det är nått'}.
            </p>
            <TrendChart
              name={trend.indicator.name}
              unit={trend.indicator.unit}
              points={trend.measurements.map((m) => ({ date: m.date, value: m.value }))}
              target={trend.target?.value}
            />
            {trend.measurements.some((m) => m.source.kind === 'ILLUSTRATIVE') && (
              <p class="note">Några av värdena är illustrativa exempel.</p>
            )}
          </div>
        ))}
      </section>
    </article>
  );
}
