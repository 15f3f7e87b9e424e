import { type AnyVariables, type DocumentInput, useMutation, useQuery } from '@urql/preact';
import { useEffect, useRef, useState } from 'preact/hooks';
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
import { LoadError } from '../common.tsx';
import { forKommun } from '../kommun-documents.ts';
import { type SessionState, signInPagePath, signInUrl, useOrganisations, useSession } from '../session.tsx';
import {
  activityKindText,
  followUpStatuses,
  followUpStatusText,
  kommunActivityKinds,
  slugOf,
  todayInSweden,
} from '../swedish.ts';
import { keepUnsavedWrite, newIdempotencyKey, takeUnsavedWrite, type UnsavedWrite } from '../unsaved-writes.ts';
import { writeErrorText } from '../write-errors.ts';

// Refetched after a write: every cached result with commitments (the overview, the kommun page).
const afterWrite = { additionalTypenames: ['Commitment', 'FollowUp', 'Activity'] };

function Outcome({ message, ok }: { message: string | undefined; ok: boolean }) {
  return (
    <p role={ok ? 'status' : 'alert'} class={message ? (ok ? 'saved' : 'alert') : 'visually-hidden'}>
      {message}
    </p>
  );
}

interface FormProps<Input> {
  slug: string;
  kommunName: string;
  commitmentId: string;
  canWrite: boolean;
  /** A write kept while the person signed in again: the form starts with it and sends it once. */
  resume?: Input | undefined;
  resumeKey?: string | undefined;
}

/**
 * One write of a form: sent with an Idempotency-Key that stays the same until it is stored, so a
 * retry never stores it twice; when the session has ended, what was typed is kept and the person
 * is sent through sign-in and back, where it is sent once more (unsaved-writes.ts).
 */
function useKeptWrite<Input, Data>(
  kind: UnsavedWrite['kind'],
  document: DocumentInput<Data, { commitmentId: string; input: Input } & AnyVariables>,
  { slug, kommunName, commitmentId, resume, resumeKey }: FormProps<Input>,
  savedText: (input: Input) => string,
  onSaved: () => void,
) {
  const [outcome, setOutcome] = useState<{ message: string; ok: boolean }>();
  const [{ fetching }, record] = useMutation(document);
  const key = useRef(resumeKey ?? newIdempotencyKey());
  const submit = async (input: Input) => {
    const result = await record({ commitmentId, input } as never, {
      ...afterWrite,
      fetchOptions: { headers: { 'idempotency-key': key.current } },
    });
    if (result.error?.graphQLErrors[0]?.extensions?.code === 'UNAUTHENTICATED') {
      keepUnsavedWrite({ kind, slug, commitmentId, input, idempotencyKey: key.current } as UnsavedWrite);
      setOutcome({ message: writeErrorText(result.error, kommunName), ok: false });
      location.assign(signInUrl(slug, '/redigera'));
    } else if (result.error) setOutcome({ message: writeErrorText(result.error, kommunName), ok: false });
    else {
      setOutcome({ message: savedText(input), ok: true });
      key.current = newIdempotencyKey();
      onSaved();
    }
  };
  const resumed = useRef(false);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the kept write is sent once, when the form first shows.
  useEffect(() => {
    if (resume && !resumed.current) {
      resumed.current = true;
      void submit(resume);
    }
  }, []);
  return { outcome, fetching, submit };
}

function ReadOnlyNote({ canWrite }: { canWrite: boolean }) {
  return canWrite ? null : <p class="hint">Din roll kan bara läsa uppgifterna, inte ändra dem.</p>;
}

function FollowUpForm(props: FormProps<FollowUpInput>) {
  const blank: FollowUpInput = { date: todayInSweden(), status: 'ON_TRACK', note: '' };
  const [form, setForm] = useState<FollowUpInput>(props.resume ?? blank);
  const { outcome, fetching, submit } = useKeptWrite(
    'followUp',
    forKommun(RecordFollowUpDocument, props.slug),
    props,
    (input) => `Uppföljningen är sparad (${followUpStatusText[input.status]}).`,
    () => setForm((f) => ({ ...f, note: '' })),
  );
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        void submit(form);
      }}
      class="panel"
      aria-labelledby="uppfoljning"
    >
      <h2 id="uppfoljning">Ny uppföljning</h2>
      <ReadOnlyNote canWrite={props.canWrite} />
      <fieldset disabled={!props.canWrite}>
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
      </fieldset>
      <Outcome message={outcome?.message} ok={outcome?.ok ?? false} />
    </form>
  );
}

function ActivityForm(props: FormProps<ActivityInput>) {
  const blank: ActivityInput = { date: todayInSweden(), kind: 'MEETING', place: '', description: '' };
  const [form, setForm] = useState<ActivityInput>(props.resume ?? blank);
  const { outcome, fetching, submit } = useKeptWrite(
    'activity',
    forKommun(RecordActivityDocument, props.slug),
    props,
    () => 'Aktiviteten är sparad.',
    () => setForm((f) => ({ ...f, place: '', description: '' })),
  );
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        void submit(form);
      }}
      class="panel"
      aria-labelledby="aktivitet"
    >
      <h2 id="aktivitet">Ny aktivitet</h2>
      <ReadOnlyNote canWrite={props.canWrite} />
      <fieldset disabled={!props.canWrite}>
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
      </fieldset>
      <Outcome message={outcome?.message} ok={outcome?.ok ?? false} />
    </form>
  );
}

function KommunEditor({
  slug,
  kommunName,
  canWrite,
  resume,
}: {
  slug: string;
  kommunName: string;
  canWrite: boolean;
  resume: UnsavedWrite | undefined;
}) {
  const [{ data, error }] = useQuery({ query: forKommun(EditorCommitmentsDocument, slug) });
  const [promiseId, setPromiseId] = useState<string>();
  const [commitmentId, setCommitmentId] = useState<string | undefined>(resume?.commitmentId);
  if (error && !data?.umea.promises) return <LoadError error={error} />;
  if (!data) return <p>Laddar …</p>;
  // Follow-ups often come after a period has ended, so every promise with commitments can be chosen; the current one first.
  const promises = (data.umea.promises ?? [])
    .filter((p) => p.commitments.length > 0)
    .sort((a, b) => b.period.end.localeCompare(a.period.end));
  const promise =
    promises.find((p) => p.id === promiseId) ??
    promises.find((p) => p.commitments.some((c) => c.id === commitmentId)) ??
    promises.find((p) => p.id === data.umea.currentPromise?.id) ??
    promises[0];
  if (!promise) return <p>{kommunName} har inga åtaganden att följa upp.</p>;
  const chosen = promise.commitments.find((c) => c.id === commitmentId)?.id ?? promise.commitments[0]!.id;
  const formProps = { slug, kommunName, commitmentId: chosen, canWrite };
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
        <FollowUpForm
          key={`fu-${chosen}`}
          {...formProps}
          resume={resume?.kind === 'followUp' && resume.commitmentId === chosen ? resume.input : undefined}
          resumeKey={resume?.kind === 'followUp' ? resume.idempotencyKey : undefined}
        />
        <ActivityForm
          key={`ac-${chosen}`}
          {...formProps}
          resume={resume?.kind === 'activity' && resume.commitmentId === chosen ? resume.input : undefined}
          resumeKey={resume?.kind === 'activity' ? resume.idempotencyKey : undefined}
        />
      </div>
    </>
  );
}

/** A kommun's own staff edit their kommun; coordinators and the police see every kommun's commitments, read-only. */
function kommunChoice(session: SessionState, slugs: string[]): { slugs: string[]; canWrite: boolean } {
  const own = slugs.includes(session.organisation ?? '');
  if (own) return { slugs: [session.organisation!], canWrite: session.role === 'editor' };
  return { slugs, canWrite: false };
}

export function EditorPage() {
  const session = useSession();
  // A write kept while the person signed in again is taken once they are back, and sent once.
  const [resume, setResume] = useState<UnsavedWrite>();
  useEffect(() => {
    if (!session?.signedIn) return;
    const kept = takeUnsavedWrite();
    if (kept) {
      setResume(kept);
      setChosenSlug(kept.slug);
    }
  }, [session?.signedIn]);
  const [{ data, error }] = useQuery({ query: KommunerDocument });
  const kommuner = (data?.localPoliceArea?.municipalities ?? []).flatMap((m) =>
    m ? [{ slug: slugOf(m.__typename), name: m.name }] : [],
  );
  const [chosenSlug, setChosenSlug] = useState<string>();
  const organisations = useOrganisations();
  if (!session) return <p>Laddar …</p>;
  if (!session.signedIn)
    return (
      <>
        <h1>Redigera uppföljning</h1>
        <p>
          Logga in för att föra in uppföljningar och aktiviteter för din kommun.{' '}
          <a href={signInPagePath('/redigera')}>Logga in</a>
        </p>
      </>
    );
  const choice = kommunChoice(
    session,
    kommuner.map((k) => k.slug),
  );
  const slug = choice.slugs.includes(chosenSlug ?? '') ? chosenSlug : choice.slugs[0];
  const kommun = kommuner.find((k) => k.slug === slug);
  // Until the organisations are known, the name the other pages use ("Vännäs kommun").
  const officialName = organisations?.find((o) => o.slug === slug)?.name ?? (kommun ? `${kommun.name} kommun` : '');
  return (
    <>
      <h1>Redigera uppföljning</h1>
      {error && !data && <LoadError error={error} />}
      {kommun && (
        <section aria-labelledby="kommunval">
          <h2 id="kommunval">Kommunens åtaganden</h2>
          {choice.slugs.length > 1 ? (
            <>
              <label for="kommun">Kommun</label>
              <select id="kommun" value={kommun.slug} onChange={(e) => setChosenSlug(e.currentTarget.value)}>
                {kommuner.map((k) => (
                  <option key={k.slug} value={k.slug}>
                    {k.name}
                  </option>
                ))}
              </select>
            </>
          ) : (
            <p>{officialName}</p>
          )}
          <KommunEditor
            key={`${kommun.slug}-${resume ? 'kept' : 'new'}`}
            slug={kommun.slug}
            kommunName={officialName}
            canWrite={choice.canWrite}
            resume={resume?.slug === kommun.slug ? resume : undefined}
          />
        </section>
      )}
    </>
  );
}
