import { Badge, NumberInput, Select, Text } from '@mantine/core';
import { DEAL_STAGE_LABELS, DEAL_STAGES, type Deal, type DealStage } from '../../api/work-records';
import { IconBriefcase } from '../../components/icons';
import { RecordsPage, type RecordsPageConfig } from '../../components/records-page';

const AMOUNT_MAX = 1e12;

/** Amounts carry no currency: a plain number with thousands separators, as the Amount field shows it. */
const amountFormat = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });

export function formatAmount(amount: number): string {
  return amountFormat.format(amount);
}

export const STAGE_COLORS: Record<DealStage, string> = {
  qualification: 'gray',
  proposal: 'blue',
  negotiation: 'yellow',
  won: 'teal',
  lost: 'red',
};

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
      cell: (deal: Deal) => (
        <Badge variant="light" color={STAGE_COLORS[deal.stage]} radius="sm" tt="none" fw={600}>
          {DEAL_STAGE_LABELS[deal.stage]}
        </Badge>
      ),
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
