import { todayInSweden } from '../domain/dates.js';
import { type FollowUpStatus, followUpStatuses } from '../domain/enums.js';
import { type IndicatorTrend, indicatorTrend } from '../domain/indicator-trend.js';
import type {
  CitizenDialogueRecord,
  CitizenPromiseRecord,
  CollaborationAgreementRecord,
  CommitmentRecord,
  IndicatorRecord,
  MeasurementCorrectionRecord,
  MeasurementRecord,
  WithdrawalFields,
} from '../domain/records.js';
import { withoutWithdrawn } from '../domain/withdrawals.js';
import type { SubgraphBuilder } from './builder.js';
import type { SharedEnums } from './enums.js';
import type { KommunReadContext } from './kommun-read-context.js';
import { periodOf } from './period.js';
import { type PromiseTypes, sharedEntity } from './promise-types.js';
import { includeWithdrawnArg, listedRecords, versionField, withdrawalField, withdrawalOf } from './record-fields.js';
import { addSituationPictureType } from './situation-picture.js';

/**
 * What the promises stand on, owned by each kommun: lägesbild, medborgardialog,
 * samverkansöverenskommelse and indicators with their measurements, and the citizen report
 * that feeds back to residents what was promised, what was done and how the indicators moved.
 */

/** A citizen report is made for one promise as of one date. */
export interface CitizenReportParent {
  promise: CitizenPromiseRecord;
  asOf: string;
}

/** A trend counts only measurements that stand: a withdrawn one is listed apart (`withdrawnMeasurements`). */
async function trendOf(ctx: KommunReadContext, indicator: IndicatorRecord, until: string): Promise<IndicatorTrend> {
  return indicatorTrend(
    indicator,
    withoutWithdrawn(await ctx.loaders.measurementsByIndicator.load(indicator.id), false),
    until,
  );
}

/** Linked records (a promise's lägesbilder, dialogues and indicators; the promises a record informed): only those that stand. */
const standing = async <Row extends WithdrawalFields>(rows: Promise<Row[]>) => withoutWithdrawn(await rows, false);

/** Indicators of a promise and of its commitments, each once, the promise's own first. */
async function reportIndicators(ctx: KommunReadContext, promise: CitizenPromiseRecord): Promise<IndicatorRecord[]> {
  const commitments = await ctx.loaders.commitmentsByPromise.load(promise.id);
  const lists = await Promise.all([
    ctx.loaders.indicatorsByPromise.load(promise.id),
    ...commitments.map((c) => ctx.loaders.indicatorsByCommitment.load(c.id)),
  ]);
  return [...new Map(withoutWithdrawn(lists.flat(), false).map((indicator) => [indicator.id, indicator])).values()];
}

/** A commitment's latest follow-up that stands, also when it was made after the promise's period (the closing one often is). */
export async function latestFollowUp(ctx: KommunReadContext, commitment: CommitmentRecord) {
  return withoutWithdrawn(await ctx.loaders.followUpsByCommitment.load(commitment.id), false).at(-1) ?? null;
}

/** The latest follow-up of each of a promise's commitments that stand (null where there is none yet); withdrawn ones are counted apart. */
export async function latestFollowUps(ctx: KommunReadContext, promise: CitizenPromiseRecord) {
  const commitments = withoutWithdrawn(await ctx.loaders.commitmentsByPromise.load(promise.id), false);
  return Promise.all(commitments.map((c) => latestFollowUp(ctx, c)));
}

export function addFoundationTypes<Context extends KommunReadContext>(
  builder: SubgraphBuilder<Context>,
  enums: SharedEnums,
  { CitizenPromise, Commitment, FollowUp, Period, Signatory, Source, Withdrawal }: PromiseTypes<Context>,
) {
  const withdrawal = withdrawalField(Withdrawal);

  const SituationPicture = addSituationPictureType(
    builder,
    'SituationPicture',
    'the kommun',
    { enums, Period, Source },
    true,
  );
  builder.objectFields(SituationPicture, (t) => ({
    promises: t.field({
      type: [CitizenPromise],
      description: 'The medborgarlöften this lägesbild informed.',
      resolve: (s, _args, ctx) => standing(ctx.loaders.promisesBySituationPicture.load(s.id)),
    }),
    withdrawal: t.field(withdrawal),
  }));
  sharedEntity(builder, SituationPicture);

  const CitizenDialogue = builder.objectRef<CitizenDialogueRecord>('CitizenDialogue').implement({
    description: 'Medborgardialog: how the kommun asked residents, when, how many took part, and what came out.',
    shareable: true,
    fields: (t) => ({
      id: t.exposeID('id'),
      title: t.exposeString('title'),
      method: t.field({ type: enums.DialogueMethod, resolve: (d) => d.method }),
      period: t.field({ type: Period, description: 'When the dialogue ran.', resolve: periodOf }),
      participantCount: t.exposeInt('participantCount', {
        nullable: true,
        description: 'Number of participants or answers (approximate where the source says "about").',
      }),
      keyFindings: t.exposeStringList('keyFindings', { description: 'Viktigaste resultat.' }),
      promises: t.field({
        type: [CitizenPromise],
        description: 'The medborgarlöften this dialogue informed.',
        resolve: (d, _args, ctx) => standing(ctx.loaders.promisesByDialogue.load(d.id)),
      }),
      withdrawal: t.field(withdrawal),
      version: t.exposeInt('version', versionField),
      source: t.field({ type: Source, resolve: (record) => record }),
    }),
  });
  sharedEntity(builder, CitizenDialogue);

  const IndicatorValue = builder.objectRef<{ value: number; date: string }>('IndicatorValue').implement({
    description: 'A value of an indikator on a date: its utgångsvärde (baseline) or målvärde (target).',
    shareable: true,
    fields: (t) => ({
      value: t.exposeFloat('value'),
      date: t.field({
        type: 'Date',
        description: 'When the baseline was measured, or by when the target is to be reached.',
        resolve: (v) => v.date,
      }),
    }),
  });

  const MeasurementCorrection = builder.objectRef<MeasurementCorrectionRecord>('MeasurementCorrection').implement({
    description: 'Rättelse: a measured value corrected by its owner; the value it replaced is kept here.',
    shareable: true,
    fields: (t) => ({
      at: t.field({ type: 'DateTime', resolve: (c) => c.correctedAt }),
      previousValue: t.exposeFloat('previousValue', { description: 'The value before this correction.' }),
      value: t.exposeFloat('value', { description: 'The value after it.' }),
      reason: t.exposeString('reason', { description: 'Why it was corrected (skäl).' }),
    }),
  });

  const Measurement = builder.objectRef<MeasurementRecord>('Measurement').implement({
    description: 'Mätning: one measured value of an indikator.',
    shareable: true,
    fields: (t) => ({
      id: t.exposeID('id'),
      date: t.field({ type: 'Date', resolve: (m) => m.date }),
      value: t.exposeFloat('value', { description: 'The value as it stands, after any corrections.' }),
      note: t.exposeString('note', { nullable: true }),
      corrections: t.field({
        type: [MeasurementCorrection],
        description: 'Rättelser of this value, oldest first; empty if it was never corrected.',
        resolve: (m, _args, ctx) => ctx.loaders.correctionsByMeasurement.load(m.id),
      }),
      withdrawal: t.field(withdrawal),
      version: t.exposeInt('version', versionField),
      source: t.field({ type: Source, resolve: (record) => record }),
    }),
  });
  sharedEntity(builder, Measurement);

  const Indicator = builder.objectRef<IndicatorRecord>('Indicator');
  const IndicatorTrendType = builder.objectRef<IndicatorTrend>('IndicatorTrend').implement({
    description: 'Trend: how an indikator moved from its baseline to its latest measurement up to a date.',
    shareable: true,
    fields: (t) => ({
      indicator: t.field({ type: Indicator, resolve: (trend) => trend.indicator }),
      until: t.field({
        type: 'Date',
        description: 'Measurements on or before this date count.',
        resolve: (trend) => trend.until,
      }),
      baseline: t.field({
        type: IndicatorValue,
        nullable: true,
        resolve: (trend) => valueAt(trend.indicator.baselineValue, trend.indicator.baselineDate),
      }),
      target: t.field({
        type: IndicatorValue,
        nullable: true,
        resolve: (trend) => valueAt(trend.indicator.targetValue, trend.indicator.targetDate),
      }),
      latest: t.field({
        type: Measurement,
        nullable: true,
        description: 'The latest measurement up to `until`.',
        resolve: (trend) => trend.latest,
      }),
      changeFromBaseline: t.exposeFloat('changeFromBaseline', {
        nullable: true,
        description: 'Latest value minus baseline, in the indicator’s unit.',
      }),
      direction: t.field({ type: enums.TrendDirection, resolve: (trend) => trend.direction }),
      targetReached: t.exposeBoolean('targetReached', {
        nullable: true,
        description: 'Whether the latest value has reached the target; null without both.',
      }),
      measurements: t.field({
        type: [Measurement],
        description: 'Measurements up to `until`, oldest first.',
        resolve: (trend) => trend.measurements,
      }),
      correctedMeasurements: t.field({
        type: [Measurement],
        description:
          'Those of `measurements` whose value was corrected (rättad), each with its `corrections`: a report says so.',
        resolve: async (trend, _args, ctx) => {
          const corrections = await ctx.loaders.correctionsByMeasurement.loadMany(trend.measurements.map((m) => m.id));
          return trend.measurements.filter((_m, i) => Array.isArray(corrections[i]) && corrections[i].length > 0);
        },
      }),
      withdrawnMeasurements: t.field({
        type: [Measurement],
        description:
          'Measurements up to `until` that were withdrawn (återkallade) and so are not counted; a report says so.',
        resolve: async (trend, _args, ctx) =>
          (await ctx.loaders.measurementsByIndicator.load(trend.indicator.id)).filter(
            (m) => m.withdrawnAt !== null && m.date <= trend.until,
          ),
      }),
    }),
  });

  Indicator.implement({
    description:
      'Indikator: a measure the work is followed by (e.g. the share who feel unsafe outdoors late at night, from NTU).',
    shareable: true,
    fields: (t) => ({
      id: t.exposeID('id'),
      name: t.exposeString('name'),
      definition: t.exposeString('definition', { description: 'Definition: exactly what is measured.' }),
      unit: t.exposeString('unit', { description: 'Enhet, e.g. "%" or "antal per år".' }),
      dataSource: t.field({
        type: enums.DataSourceKind,
        description: 'Källa of the values.',
        resolve: (i) => i.dataSource,
      }),
      dataSourceDetail: t.exposeString('dataSourceDetail', {
        nullable: true,
        description: 'Which survey or statistic, e.g. "NTU, Västerbottens län".',
      }),
      desiredDirection: t.field({ type: enums.DesiredDirection, resolve: (i) => i.desiredDirection }),
      baseline: t.field({
        type: IndicatorValue,
        nullable: true,
        description: 'Utgångsvärde.',
        resolve: (i) => valueAt(i.baselineValue, i.baselineDate),
      }),
      target: t.field({
        type: IndicatorValue,
        nullable: true,
        description: 'Målvärde.',
        resolve: (i) => valueAt(i.targetValue, i.targetDate),
      }),
      measurements: t.field({
        type: [Measurement],
        description: 'Mätningar over time, oldest first.',
        args: { includeWithdrawn: t.arg.boolean(includeWithdrawnArg) },
        resolve: async (i, args, ctx) =>
          listedRecords(await ctx.loaders.measurementsByIndicator.load(i.id), ctx, args.includeWithdrawn),
      }),
      trend: t.field({
        type: IndicatorTrendType,
        args: {
          until: t.arg({
            type: 'Date',
            required: false,
            description: 'Count measurements up to this date; today if left out.',
          }),
        },
        resolve: (i, { until }, ctx) => trendOf(ctx, i, until ?? todayInSweden()),
      }),
      withdrawal: t.field(withdrawal),
      version: t.exposeInt('version', versionField),
      source: t.field({ type: Source, resolve: (record) => record }),
    }),
  });
  sharedEntity(builder, Indicator);

  const AgreementGoal = builder.objectRef<CollaborationAgreementRecord['goals'][number]>('AgreementGoal').implement({
    description: 'Mätbart mål of a samverkansöverenskommelse, with the indikator it is measured by, if any.',
    shareable: true,
    fields: (t) => ({
      text: t.exposeString('text'),
      indicator: t.field({
        type: Indicator,
        nullable: true,
        resolve: (goal, _args, ctx) => (goal.indicatorId ? ctx.loaders.indicatorById.load(goal.indicatorId) : null),
      }),
    }),
  });

  const AgreementForum = builder.objectRef<CollaborationAgreementRecord['forums'][number]>('AgreementForum').implement({
    description: 'Samverkansforum: who meets under the agreement, and how often.',
    shareable: true,
    fields: (t) => ({
      name: t.exposeString('name', { description: 'E.g. "Styrgrupp" or "Umebrå".' }),
      participants: t.exposeString('participants', { description: 'Who takes part.' }),
      frequency: t.exposeString('frequency', { description: 'How often it meets, e.g. "fyra gånger per år".' }),
    }),
  });

  const CollaborationAgreement = builder.objectRef<CollaborationAgreementRecord>('CollaborationAgreement').implement({
    description:
      'Samverkansöverenskommelse: the longer agreement between the kommun and the police area whose public, communicative part the medborgarlöften are.',
    shareable: true,
    fields: (t) => ({
      id: t.exposeID('id'),
      title: t.exposeString('title'),
      period: t.field({ type: Period, resolve: periodOf }),
      parties: t.exposeStringList('parties', { description: 'Parter.' }),
      focusAreas: t.exposeStringList('focusAreas', { description: 'Fokusområden.' }),
      goals: t.field({ type: [AgreementGoal], description: 'Mätbara mål.', resolve: (a) => a.goals }),
      forums: t.field({
        type: [AgreementForum],
        description: 'Struktur: who meets, how often.',
        resolve: (a) => a.forums,
      }),
      coordinatingFunction: t.exposeString('coordinatingFunction', {
        nullable: true,
        description:
          'Who coordinates the work under the agreement (in Umeå, Umebrå). Since lag 2023:196 every kommun must have a samordningsfunktion.',
      }),
      followUpPlan: t.exposeString('followUpPlan', {
        description: 'Uppföljningsplan: how and when the agreement is followed up.',
      }),
      signatories: t.field({ type: [Signatory], resolve: (a) => a.signatories }),
      promises: t.field({
        type: [CitizenPromise],
        description: 'The medborgarlöften that are this agreement’s public part.',
        resolve: (a, _args, ctx) => standing(ctx.loaders.promisesByAgreement.load(a.id)),
      }),
      withdrawal: t.field(withdrawal),
      version: t.exposeInt('version', versionField),
      source: t.field({ type: Source, resolve: (record) => record }),
    }),
  });
  sharedEntity(builder, CollaborationAgreement);

  builder.objectFields(CitizenPromise, (t) => ({
    collaborationAgreement: t.field({
      type: CollaborationAgreement,
      nullable: true,
      description: 'The samverkansöverenskommelse this promise is the public part of.',
      resolve: (p, _args, ctx) => (p.agreementId ? ctx.loaders.agreementById.load(p.agreementId) : null),
    }),
    situationPictures: t.field({
      type: [SituationPicture],
      description: 'The lägesbilder this promise is based on.',
      resolve: (p, _args, ctx) => standing(ctx.loaders.situationPicturesByPromise.load(p.id)),
    }),
    citizenDialogues: t.field({
      type: [CitizenDialogue],
      description: 'The medborgardialoger that informed this promise.',
      resolve: (p, _args, ctx) => standing(ctx.loaders.dialoguesByPromise.load(p.id)),
    }),
    indicators: t.field({
      type: [Indicator],
      description: 'The indikatorer this promise as a whole is followed by.',
      resolve: (p, _args, ctx) => standing(ctx.loaders.indicatorsByPromise.load(p.id)),
    }),
  }));
  builder.objectField(Commitment, 'indicators', (t) =>
    t.field({
      type: [Indicator],
      description: 'The indikatorer this åtagande is followed by.',
      resolve: (c, _args, ctx) => standing(ctx.loaders.indicatorsByCommitment.load(c.id)),
    }),
  );

  const StatusCount = builder.objectRef<{ status: FollowUpStatus; count: number }>('FollowUpStatusCount').implement({
    description: 'How many åtaganden have this status at their latest uppföljning.',
    shareable: true,
    fields: (t) => ({
      status: t.field({ type: enums.FollowUpStatus, resolve: (c) => c.status }),
      count: t.exposeInt('count'),
    }),
  });

  const CommitmentReport = builder
    .objectRef<{ commitment: CommitmentRecord; asOf: string }>('CommitmentReport')
    .implement({
      description:
        'One åtagande in a återrapportering: what was promised, its latest uppföljning and its indikatorer. What was done is on `commitment`: `activities` (the kommun’s) and, through the gateway, `policeActivities`.',
      shareable: true,
      fields: (t) => ({
        commitment: t.field({ type: Commitment, resolve: (r) => r.commitment }),
        withdrawal: t.field({
          ...withdrawal,
          resolve: (r) => withdrawalOf(r.commitment),
          description:
            'Set when the åtagande was withdrawn (återkallat): the report lists it and says so, and its status counts leave it out.',
        }),
        latestFollowUp: t.field({
          type: FollowUp,
          nullable: true,
          description: 'The latest uppföljning; null if not yet followed up.',
          resolve: (r, _args, ctx) => latestFollowUp(ctx, r.commitment),
        }),
        indicators: t.field({
          type: [IndicatorTrendType],
          description: 'The åtagande’s indikatorer, with their trend up to the report’s date.',
          resolve: async (r, _args, ctx) =>
            Promise.all(
              (await ctx.loaders.indicatorsByCommitment.load(r.commitment.id)).map((i) => trendOf(ctx, i, r.asOf)),
            ),
        }),
      }),
    });

  const CitizenReport = builder.objectRef<CitizenReportParent>('CitizenReport').implement({
    description:
      'Återrapportering till medborgarna: for one medborgarlöfte, what was promised, what was done and how the indikatorer moved, as data for a web page or a press text.',
    shareable: true,
    fields: (t) => ({
      id: t.id({ description: 'The promise’s id: a promise has one report.', resolve: (r) => r.promise.id }),
      promise: t.field({
        type: CitizenPromise,
        description: 'What was promised (title, period, signatories, focus areas, ...).',
        resolve: (r) => r.promise,
      }),
      asOf: t.field({
        type: 'Date',
        description:
          'The date the indikatorer are judged at: today, or the end of the promise’s period once it is over.',
        resolve: (r) => r.asOf,
      }),
      commitments: t.field({
        type: [CommitmentReport],
        description: 'Each åtagande, in the order the promise lists them, withdrawn ones too (marked by `withdrawal`).',
        resolve: async (r, _args, ctx) =>
          (await ctx.loaders.commitmentsByPromise.load(r.promise.id)).map((commitment) => ({
            commitment,
            asOf: r.asOf,
          })),
      }),
      commitmentsByStatus: t.field({
        type: [StatusCount],
        description:
          'How many åtaganden (not withdrawn) stand at each status at their latest uppföljning (every status, zeros included).',
        resolve: async (r, _args, ctx) => {
          const latest = await latestFollowUps(ctx, r.promise);
          return (Object.keys(followUpStatuses) as FollowUpStatus[]).map((status) => ({
            status,
            count: latest.filter((f) => f?.status === status).length,
          }));
        },
      }),
      notFollowedUp: t.int({
        description: 'Åtaganden (not withdrawn) with no uppföljning yet.',
        resolve: async (r, _args, ctx) => (await latestFollowUps(ctx, r.promise)).filter((f) => f === null).length,
      }),
      withdrawnCommitments: t.int({
        description:
          'Åtaganden withdrawn (återkallade); they are left out of `commitmentsByStatus` and `notFollowedUp`.',
        resolve: async (r, _args, ctx) =>
          (await ctx.loaders.commitmentsByPromise.load(r.promise.id)).filter((c) => c.withdrawnAt !== null).length,
      }),
      indicators: t.field({
        type: [IndicatorTrendType],
        description:
          'The indikatorer of the promise and of its åtaganden, each once, with their trend up to the report’s date.',
        resolve: async (r, _args, ctx) =>
          Promise.all((await reportIndicators(ctx, r.promise)).map((i) => trendOf(ctx, i, r.asOf))),
      }),
    }),
  });

  // An entity only so the police subgraph can name it in the municipality field list (`citizenReports`).
  sharedEntity(builder, CitizenReport);

  return { SituationPicture, CitizenDialogue, CollaborationAgreement, Indicator, Measurement, CitizenReport };
}
export type FoundationTypes<Context extends KommunReadContext = KommunReadContext> = ReturnType<
  typeof addFoundationTypes<Context>
>;

function valueAt(value: number | null, date: string | null) {
  return value === null || date === null ? null : { value, date };
}
