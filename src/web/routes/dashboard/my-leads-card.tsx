import { Box, Group, Text } from '@mantine/core';
import type { Dashboard } from '../../../shared/api/dashboard';
import { IconTarget } from '../../components/icons';
import { formatDate, formatDateTime, plural } from '../../lib/format';
import { Card, CardItems, CardLink, EmptyState } from './dashboard-card';

/** The person's leads, newest first. */
export function MyLeads({ leads }: { leads: Dashboard['leads'] }) {
  return (
    <Card id="leads" title="My leads" icon={IconTarget} action={<CardLink to="/leads">See all leads</CardLink>}>
      <CardItems
        label="My leads"
        items={leads.items}
        total={leads.total}
        count={<>You own {plural(leads.total, 'lead')}</>}
        empty={
          <EmptyState
            title="No leads yet"
            hint="Leads you own show here, newest first."
            start={{ to: '/leads', label: 'New lead', icon: IconTarget }}
          />
        }
        renderItem={(lead) => (
          <Group justify="space-between" wrap="nowrap" gap="sm">
            <Box miw={0}>
              <Text size="sm" fw={500} truncate>
                {lead.name}
              </Text>
              {lead.company || lead.email ? (
                <Text size="xs" c="dimmed" truncate>
                  {[lead.company, lead.email].filter(Boolean).join(' · ')}
                </Text>
              ) : null}
            </Box>
            <Text
              size="xs"
              c="dimmed"
              component="time"
              dateTime={lead.createdAt}
              title={formatDateTime(lead.createdAt) ?? undefined}
              style={{ whiteSpace: 'nowrap' }}
            >
              {formatDate(lead.createdAt)}
            </Text>
          </Group>
        )}
      />
    </Card>
  );
}
