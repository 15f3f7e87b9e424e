import { useQuery } from '@urql/preact';
import { KommunCommitmentsDocument, KommunPageDocument, type KommunPageQuery } from '../../generated/gql/graphql.ts';
import { LoadError, SourceLabel } from '../common.tsx';
import { forKommun } from '../kommun-documents.ts';
import { reportPath } from '../router.tsx';
import {
  activityKindText,
  dateText,
  dialogueMethodText,
  followUpStatusText,
  NOT_FOLLOWED_UP,
  periodText,
  promiseStatusText,
  responsibleText,
  todayInSweden,
} from '../swedish.ts';

type KommunPromise = NonNullable<KommunPageQuery['umea']['promises']>[number];

/** The promises as one history: each followed by the one that `extends` it or names it as `previous`, oldest first. */
function history(promises: KommunPromise[]): KommunPromise[] {
  const successorOf = new Map<string, KommunPromise>();
  for (const p of promises) {
    const before = p.extends?.id ?? p.previous?.id;
    if (before) successorOf.set(before, p);
  }
  const ids = new Set(promises.map((p) => p.id));
  const firsts = promises.filter((p) => {
    const before = p.extends?.id ?? p.previous?.id;
    return !before || !ids.has(before);
  });
  const ordered: KommunPromise[] = [];
  for (const first of firsts.sort((a, b) => a.period.start.localeCompare(b.period.start))) {
    for (let p: KommunPromise | undefined = first; p && !ordered.includes(p); p = successorOf.get(p.id))
      ordered.push(p);
  }
  return [...ordered, ...promises.filter((p) => !ordered.includes(p))];
}

function Commitments({ slug, promiseId }: { slug: string; promiseId: string }) {
  const [{ data, error }] = useQuery({ query: forKommun(KommunCommitmentsDocument, slug), variables: { promiseId } });
  if (error && !data) return <LoadError error={error} />;
  const promise = data?.umea.promise;
  if (!promise) return <p>Laddar åtaganden …</p>;
  if (promise.commitments.length === 0) return <p>Löftet har inga åtaganden inlagda ännu.</p>;
  return (
    <ol class="commitments">
      {promise.commitments.map((c) => {
        const latest = c.followUps.at(-1);
        const activities = [
          ...c.activities.map((a) => ({ ...a, party: 'Kommunen' })),
          ...(c.policeActivities ?? []).map((a) => ({ ...a, party: 'Polisen' })),
        ].sort((a, b) => b.date.localeCompare(a.date));
        return (
          <li key={c.id} class="commitment">
            <p class="commitment-text">
              {c.text} <SourceLabel kind={c.source.kind} />
            </p>
            <dl class="facts">
              <dt>Ansvarig</dt>
              <dd>{responsibleText(c.responsible, c.otherParty)}</dd>
              <dt>Mål</dt>
              <dd>{c.target ? c.target.text : 'Inget mål angivet'}</dd>
              <dt>Senaste uppföljning</dt>
              <dd>
                {latest
                  ? `${followUpStatusText[latest.status]} (${dateText(latest.date)}): ${latest.note}`
                  : NOT_FOLLOWED_UP}
              </dd>
            </dl>
            {activities.length > 0 && (
              <details>
                <summary>Aktiviteter ({activities.length})</summary>
                <ul>
                  {activities.map((a) => (
                    <li key={a.id}>
                      {dateText(a.date)}, {a.party}: {activityKindText[a.kind] ?? a.kind}, {a.place}. {a.description}
                    </li>
                  ))}
                </ul>
              </details>
            )}
          </li>
        );
      })}
    </ol>
  );
}

export function KommunPage({ slug }: { slug: string }) {
  const today = todayInSweden();
  const [{ data, error, fetching }] = useQuery({
    query: forKommun(KommunPageDocument, slug),
    variables: { on: today },
  });
  const kommun = data?.umea;
  if (!kommun) return fetching ? <p>Laddar …</p> : error ? <LoadError error={error} /> : <p>Kommunen finns inte.</p>;
  if (!kommun.promises) return error ? <LoadError error={error} /> : <p>Inga uppgifter.</p>;
  const currentId = kommun.currentPromise?.id;
  const focusId = currentId ?? kommun.promises.find((p) => p.period.end === kommun.lastPromiseEndedOn)?.id;
  const picture = kommun.latestSituationPicture;
  const agreement = kommun.currentCollaborationAgreement;
  return (
    <>
      <h1>{kommun.name} kommun</h1>
      <section aria-labelledby="historik">
        <h2 id="historik">Medborgarlöften över tid</h2>
        <ol class="timeline">
          {history(kommun.promises).map((p) => (
            <li key={p.id} class={p.id === currentId ? 'current' : undefined}>
              <a href={reportPath(slug, p.id)}>{p.title}</a> <SourceLabel kind={p.source.kind} />
              <br />
              {periodText(p.period)} · {promiseStatusText[p.status] ?? p.status}
              {p.id === currentId && ' · gäller nu'}
              {p.signing && ` · undertecknat ${p.signing.text}`}
            </li>
          ))}
        </ol>
        {!currentId && kommun.lastPromiseEndedOn && (
          <p>Det senaste löftet upphörde {dateText(kommun.lastPromiseEndedOn)}.</p>
        )}
      </section>
      {focusId && (
        <section aria-labelledby="ataganden">
          <h2 id="ataganden">{currentId ? 'Åtaganden i det gällande löftet' : 'Åtaganden i det senaste löftet'}</h2>
          <Commitments slug={slug} promiseId={focusId} />
        </section>
      )}
      <section aria-labelledby="lagesbild" class="panel">
        <h2 id="lagesbild">Lägesbild</h2>
        {picture ? (
          <>
            <h3>
              {picture.title} <SourceLabel kind={picture.source.kind} />
            </h3>
            <p>
              {dateText(picture.date)}. {picture.summary}
            </p>
            {picture.prioritisedProblems.length > 0 && (
              <p>Prioriterade problem: {picture.prioritisedProblems.join(', ')}.</p>
            )}
          </>
        ) : (
          <p>Ingen lägesbild.</p>
        )}
      </section>
      <section aria-labelledby="dialog" class="panel">
        <h2 id="dialog">Medborgardialog</h2>
        {kommun.citizenDialogues?.length ? (
          <ul>
            {kommun.citizenDialogues.map((d) => (
              <li key={d.id}>
                <strong>{d.title}</strong> <SourceLabel kind={d.source.kind} /> (
                {dialogueMethodText[d.method] ?? d.method}, {periodText(d.period)}
                {d.participantCount != null && `, ${d.participantCount} deltagare`}). {d.keyFindings.join(' ')}
              </li>
            ))}
          </ul>
        ) : (
          <p>Ingen medborgardialog registrerad.</p>
        )}
      </section>
      <section aria-labelledby="overenskommelse" class="panel">
        <h2 id="overenskommelse">Samverkansöverenskommelse</h2>
        {agreement ? (
          <p>
            <strong>{agreement.title}</strong> <SourceLabel kind={agreement.source.kind} />,{' '}
            {periodText(agreement.period)}. Parter: {agreement.parties.join(', ')}.
            {agreement.coordinatingFunction && ` Samordnas av ${agreement.coordinatingFunction}.`} Uppföljning:{' '}
            {agreement.followUpPlan}
          </p>
        ) : (
          <p>Ingen gällande samverkansöverenskommelse.</p>
        )}
      </section>
    </>
  );
}
