import { Anchor, Badge, Button, Code, Group, Paper, Skeleton, Stack, Table, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import { BULK_TEMPLATE_CSV } from '../../../../../shared/bulk-csv';
import { BULK_TEMPLATE_URL } from '../../../../api/bulk-invites';
import { IconDownload, IconInfo } from '../../../../components/icons';
import { seatsLeft, seatsLeftText } from '../../../../lib/seats';
import { useUsersSummary } from '../use-users-summary';

/** The help page's "CSV Field Reference". */
const FIELD_REFERENCE = [
  { column: 'email', required: true, values: 'Valid email address' },
  { column: 'name', required: true, values: 'User’s full name' },
  { column: 'role', required: true, values: 'admin, manager, or sales_rep' },
  { column: 'team', required: false, values: 'Team name (must match an existing team)' },
] as const;

function SeatsLeftBadge() {
  const summary = useUsersSummary();
  if (summary.isPending) return <Skeleton h={22} w={140} radius="sm" />;
  if (summary.isError) return null;
  return (
    <Badge
      variant="light"
      color={seatsLeft(summary.data.seats) === 0 ? 'red' : 'indigo'}
      size="lg"
      radius="sm"
      tt="none"
      fw={600}
      style={{ flexShrink: 0 }}
    >
      {seatsLeftText(summary.data.seats)}
    </Badge>
  );
}

export function TemplateStep({ onNext }: { onNext: () => void }) {
  return (
    <Stack gap="lg">
      <Paper withBorder radius="md" p="lg">
        <Stack gap="md">
          <Title order={2} fz="lg">
            Download the CSV template
          </Title>
          <Text size="sm" c="dimmed" maw={720}>
            Fill in one row per person, in your spreadsheet or any text editor, and save it as CSV. The first row is the
            header; keep it as it is.
          </Text>
          <Group gap="sm">
            <Button
              component="a"
              href={BULK_TEMPLATE_URL}
              download="salesos-invite-template.csv"
              leftSection={<IconDownload size={18} />}
            >
              Download the CSV template
            </Button>
          </Group>
          <div>
            <Text size="xs" fw={700} tt="uppercase" lts={0.5} c="dimmed" mb={6} id="template-example">
              The template
            </Text>
            <Code block aria-labelledby="template-example" fz="sm" style={{ overflowX: 'auto' }}>
              {BULK_TEMPLATE_CSV.trim()}
            </Code>
          </div>
        </Stack>
      </Paper>

      <Paper withBorder radius="md">
        <Table.ScrollContainer minWidth={420}>
          <Table
            className="data-table"
            verticalSpacing="sm"
            horizontalSpacing="md"
            captionSide="top"
            aria-labelledby="field-reference"
          >
            <Table.Caption ta="left" px="md" pt="md" m={0}>
              <Text id="field-reference" component="span" fw={700} c="var(--mantine-color-text)">
                CSV Field Reference
              </Text>
            </Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th w={110}>Column</Table.Th>
                <Table.Th w={100}>Required</Table.Th>
                <Table.Th>Values</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {FIELD_REFERENCE.map((field) => (
                <Table.Tr key={field.column}>
                  <Table.Td>
                    <Code fz="sm">{field.column}</Code>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" fw={field.required ? 600 : undefined} c={field.required ? undefined : 'dimmed'}>
                      {field.required ? 'Yes' : 'No'}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{field.values}</Text>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </Paper>

      <Paper withBorder radius="md" p="md" bg="indigo.0" style={{ borderColor: 'var(--mantine-color-indigo-2)' }}>
        <Group justify="space-between" wrap="wrap" gap="sm">
          <Group gap="sm" wrap="nowrap" align="flex-start" style={{ flex: '1 1 360px' }}>
            <IconInfo size={20} color="var(--mantine-color-indigo-7)" style={{ flexShrink: 0, marginTop: 1 }} />
            <Text size="sm">
              Each invitation counts toward your plan’s user limit. Check your current plan in{' '}
              <Anchor component={Link} to="/admin/billing" fw={600}>
                Admin &gt; Billing
              </Anchor>{' '}
              before sending bulk invites.
            </Text>
          </Group>
          <SeatsLeftBadge />
        </Group>
      </Paper>

      <Group justify="flex-end">
        <Button onClick={onNext}>Next: upload the completed CSV</Button>
      </Group>
    </Stack>
  );
}
