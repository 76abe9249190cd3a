import { createTheme, MantineProvider } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { createBrowserRouter, Navigate, RouterProvider } from 'react-router';
import { ApiError, setUnauthenticatedHandler } from './api/client';
import { AppLayout } from './components/app-layout';
import { RequirePermission } from './components/require-permission';
import { RouteError } from './components/route-error';
import { AuditLogPage } from './routes/admin/audit/audit-log-page';
import { BillingPage } from './routes/admin/billing/billing-page';
import { OnboardingSettingsPage } from './routes/admin/onboarding/onboarding-page';
import { SecurityPage } from './routes/admin/security/security-page';
import { TeamsPage } from './routes/admin/teams/teams-page';
import { BulkInvitePage } from './routes/admin/users/bulk-invite/bulk-invite-page';
import { UsersPage } from './routes/admin/users/users-page';
import { LoginPage } from './routes/auth/login-page';
import { SignupPage } from './routes/auth/signup-page';
import { GeneralChannelPage } from './routes/chat/general-channel-page';
import { DashboardPage } from './routes/dashboard/dashboard-page';
import { DealsPage } from './routes/deals/deals-page';
import { DevMailboxPage } from './routes/dev/dev-mailbox-page';
import { AcceptInvitationPage } from './routes/invite/accept-invitation-page';
import { LeadsPage } from './routes/leads/leads-page';
import { NotFoundPage } from './routes/not-found-page';

const theme = createTheme({
  primaryColor: 'indigo',
  defaultRadius: 'md',
  focusRing: 'auto',
  cursorType: 'pointer',
  headings: { fontWeight: '700' },
});

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      // Retry only what may pass on a second try: lost connections and server faults.
      retry: (failures, error) =>
        error instanceof ApiError && (error.status === 0 || error.status >= 500) && failures < 2,
    },
    mutations: { retry: false },
  },
});

const PUBLIC_PATHS = new Set(['/login', '/signup']);

/** Pages that work without a session; an invitation's path holds its token, so it is never put in ?next=. */
function isPublicPath(pathname: string): boolean {
  return PUBLIC_PATHS.has(pathname) || pathname.startsWith('/invite/');
}

const router = createBrowserRouter([
  { path: '/login', element: <LoginPage />, errorElement: <RouteError /> },
  { path: '/signup', element: <SignupPage />, errorElement: <RouteError /> },
  { path: '/invite/:token', element: <AcceptInvitationPage />, errorElement: <RouteError /> },
  {
    path: '/',
    element: <AppLayout />,
    errorElement: <RouteError />,
    children: [
      {
        errorElement: <RouteError />,
        children: [
          { index: true, element: <DashboardPage /> },
          { path: 'deals', element: <DealsPage /> },
          { path: 'leads', element: <LeadsPage /> },
          { path: 'chat/general', element: <GeneralChannelPage /> },
          { path: 'admin', element: <Navigate to="/admin/users" replace /> },
          {
            path: 'admin/users',
            element: (
              <RequirePermission permission="users:read">
                <UsersPage />
              </RequirePermission>
            ),
          },
          {
            path: 'admin/users/bulk',
            element: (
              <RequirePermission permission="invitations:manage">
                <BulkInvitePage />
              </RequirePermission>
            ),
          },
          {
            path: 'admin/teams',
            element: (
              <RequirePermission permission="teams:manage">
                <TeamsPage />
              </RequirePermission>
            ),
          },
          {
            path: 'admin/billing',
            element: (
              <RequirePermission permission="billing:manage">
                <BillingPage />
              </RequirePermission>
            ),
          },
          {
            path: 'admin/onboarding',
            element: (
              <RequirePermission permission="settings:manage">
                <OnboardingSettingsPage />
              </RequirePermission>
            ),
          },
          {
            path: 'admin/audit',
            element: (
              <RequirePermission permission="audit:read">
                <AuditLogPage />
              </RequirePermission>
            ),
          },
          {
            path: 'admin/security',
            element: (
              <RequirePermission permission="settings:manage">
                <SecurityPage />
              </RequirePermission>
            ),
          },
          {
            path: 'dev/mailbox',
            element: (
              <RequirePermission permission="mailbox:read">
                <DevMailboxPage />
              </RequirePermission>
            ),
          },
          { path: '*', element: <NotFoundPage /> },
        ],
      },
    ],
  },
]);

setUnauthenticatedHandler(() => {
  const { pathname, search } = window.location;
  if (isPublicPath(pathname)) return;
  const next = pathname === '/' ? '' : `?next=${encodeURIComponent(pathname + search)}`;
  void router.navigate(`/login${next}`, { replace: true }).then(() => queryClient.removeQueries());
});

export function App() {
  return (
    <MantineProvider theme={theme} defaultColorScheme="light">
      <Notifications position="bottom-right" autoClose={4000} />
      <QueryClientProvider client={queryClient}>
        <RouterProvider router={router} />
      </QueryClientProvider>
    </MantineProvider>
  );
}
