import { Group, Text } from '@mantine/core';
import type { Dashboard } from '../../../shared/api/dashboard';
import { IconBriefcase } from '../../components/icons';
import { plural } from '../../lib/format';
import { formatAmount, StageBadge } from '../deals/deal-display';
import { Card, CardItems, CardLink, EmptyState } from './dashboard-card';

/** The person's open deals, newest first, and what they are worth together. */
export function MyDeals({ deals }: { deals: Dashboard['deals'] }) {
  return (
    <Card id="deals" title="My open deals" icon={IconBriefcase} action={<CardLink to="/deals">See all deals</CardLink>}>
      <CardItems
        label="My open deals"
        items={deals.items}
        total={deals.open}
        count={
          <>
            You have {plural(deals.open, 'open deal')} worth <strong>{formatAmount(deals.openAmount)}</strong> in total
          </>
        }
        empty={
          <EmptyState
            title="No open deals"
            hint="Deals you own that are not won or lost show here."
            start={{ to: '/deals', label: 'New deal', icon: IconBriefcase }}
          />
        }
        renderItem={(deal) => (
          <Group justify="space-between" wrap="nowrap" gap="sm">
            <Text size="sm" fw={500} truncate>
              {deal.name}
            </Text>
            <Group gap="sm" wrap="nowrap">
              <StageBadge stage={deal.stage} />
              <Text
                size="sm"
                fw={600}
                miw={88}
                ta="right"
                style={{ whiteSpace: 'nowrap', fontVariantNumeric: 'tabular-nums' }}
              >
                {formatAmount(deal.amount)}
              </Text>
            </Group>
          </Group>
        )}
      />
    </Card>
  );
}
