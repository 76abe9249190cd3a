import { NumberInput, Select, Text } from '@mantine/core';
import type { Deal } from '../../../shared/api/work-records';
import { DEAL_STAGES, type DealStage } from '../../../shared/work-records';
import { DEAL_STAGE_LABELS } from '../../api/work-records';
import { IconBriefcase } from '../../components/icons';
import { RecordsPage, type RecordsPageConfig } from '../../components/records-page';
import { formatAmount, StageBadge } from './deal-display';

const AMOUNT_MAX = 1e12;

const STAGE_SELECT_DATA = DEAL_STAGES.map((stage) => ({ value: stage, label: DEAL_STAGE_LABELS[stage] }));

type DealValues = { amount: number | string; stage: DealStage | null };

const DEALS: RecordsPageConfig<'deals', DealValues> = {
  kind: 'deals',
  title: 'Deals',
  noun: 'deal',
  icon: IconBriefcase,
  columns: [
    {
      key: 'amount',
      header: 'Amount',
      align: 'right',
      cell: (deal: Deal) => (
        <Text size="sm" style={{ whiteSpace: 'nowrap', fontVariantNumeric: 'tabular-nums' }}>
          {formatAmount(deal.amount)}
        </Text>
      ),
    },
    {
      key: 'stage',
      header: 'Stage',
      cell: (deal: Deal) => <StageBadge stage={deal.stage} />,
    },
  ],
  form: {
    initial: { amount: '', stage: 'qualification' },
    fromRecord: (deal) => ({ amount: deal.amount, stage: deal.stage }),
    fields: ['amount', 'stage'],
    validate: (values) => ({
      amount:
        typeof values.amount !== 'number'
          ? 'Enter an amount.'
          : values.amount < 0
            ? 'The amount cannot be negative.'
            : values.amount > AMOUNT_MAX
              ? 'The amount is too large.'
              : null,
      stage: values.stage ? null : 'Choose a stage.',
    }),
    toInput: (values) => ({ amount: Number(values.amount), stage: values.stage ?? 'qualification' }),
    render: (form) => (
      <>
        <NumberInput
          label="Amount"
          required
          min={0}
          max={AMOUNT_MAX}
          allowNegative={false}
          decimalScale={2}
          thousandSeparator=","
          hideControls
          inputMode="decimal"
          {...form.getInputProps('amount')}
        />
        <Select
          label="Stage"
          data={STAGE_SELECT_DATA}
          allowDeselect={false}
          required
          {...form.getInputProps('stage')}
        />
      </>
    ),
  },
};

export function DealsPage() {
  return <RecordsPage config={DEALS} />;
}
