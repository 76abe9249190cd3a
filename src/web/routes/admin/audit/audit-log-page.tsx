import { Button, Group, Paper, Select, Stack, Text, TextInput } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { AuditEvent, AuditFilters } from '../../../../shared/api/audit';
import { AUDIT_ACTION_NAMES, AUDIT_ACTIONS, type AuditAction } from '../../../../shared/audit';
import { auditCsvUrl, listAuditEvents } from '../../../api/audit';
import { queryKeys } from '../../../api/query-keys';
import { type DataColumn, DataTable, NoneText, TableEmpty } from '../../../components/data-table';
import { IconDownload, IconFileText } from '../../../components/icons';
import { PageHeader } from '../../../components/page-header';
import { useCursorPages } from '../../../hooks/use-cursor-pages';
import { formatDateTime } from '../../../lib/format';

const PAGE_SIZE = 50;
const ALL = 'all';

const ACTION_OPTIONS = [
  { value: ALL, label: 'All actions' },
  ...AUDIT_ACTION_NAMES.map((action) => ({ value: action, label: AUDIT_ACTIONS[action] })),
];

/** `from` and `to` are the date inputs' days (YYYY-MM-DD), read in the browser's time zone. */
type Filters = { action: string; from: string; to: string };
const NO_FILTERS: Filters = { action: ALL, from: '', to: '' };

function isAuditAction(value: string): value is AuditAction {
  return Object.hasOwn(AUDIT_ACTIONS, value);
}

/** A day of the date input as the instant it starts (or ends) here, so the list matches the times it shows. */
function dayBound(day: string, end: boolean): string | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return undefined;
  const date = new Date(`${day}T${end ? '23:59:59.999' : '00:00:00'}`);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

function toApiFilters(filters: Filters): AuditFilters {
  const query: AuditFilters = {};
  if (isAuditAction(filters.action)) query.action = filters.action;
  const from = dayBound(filters.from, false);
  const to = dayBound(filters.to, true);
  if (from) query.from = from;
  if (to) query.to = to;
  return query;
}

const shortTime = new Intl.DateTimeFormat(undefined, {
  year: 'numeric',
  month: 'short',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
});

/** One value of a change, short: a team or person by name, nothing as a dash. */
function showValue(value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return value.length ? value.map(showValue).join(', ') : '—';
  if (typeof value === 'object') {
    const named = value as { name?: unknown; label?: unknown };
    if (typeof named.name === 'string') return named.name;
    if (typeof named.label === 'string') return named.label;
    return JSON.stringify(value);
  }
  return String(value);
}

/** Each changed field as "field: before → after"; a field on one side only (created, removed) as "field: value". */
function describeChanges(before: Record<string, unknown> | null, after: Record<string, unknown> | null): string[] {
  const keys = [...new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})])];
  return keys.map((key) => {
    const had = before !== null && Object.hasOwn(before, key);
    const has = after !== null && Object.hasOwn(after, key);
    if (had && has) return `${key}: ${showValue(before?.[key])} → ${showValue(after?.[key])}`;
    if (has) return `${key}: ${showValue(after?.[key])}`;
    // Only known before (what a deletion removed): the value as it was.
    return `${key}: ${showValue(before?.[key])}`;
  });
}

function ActorCell({ actor }: { actor: AuditEvent['actor'] }) {
  if (!actor || (!actor.name && !actor.email)) {
    return (
      <Text size="sm" c="dimmed">
        System
      </Text>
    );
  }
  return (
    <Stack gap={0}>
      <Text size="sm" fw={600} truncate maw={220} title={actor.name ?? actor.email ?? undefined}>
        {actor.name ?? actor.email}
      </Text>
      {actor.name && actor.email ? (
        <Text size="xs" c="dimmed" truncate maw={220} title={actor.email}>
          {actor.email}
        </Text>
      ) : null}
    </Stack>
  );
}

function ChangesCell({ event }: { event: AuditEvent }) {
  const lines = describeChanges(event.before, event.after);
  if (lines.length === 0) return <NoneText />;
  return (
    <Stack gap={2} maw={340}>
      {lines.map((line) => (
        <Text key={line} size="xs" style={{ overflowWrap: 'anywhere' }}>
          {line}
        </Text>
      ))}
    </Stack>
  );
}

function EventTime({ at }: { at: string }) {
  const time = new Date(at);
  return (
    <Text
      component="time"
      dateTime={at}
      size="sm"
      style={{ whiteSpace: 'nowrap' }}
      title={formatDateTime(at) ?? undefined}
    >
      {Number.isNaN(time.getTime()) ? at : shortTime.format(time)}
    </Text>
  );
}

const COLUMNS: DataColumn<AuditEvent>[] = [
  { key: 'time', header: 'Time', cell: (event) => <EventTime at={event.at} /> },
  { key: 'actor', header: 'Actor', cell: (event) => <ActorCell actor={event.actor} /> },
  {
    key: 'action',
    header: 'Action',
    cell: (event) => <Text size="sm">{isAuditAction(event.action) ? AUDIT_ACTIONS[event.action] : event.action}</Text>,
  },
  {
    key: 'target',
    header: 'Target',
    cell: (event) =>
      event.target ? (
        <Text size="sm" truncate maw={240} title={event.target.label ?? undefined}>
          {event.target.label ?? event.target.type}
        </Text>
      ) : (
        <NoneText />
      ),
  },
  { key: 'changes', header: 'Changes', minWidth: 220, cell: (event) => <ChangesCell event={event} /> },
  {
    key: 'ip',
    header: 'IP',
    cell: (event) =>
      event.ip ? (
        <Text size="sm" ff="monospace" style={{ whiteSpace: 'nowrap' }}>
          {event.ip}
        </Text>
      ) : (
        <NoneText />
      ),
  },
];

function AuditFiltersBar({ filters, onChange }: { filters: Filters; onChange: (next: Partial<Filters>) => void }) {
  const filtered = filters.action !== ALL || filters.from !== '' || filters.to !== '';
  const rangeError = filters.from && filters.to && filters.to < filters.from ? 'Choose a day on or after From.' : null;
  return (
    <Group align="flex-start" gap="sm" p="md" wrap="wrap" role="search" aria-label="Filter audit log">
      <Select
        label="Action"
        data={ACTION_OPTIONS}
        value={filters.action}
        onChange={(value) => onChange({ action: value ?? ALL })}
        allowDeselect={false}
        searchable
        nothingFoundMessage="No action with that name"
        w={260}
      />
      <TextInput
        label="From"
        type="date"
        value={filters.from}
        max={filters.to || undefined}
        onChange={(event) => onChange({ from: event.currentTarget.value })}
        w={170}
      />
      <TextInput
        label="To"
        type="date"
        value={filters.to}
        min={filters.from || undefined}
        onChange={(event) => onChange({ to: event.currentTarget.value })}
        error={rangeError}
        w={170}
      />
      {filtered ? (
        <Button variant="subtle" color="gray" mt={25} onClick={() => onChange(NO_FILTERS)}>
          Clear filters
        </Button>
      ) : null}
    </Group>
  );
}

export function AuditLogPage() {
  const [filters, setFilters] = useState<Filters>(NO_FILTERS);
  const apiFilters = toApiFilters(filters);
  const pages = useCursorPages(JSON.stringify(apiFilters));
  const events = useQuery({
    queryKey: queryKeys.audit.page(apiFilters, pages.cursor, PAGE_SIZE),
    queryFn: ({ signal }) => listAuditEvents({ ...apiFilters, limit: PAGE_SIZE, cursor: pages.cursor }, signal),
    placeholderData: keepPreviousData,
  });

  const filtered = Object.keys(apiFilters).length > 0;

  return (
    <>
      <PageHeader
        title="Audit log"
        description="Every admin action and security event in this workspace: who did what, to what, the values before and after, when and from where. Newest first."
        actions={
          <Button
            component="a"
            href={auditCsvUrl(apiFilters)}
            download
            variant="default"
            leftSection={<IconDownload size={18} />}
          >
            Export CSV
          </Button>
        }
      />
      <Paper withBorder radius="md">
        <AuditFiltersBar filters={filters} onChange={(next) => setFilters((current) => ({ ...current, ...next }))} />
        <DataTable
          label="Audit log"
          columns={COLUMNS}
          query={events}
          rowKey={(event) => event.id}
          empty={
            <TableEmpty
              icon={IconFileText}
              title={filtered ? 'No events match these filters' : 'No events yet'}
              hint={
                filtered
                  ? 'Try another action or other dates, or clear the filters.'
                  : 'Invitations, changes to users and teams, sign-ins and refused requests appear here.'
              }
            />
          }
          pager={{ label: 'Audit log pages', pages }}
          minWidth={880}
        />
      </Paper>
    </>
  );
}
