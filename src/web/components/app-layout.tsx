import {
  Anchor,
  AppShell,
  Avatar,
  Box,
  Burger,
  Button,
  Center,
  Container,
  Divider,
  Group,
  Loader,
  NavLink,
  ScrollArea,
  Stack,
  Text,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { ComponentType } from 'react';
import { Link, Outlet, ScrollRestoration, useLocation, useNavigate } from 'react-router';
import { authorize } from '../../shared/permissions';
import { ROLE_LABELS } from '../../shared/roles';
import { logout } from '../api/auth';
import { errorText, isApiError } from '../api/client';
import { initials } from '../lib/format';
import { Brand } from './brand';
import { HelpMenu } from './help-menu';
import {
  IconBriefcase,
  IconCreditCard,
  IconDashboard,
  IconFileText,
  IconFlag,
  IconHash,
  IconLogout,
  IconMail,
  IconShield,
  IconTarget,
  IconTeams,
  IconUsers,
} from './icons';
import { QueryError } from './query-error';
import { SessionProvider, useMeQuery, useSession } from './session-context';
import { TourProvider } from './tour/tour-context';
import { VerifyEmailBanner } from './verify-email-banner';
import { WorkspaceSwitcher } from './workspace-switcher';

/** `tour`: the `data-tour` mark the guided tour (components/tour) points at. */
type NavItem = { to: string; label: string; icon: ComponentType<{ size?: number }>; tour?: string };

const WORK_NAV: NavItem[] = [
  { to: '/', label: 'Dashboard', icon: IconDashboard, tour: 'nav-dashboard' },
  { to: '/deals', label: 'Deals', icon: IconBriefcase, tour: 'nav-deals' },
  { to: '/leads', label: 'Leads', icon: IconTarget, tour: 'nav-leads' },
  { to: '/chat/general', label: '#general', icon: IconHash, tour: 'nav-general' },
];

const ADMIN_NAV: NavItem[] = [
  { to: '/admin/users', label: 'Users', icon: IconUsers },
  { to: '/admin/teams', label: 'Teams', icon: IconTeams },
  { to: '/admin/billing', label: 'Billing', icon: IconCreditCard },
  { to: '/admin/onboarding', label: 'Onboarding', icon: IconFlag },
  { to: '/admin/audit', label: 'Audit log', icon: IconFileText },
  { to: '/admin/security', label: 'Security', icon: IconShield },
  { to: '/dev/mailbox', label: 'Dev mailbox', icon: IconMail },
];

function isActive(pathname: string, to: string): boolean {
  if (to === '/') return pathname === '/';
  return pathname === to || pathname.startsWith(`${to}/`);
}

function NavSection({ title, items, onNavigate }: { title: string; items: NavItem[]; onNavigate: () => void }) {
  const { pathname } = useLocation();
  const headingId = `nav-${title.toLowerCase()}`;
  return (
    <Box component="section" aria-labelledby={headingId} data-tour={`nav-${title.toLowerCase()}`}>
      <Text id={headingId} size="xs" fw={700} c="dimmed" tt="uppercase" lts={0.6} px="sm" mb={6}>
        {title}
      </Text>
      <Stack gap={2}>
        {items.map(({ to, label, icon: Icon, tour }) => {
          const active = isActive(pathname, to);
          return (
            <NavLink
              key={to}
              component={Link}
              to={to}
              label={label}
              leftSection={<Icon size={18} />}
              active={active}
              aria-current={active ? 'page' : undefined}
              data-tour={tour}
              onClick={onNavigate}
              variant="light"
              fw={500}
              style={{ borderRadius: 'var(--mantine-radius-md)' }}
            />
          );
        })}
      </Stack>
    </Box>
  );
}

function SignOutButton() {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const mutation = useMutation({
    mutationFn: logout,
    onSettled: (_data, error) => {
      if (error && !isApiError(error, 'unauthenticated')) {
        notifications.show({ color: 'red', title: 'Could not sign out', message: errorText(error) });
        return;
      }
      queryClient.clear();
      navigate('/login', { replace: true });
    },
  });
  return (
    <Button
      variant="default"
      size="xs"
      leftSection={<IconLogout size={16} />}
      loading={mutation.isPending}
      onClick={() => mutation.mutate()}
    >
      Sign out
    </Button>
  );
}

function Shell() {
  const { account, user, workspace, workspaces } = useSession();
  const [opened, { toggle, close }] = useDisclosure(false);
  const isAdmin = authorize(user.role, 'settings:manage');
  const displayName = user.name || account.name;

  return (
    <AppShell
      header={{ height: 60 }}
      navbar={{ width: 248, breakpoint: 'sm', collapsed: { mobile: !opened } }}
      padding={0}
    >
      <Anchor href="#main" className="skip-link">
        Skip to main content
      </Anchor>
      <AppShell.Header px="md">
        <Group h="100%" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger
              opened={opened}
              onClick={toggle}
              hiddenFrom="sm"
              size="sm"
              aria-label={opened ? 'Close navigation' : 'Open navigation'}
              aria-expanded={opened}
              aria-controls="app-navigation"
            />
            <Anchor component={Link} to="/" underline="never" c="inherit" aria-label="SalesOS home">
              <Brand />
            </Anchor>
            <Divider orientation="vertical" h={24} style={{ alignSelf: 'center' }} visibleFrom="xs" />
            <Box visibleFrom="xs">
              {workspaces.length > 1 ? (
                <WorkspaceSwitcher currentId={workspace.id} currentName={workspace.name} workspaces={workspaces} />
              ) : (
                <Text fw={600} size="sm" px="xs" truncate maw={260}>
                  {workspace.name}
                </Text>
              )}
            </Box>
          </Group>
          <Group gap="sm" wrap="nowrap">
            <Group gap={10} wrap="nowrap" visibleFrom="sm">
              <Avatar src={user.photoUrl} alt="" radius="xl" size={32} color="indigo">
                {initials(displayName)}
              </Avatar>
              <Box lh={1.2}>
                <Text size="sm" fw={600} truncate maw={180}>
                  {displayName}
                </Text>
                <Text size="xs" c="dimmed">
                  {ROLE_LABELS[user.role]}
                </Text>
              </Box>
            </Group>
            <HelpMenu />
            <SignOutButton />
          </Group>
        </Group>
      </AppShell.Header>

      <AppShell.Navbar p="sm" id="app-navigation" aria-label="Main navigation" component="nav">
        <AppShell.Section hiddenFrom="xs" mb="md">
          {workspaces.length > 1 ? (
            <WorkspaceSwitcher currentId={workspace.id} currentName={workspace.name} workspaces={workspaces} />
          ) : (
            <Text fw={600} size="sm" px="sm">
              {workspace.name}
            </Text>
          )}
        </AppShell.Section>
        <AppShell.Section grow component={ScrollArea} type="scroll">
          <Stack gap="lg" pt={4}>
            <NavSection title="Workspace" items={WORK_NAV} onNavigate={close} />
            {isAdmin ? <NavSection title="Admin" items={ADMIN_NAV} onNavigate={close} /> : null}
          </Stack>
        </AppShell.Section>
      </AppShell.Navbar>

      <AppShell.Main id="main" tabIndex={-1} bg="var(--app-page-bg)">
        <Container size={1180} px={{ base: 'md', sm: 'lg', lg: 'xl' }} py="xl">
          <VerifyEmailBanner />
          <Outlet />
        </Container>
      </AppShell.Main>
    </AppShell>
  );
}

/** The signed-in app: loads the session, then the shell around the current page. */
export function AppLayout() {
  const me = useMeQuery();

  if (me.isPending || (me.isError && isApiError(me.error, 'unauthenticated'))) {
    return (
      <Center mih="100vh" role="status" aria-live="polite">
        <Group gap="sm">
          <Loader size="sm" />
          <Text c="dimmed">Loading your workspace…</Text>
        </Group>
      </Center>
    );
  }
  if (me.isError) {
    return (
      <Center mih="100vh" p="md">
        <Box maw={520} w="100%">
          <QueryError error={me.error} title="SalesOS could not load your workspace" onRetry={() => me.refetch()} />
        </Box>
      </Center>
    );
  }
  return (
    <SessionProvider me={me.data}>
      <ScrollRestoration />
      <TourProvider>
        <Shell />
      </TourProvider>
    </SessionProvider>
  );
}
