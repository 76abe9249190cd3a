import {
  Anchor,
  Avatar,
  Badge,
  Box,
  Button,
  Grid,
  Group,
  Paper,
  Skeleton,
  Stack,
  Text,
  ThemeIcon,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import type { ComponentType, ReactNode } from 'react';
import { Link } from 'react-router';
import { authorize } from '../../../shared/permissions';
import type { MyChallenge } from '../../api/challenges';
import {
  type Dashboard,
  type DashboardBuddy,
  type DashboardMessage,
  dashboardKeys,
  fetchDashboard,
} from '../../api/dashboard';
import type { UsersSummary } from '../../api/types';
import { DEAL_STAGE_LABELS, type Deal, type Lead } from '../../api/work-records';
import { IconBriefcase, IconFlag, IconHash, IconTarget, IconUserPlus, IconUsers } from '../../components/icons';
import { MessageText } from '../../components/message-text';
import { PageHeader } from '../../components/page-header';
import { QueryError } from '../../components/query-error';
import { SeatUsage } from '../../components/seat-usage';
import { useSession } from '../../components/session-context';
import { useDirectory } from '../../hooks/use-directory';
import { formatDate, formatDateTime, initials, plural } from '../../lib/format';
import { formatAmount, STAGE_COLORS } from '../deals/deals-page';
import { GuideLink } from '../guide/guide-link';
import { ChallengeProgress } from './challenge-progress';

type Icon = ComponentType<{ size?: number; color?: string }>;

/** A card of the dashboard: a region named by its heading, with an optional link beside it. */
function Card({
  id,
  title,
  icon: CardIcon,
  action,
  children,
}: {
  id: string;
  title: string;
  icon: Icon;
  action?: ReactNode;
  children: ReactNode;
}) {
  const headingId = `dashboard-${id}-heading`;
  return (
    <Paper withBorder radius="md" p="lg" component="section" aria-labelledby={headingId}>
      <Group justify="space-between" align="center" mb="md" wrap="nowrap" gap="sm">
        <Group gap="sm" wrap="nowrap">
          <ThemeIcon size={32} radius="md" variant="light" color="indigo" aria-hidden="true">
            <CardIcon size={18} />
          </ThemeIcon>
          <Title id={headingId} order={2} fz="md" fw={600}>
            {title}
          </Title>
        </Group>
        {action}
      </Group>
      {children}
    </Paper>
  );
}

function CardLink({ to, children }: { to: string; children: ReactNode }) {
  return (
    <Anchor component={Link} to={to} size="sm" fw={600} style={{ whiteSpace: 'nowrap' }}>
      {children}
    </Anchor>
  );
}

/** What a card shows when it has nothing yet: what would be here, and the way to start. */
function EmptyState({ title, hint, action }: { title: string; hint: ReactNode; action?: ReactNode }) {
  return (
    <Stack align="center" gap={6} py="md" ta="center">
      <Text fw={600}>{title}</Text>
      <Text size="sm" c="dimmed" maw={380}>
        {hint}
      </Text>
      {action ? <Box mt={6}>{action}</Box> : null}
    </Stack>
  );
}

/** A short list of items, one per row, divided by hairlines. */
function ItemList({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Box component="ul" aria-label={label} m={0} p={0} style={{ listStyle: 'none' }}>
      {children}
    </Box>
  );
}

function ItemRow({ children }: { children: ReactNode }) {
  return (
    <Box component="li" py={10} style={{ borderTop: '1px solid var(--mantine-color-gray-2)' }}>
      {children}
    </Box>
  );
}

function MyDeals({ deals }: { deals: Dashboard['deals'] }) {
  return (
    <Card id="deals" title="My open deals" icon={IconBriefcase} action={<CardLink to="/deals">See all deals</CardLink>}>
      {deals.items.length === 0 ? (
        <EmptyState
          title="No open deals"
          hint="Deals you own that are not won or lost show here."
          action={
            <Button component={Link} to="/deals" size="xs" leftSection={<IconBriefcase size={16} />}>
              New deal
            </Button>
          }
        />
      ) : (
        <>
          <Text size="sm" c="dimmed" mb="xs">
            You have {plural(deals.open, 'open deal')} worth <strong>{formatAmount(deals.openAmount)}</strong> in total
            {deals.open > deals.items.length ? `; the ${deals.items.length} newest:` : '.'}
          </Text>
          <ItemList label="My open deals">
            {deals.items.map((deal: Deal) => (
              <ItemRow key={deal.id}>
                <Group justify="space-between" wrap="nowrap" gap="sm">
                  <Text size="sm" fw={500} truncate>
                    {deal.name}
                  </Text>
                  <Group gap="sm" wrap="nowrap">
                    <Badge variant="light" color={STAGE_COLORS[deal.stage]} radius="sm" tt="none" fw={600}>
                      {DEAL_STAGE_LABELS[deal.stage]}
                    </Badge>
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
              </ItemRow>
            ))}
          </ItemList>
        </>
      )}
    </Card>
  );
}

function MyLeads({ leads }: { leads: Dashboard['leads'] }) {
  return (
    <Card id="leads" title="My leads" icon={IconTarget} action={<CardLink to="/leads">See all leads</CardLink>}>
      {leads.items.length === 0 ? (
        <EmptyState
          title="No leads yet"
          hint="Leads you own show here, newest first."
          action={
            <Button component={Link} to="/leads" size="xs" leftSection={<IconTarget size={16} />}>
              New lead
            </Button>
          }
        />
      ) : (
        <>
          <Text size="sm" c="dimmed" mb="xs">
            You own {plural(leads.total, 'lead')}
            {leads.total > leads.items.length ? `; the ${leads.items.length} newest:` : '.'}
          </Text>
          <ItemList label="My leads">
            {leads.items.map((lead: Lead) => (
              <ItemRow key={lead.id}>
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
              </ItemRow>
            ))}
          </ItemList>
        </>
      )}
    </Card>
  );
}

type FirstStep = { title: string; hint: string; icon: Icon; link?: { to: string; label: string } };

/**
 * The first actions of the Getting Started challenge's catalogue (SPEC §8). Until a challenge
 * exists they are shown as advice; profile and tour get their links when those pages exist.
 */
const FIRST_STEPS: FirstStep[] = [
  {
    title: 'Complete your profile',
    hint: 'Add your photo and phone number so teammates know you.',
    icon: IconUsers,
    link: { to: '/onboarding/profile', label: 'Complete your profile' },
  },
  {
    title: 'Take the tour',
    hint: 'A short guided tour of the main features.',
    icon: IconFlag,
    link: { to: '/onboarding/tour', label: 'Take the tour' },
  },
  {
    title: 'Post in #general',
    hint: 'Say hello to your team.',
    icon: IconHash,
    link: { to: '/chat/general', label: 'Post in #general' },
  },
  {
    title: 'Create a lead',
    hint: 'Add a person or company you may sell to.',
    icon: IconTarget,
    link: { to: '/leads', label: 'Create a lead' },
  },
  {
    title: 'Create a deal',
    hint: 'Track an opportunity from qualification to won.',
    icon: IconBriefcase,
    link: { to: '/deals', label: 'Create a deal' },
  },
];

function GettingStarted({ challenge }: { challenge: MyChallenge | null }) {
  if (challenge) {
    return (
      <Card id="getting-started" title="Getting Started" icon={IconFlag}>
        <ChallengeProgress challenge={challenge} />
        <GuideLink />
      </Card>
    );
  }
  // `challenge` and `guide` are null until those features exist: these first steps stand in for them.
  return (
    <Card id="getting-started" title="Getting Started" icon={IconFlag}>
      <Text size="sm" c="dimmed" mb="sm">
        No Getting Started challenge is running yet. These first actions get you going in SalesOS:
      </Text>
      <Box component="ol" m={0} p={0} style={{ listStyle: 'none' }}>
        {FIRST_STEPS.map((step) => {
          const StepIcon = step.icon;
          return (
            <ItemRow key={step.title}>
              <Group gap="sm" wrap="nowrap" align="flex-start">
                <ThemeIcon size={28} radius="xl" variant="light" color="gray" aria-hidden="true">
                  <StepIcon size={16} />
                </ThemeIcon>
                <Box>
                  {step.link ? (
                    <Anchor component={Link} to={step.link.to} size="sm" fw={600} display="block">
                      {step.link.label}
                    </Anchor>
                  ) : (
                    <Text size="sm" fw={600}>
                      {step.title}
                    </Text>
                  )}
                  <Text size="xs" c="dimmed">
                    {step.hint}
                  </Text>
                </Box>
              </Group>
            </ItemRow>
          );
        })}
      </Box>
      <GuideLink />
    </Card>
  );
}

function Buddy({ buddy }: { buddy: DashboardBuddy | null }) {
  return (
    <Card id="buddy" title="Your buddy" icon={IconUserPlus}>
      {buddy ? (
        <Group gap="md" wrap="nowrap">
          <Avatar src={buddy.photoUrl} alt="" radius="xl" size={48} color="indigo">
            {initials(buddy.name)}
          </Avatar>
          <Box miw={0}>
            <Text fw={600} truncate>
              {buddy.name}
            </Text>
            <Anchor
              href={`mailto:${buddy.email}`}
              size="sm"
              style={{ overflowWrap: 'anywhere' }}
              aria-label={`Email ${buddy.name} at ${buddy.email}`}
            >
              {buddy.email}
            </Anchor>
            <Text size="xs" c="dimmed" mt={4}>
              Your go-to teammate for questions while you settle in.
            </Text>
          </Box>
        </Group>
      ) : (
        <EmptyState
          title="No buddy assigned yet"
          hint="An admin can pair you with a teammate who helps you find your way around."
        />
      )}
    </Card>
  );
}

function General({ messages }: { messages: DashboardMessage[] }) {
  const { index } = useDirectory();
  return (
    <Card id="general" title="#general" icon={IconHash} action={<CardLink to="/chat/general">Open #general</CardLink>}>
      {messages.length === 0 ? (
        <EmptyState
          title="No messages yet"
          hint="Recent messages of the whole workspace show here."
          action={
            <Button component={Link} to="/chat/general" size="xs" variant="light" leftSection={<IconHash size={16} />}>
              Say hello in #general
            </Button>
          }
        />
      ) : (
        <ItemList label="Recent messages in #general">
          {messages.map((message) => (
            <ItemRow key={message.id}>
              <Group justify="space-between" gap="xs" wrap="nowrap">
                <Text size="sm" fw={600} truncate>
                  {message.author?.name ?? 'SalesOS'}
                </Text>
                <Text size="xs" c="dimmed" component="time" dateTime={message.createdAt}>
                  {formatDate(message.createdAt)}
                </Text>
              </Group>
              <MessageText body={message.body} index={index} lineClamp={2} />
            </ItemRow>
          ))}
        </ItemList>
      )}
    </Card>
  );
}

function WorkspaceCard({ summary }: { summary: UsersSummary }) {
  const { counts, seats } = summary;
  return (
    <Card id="workspace" title="Workspace" icon={IconUsers}>
      <Stack gap="sm">
        <Group gap="lg">
          <Anchor component={Link} to="/admin/users?status=pending" size="sm" fw={600}>
            {plural(counts.pending, 'pending invitation')}
          </Anchor>
          {counts.expired > 0 ? (
            <Anchor component={Link} to="/admin/users?status=expired" size="sm" fw={600} c="orange.8">
              {plural(counts.expired, 'expired invitation')}
            </Anchor>
          ) : null}
        </Group>
        <SeatUsage active={seats.active} pending={seats.pending} limit={seats.limit} />
        <CardLink to="/admin/users">Manage people in Admin &gt; Users</CardLink>
      </Stack>
    </Card>
  );
}

function DashboardSkeleton() {
  return (
    <Grid gap="lg" aria-busy="true">
      <VisuallyHidden role="status">Loading your dashboard…</VisuallyHidden>
      {(['deals', 'buddy', 'leads', 'general'] as const).map((card, index) => (
        <Grid.Col key={card} span={{ base: 12, md: index % 2 === 0 ? 8 : 4 }}>
          <Skeleton h={180} radius="md" />
        </Grid.Col>
      ))}
    </Grid>
  );
}

function firstName(name: string): string {
  return name.trim().split(/\s+/)[0] ?? '';
}

/** The signed-in person's home: their work, their first steps, their buddy and the workspace's news. */
export function DashboardPage() {
  const { account, user, workspace } = useSession();
  const query = useQuery({ queryKey: dashboardKeys.all, queryFn: ({ signal }) => fetchDashboard(signal) });
  const name = firstName(user.name) || firstName(account.name);
  const isAdmin = authorize(user.role, 'users:read');

  return (
    <>
      <PageHeader
        title="Dashboard"
        description={
          <>
            {name ? `Welcome, ${name}. ` : 'Welcome. '}
            Your deals, your leads and what is new in {workspace.name}.
          </>
        }
      />
      {query.isError && !query.data ? (
        <QueryError error={query.error} onRetry={() => query.refetch()} />
      ) : !query.data ? (
        <DashboardSkeleton />
      ) : (
        <Grid gap="lg">
          <Grid.Col span={{ base: 12, md: 8 }}>
            <Stack gap="lg">
              <MyDeals deals={query.data.deals} />
              <MyLeads leads={query.data.leads} />
              <GettingStarted challenge={query.data.challenge} />
            </Stack>
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 4 }}>
            <Stack gap="lg">
              <Buddy buddy={query.data.buddy} />
              {isAdmin && query.data.admin ? <WorkspaceCard summary={query.data.admin} /> : null}
              <General messages={query.data.general} />
            </Stack>
          </Grid.Col>
        </Grid>
      )}
    </>
  );
}
