import { Badge } from '@mantine/core';
import type { DealStage } from '../../../shared/work-records';
import { DEAL_STAGE_LABELS } from '../../api/work-records';

/** Amounts carry no currency: a plain number with thousands separators, as the Amount field shows it. */
const amountFormat = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });

export function formatAmount(amount: number): string {
  return amountFormat.format(amount);
}

const STAGE_COLORS: Record<DealStage, string> = {
  qualification: 'gray',
  proposal: 'blue',
  negotiation: 'yellow',
  won: 'teal',
  lost: 'red',
};

/** A deal's stage as the Deals list and the dashboard show it. */
export function StageBadge({ stage }: { stage: DealStage }) {
  return (
    <Badge variant="light" color={STAGE_COLORS[stage]} radius="sm" tt="none" fw={600}>
      {DEAL_STAGE_LABELS[stage]}
    </Badge>
  );
}
