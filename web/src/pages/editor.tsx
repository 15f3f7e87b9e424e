import { useMutation, useQuery } from '@urql/preact';
import { useState } from 'preact/hooks';
import {
  type ActivityInput,
  type ActivityKind,
  EditorCommitmentsDocument,
  type FollowUpInput,
  type FollowUpStatus,
  KommunerDocument,
  RecordActivityDocument,
  RecordFollowUpDocument,
} from '../../generated/gql/graphql.ts';
import { TOKEN_KEY } from '../client.ts';
import { LoadError } from '../common.tsx';
import { forKommun } from '../kommun-documents.ts';
import {
  activityKindText,
  followUpStatuses,
  followUpStatusText,
  kommunActivityKinds,
  slugOf,
  todayInSweden,
} from '../swedish.ts';
import { writeErrorText } from '../write-errors.ts';

interface TokenClaims {
  sub?: string;
  org?: string;
  role?: string;
}

/** The claims of a bearer token, read only to preselect the kommun; the hub verifies the token on every request. */
function claimsOf(token: string): TokenClaims | undefined {
  try {
    const payload = token.split('.')[1]!.replace(/-/g, '+').replace(/_/g, '/');
    return JSON.parse(new TextDecoder().decode(Uint8Array.from(atob(payload), (c) => c.charCodeAt(0))));
  } catch {
    return undefined;
  }
}

// Refetched after a write: every cached result with commitments (the overview, the kommun page).
const afterWrite = { additionalTypenames: ['Commitment', 'FollowUp', 'Activity'] };

function Outcome({ message, ok }: { message: string | undefined; ok: boolean }) {
  return (
    <p role={ok ? 'status' : 'alert'} class={message ? (ok ? 'saved' : 'alert') : 'visually-hidden'}>
      {message}
    </p>
  );
}

function FollowUpForm({ slug, kommunName, commitmentId }: { slug: string; kommunName: string; commitmentId: string }) {
  const [form, setForm] = useState<FollowUpInput>({ date: todayInSweden(), status: 'ON_TRACK', note: '' });
  const [outcome, setOutcome] = useState<{ message: string; ok: boolean }>();
  const [{ fetching }, record] = useMutation(forKommun(RecordFollowUpDocument, slug));
  const submit = async (event: Event) => {
    event.preventDefault();
    const result = await record({ commitmentId, input: form }, afterWrite);
    if (result.error) setOutcome({ message: writeErrorText(result.error, kommunName), ok: false });
    else {
      setOutcome({ message: `Uppföljningen är sparad (${followUpStatusText[form.status]}).`, ok: true });
      setForm({ ...form, note: '' });
    }
  };
  return (
    <form onSubmit={submit} class="panel" aria-labelledby="uppfoljning">
      <h2 id="uppfoljning">Ny uppföljning</h2>
      <label for="fu-date">Datum</label>
      <input
        id="fu-date"
        type="date"
        required
        value={form.date}
        onInput={(e) => setForm({ ...form, date: e.currentTarget.value })}
      />
      <label for="fu-status">Läge</label>
      <select
        id="fu-status"
        value={form.status}
        onChange={(e) => setForm({ ...form, status: e.currentTarget.value as FollowUpStatus })}
      >
        {followUpStatuses.map((s) => (
          <option key={s} value={s}>
            {followUpStatusText[s]}
          </option>
        ))}
      </select>
      <label for="fu-note">Anteckning</label>
      <textarea
        id="fu-note"
        required
        rows={3}
        value={form.note}
        onInput={(e) => setForm({ ...form, note: e.currentTarget.value })}
      />
      <button type="submit" disabled={fetching}>
        Spara uppföljning
      </button>
      <Outcome message={outcome?.message} ok={outcome?.ok ?? false} />
    </form>
  );
}

function ActivityForm({ slug, kommunName, commitmentId }: { slug: string; kommunName: string; commitmentId: string }) {
  const [form, setForm] = useState<ActivityInput>({
    date: todayInSweden(),
    kind: 'MEETING',
    place: '',
    description: '',
  });
  const [outcome, setOutcome] = useState<{ message: string; ok: boolean }>();
  const [{ fetching }, record] = useMutation(forKommun(RecordActivityDocument, slug));
  const submit = async (event: Event) => {
    event.preventDefault();
    const result = await record({ commitmentId, input: form }, afterWrite);
    if (result.error) setOutcome({ message: writeErrorText(result.error, kommunName), ok: false });
    else {
      setOutcome({ message: 'Aktiviteten är sparad.', ok: true });
      setForm({ ...form, place: '', description: '' });
    }
  };
  return (
    <form onSubmit={submit} class="panel" aria-labelledby="aktivitet">
      <h2 id="aktivitet">Ny aktivitet</h2>
      <label for="ac-date">Datum</label>
      <input
        id="ac-date"
        type="date"
        required
        value={form.date}
        onInput={(e) => setForm({ ...form, date: e.currentTarget.value })}
      />
      <label for="ac-kind">Typ av aktivitet</label>
      <select
        id="ac-kind"
        value={form.kind}
        onChange={(e) => setForm({ ...form, kind: e.currentTarget.value as ActivityKind })}
      >
        {kommunActivityKinds.map((k) => (
          <option key={k} value={k}>
            {activityKindText[k]}
          </option>
        ))}
      </select>
      <label for="ac-place">Plats</label>
      <input
        id="ac-place"
        required
        value={form.place}
        onInput={(e) => setForm({ ...form, place: e.currentTarget.value })}
      />
      <label for="ac-description">Beskrivning</label>
      <textarea
        id="ac-description"
        required
        rows={3}
        value={form.description}
        onInput={(e) => setForm({ ...form, description: e.currentTarget.value })}
      />
      <button type="submit" disabled={fetching}>
        Spara aktivitet
      </button>
      <Outcome message={outcome?.message} ok={outcome?.ok ?? false} />
    </form>
  );
}

function KommunEditor({ slug, kommunName }: { slug: string; kommunName: string }) {
  const [{ data, error }] = useQuery({ query: forKommun(EditorCommitmentsDocument, slug) });
  const [promiseId, setPromiseId] = useState<string>();
  const [commitmentId, setCommitmentId] = useState<string>();
  if (error && !data?.umea.promises) return <LoadError error={error} />;
  if (!data) return <p>Laddar …</p>;
  // Follow-ups often come after a period has ended, so every promise with commitments can be chosen; the current one first.
  const promises = (data.umea.promises ?? [])
    .filter((p) => p.commitments.length > 0)
    .sort((a, b) => b.period.end.localeCompare(a.period.end));
  const promise =
    promises.find((p) => p.id === promiseId) ??
    promises.find((p) => p.id === data.umea.currentPromise?.id) ??
    promises[0];
  if (!promise) return <p>{kommunName} kommun har inga åtaganden att följa upp.</p>;
  const chosen = promise.commitments.find((c) => c.id === commitmentId)?.id ?? promise.commitments[0]!.id;
  return (
    <>
      <label for="promise">Medborgarlöfte</label>
      <select id="promise" value={promise.id} onChange={(e) => setPromiseId(e.currentTarget.value)}>
        {promises.map((p) => (
          <option key={p.id} value={p.id}>
            {p.title}
          </option>
        ))}
      </select>
      <label for="commitment">Åtagande</label>
      <select id="commitment" value={chosen} onChange={(e) => setCommitmentId(e.currentTarget.value)}>
        {promise.commitments.map((c) => (
          <option key={c.id} value={c.id}>
            {c.text}
          </option>
        ))}
      </select>
      <div class="forms">
        <FollowUpForm slug={slug} kommunName={kommunName} commitmentId={chosen} />
        <ActivityForm slug={slug} kommunName={kommunName} commitmentId={chosen} />
      </div>
    </>
  );
}

export function EditorPage() {
  const [token, setToken] = useState(() => sessionStorage.getItem(TOKEN_KEY) ?? '');
  const [draft, setDraft] = useState(token);
  const claims = token ? claimsOf(token) : undefined;
  const [{ data, error }] = useQuery({ query: KommunerDocument });
  const kommuner = (data?.localPoliceArea?.municipalities ?? []).flatMap((m) =>
    m ? [{ slug: slugOf(m.__typename), name: m.name }] : [],
  );
  const [chosenSlug, setChosenSlug] = useState<string>();
  const slug = chosenSlug ?? (kommuner.some((k) => k.slug === claims?.org) ? claims?.org : kommuner[0]?.slug);
  const kommun = kommuner.find((k) => k.slug === slug);
  const signIn = (event: Event) => {
    event.preventDefault();
    const trimmed = draft.trim();
    if (trimmed) sessionStorage.setItem(TOKEN_KEY, trimmed);
    else sessionStorage.removeItem(TOKEN_KEY);
    setToken(trimmed);
  };
  return (
    <>
      <h1>Redigera uppföljning</h1>
      <form onSubmit={signIn} class="panel" aria-labelledby="inloggning">
        <h2 id="inloggning">Inloggning</h2>
        <label for="token">Token</label>
        <p id="token-hint" class="hint">
          Klistra in den token du fått (under utveckling: <code>npm run token -- --org umea --role editor</code>).
        </p>
        <textarea
          id="token"
          aria-describedby="token-hint"
          rows={3}
          value={draft}
          onInput={(e) => setDraft(e.currentTarget.value)}
        />
        <button type="submit">Använd token</button>
        {token && (
          <p role="status">
            {claims?.org
              ? `Inloggad som ${claims.sub ?? 'okänd'} (${claims.org}, ${claims.role === 'editor' ? 'redaktör' : 'läsare'}).`
              : 'Token sparad.'}
          </p>
        )}
      </form>
      {error && !data && <LoadError error={error} />}
      {token && kommun && (
        <section aria-labelledby="kommunval">
          <h2 id="kommunval">Kommunens åtaganden</h2>
          <label for="kommun">Kommun</label>
          <select id="kommun" value={kommun.slug} onChange={(e) => setChosenSlug(e.currentTarget.value)}>
            {kommuner.map((k) => (
              <option key={k.slug} value={k.slug}>
                {k.name}
              </option>
            ))}
          </select>
          <KommunEditor key={kommun.slug} slug={kommun.slug} kommunName={kommun.name} />
        </section>
      )}
    </>
  );
}
