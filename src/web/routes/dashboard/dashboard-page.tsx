import { Grid, Skeleton, Stack, VisuallyHidden } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { authorize } from '../../../shared/permissions';
import { fetchDashboard } from '../../api/dashboard';
import { queryKeys } from '../../api/query-keys';
import { PageHeader } from '../../components/page-header';
import { QueryError } from '../../components/query-error';
import { useSession } from '../../components/session-context';
import { Buddy } from './buddy-card';
import { General } from './general-card';
import { GettingStarted } from './getting-started-card';
import { MyDeals } from './my-deals-card';
import { MyLeads } from './my-leads-card';
import { WorkspaceCard } from './workspace-card';

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
  const query = useQuery({ queryKey: queryKeys.dashboard.all, queryFn: ({ signal }) => fetchDashboard(signal) });
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
