import { createTheme, MantineProvider } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import type { ComponentType } from 'react';
import { createBrowserRouter, Navigate, RouterProvider } from 'react-router';
import type { Permission } from '../shared/permissions';
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
import { ForgotPasswordPage } from './routes/auth/forgot-password-page';
import { LoginPage } from './routes/auth/login-page';
import { ResetPasswordPage } from './routes/auth/reset-password-page';
import { SignupPage } from './routes/auth/signup-page';
import { VerifyEmailPage } from './routes/auth/verify-email-page';
import { GeneralChannelPage } from './routes/chat/general-channel-page';
import { DashboardPage } from './routes/dashboard/dashboard-page';
import { DealsPage } from './routes/deals/deals-page';
import { DevMailboxPage } from './routes/dev/dev-mailbox-page';
import { GuidePage } from './routes/guide/guide-page';
import { AcceptInvitationPage } from './routes/invite/accept-invitation-page';
import { LeadsPage } from './routes/leads/leads-page';
import { NotFoundPage } from './routes/not-found-page';
import { OnboardingIndex, OnboardingLayout } from './routes/onboarding/onboarding-layout';
import { TourPage } from './routes/onboarding/tour-page';
import { PersonPage } from './routes/people/person-page';

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
/** Pages of emailed account links: their paths hold a token, so they are never put in ?next= either. */
const ACCOUNT_LINK_PATHS = ['/forgot-password', '/reset-password/', '/verify-email/'];

/** Pages that work without a session; an invitation's path holds its token, so it is never put in ?next=. */
function isPublicPath(pathname: string): boolean {
  if (ACCOUNT_LINK_PATHS.some((path) => pathname === path || pathname.startsWith(path))) return true;
  return PUBLIC_PATHS.has(pathname) || pathname.startsWith('/invite/');
}

/** Pages only some roles may open; the others read why not. */
const ADMIN_ROUTES: { path: string; permission: Permission; Page: ComponentType }[] = [
  { path: 'admin/users', permission: 'users:read', Page: UsersPage },
  { path: 'admin/users/bulk', permission: 'invitations:manage', Page: BulkInvitePage },
  { path: 'admin/teams', permission: 'teams:manage', Page: TeamsPage },
  { path: 'admin/billing', permission: 'billing:manage', Page: BillingPage },
  { path: 'admin/onboarding', permission: 'settings:manage', Page: OnboardingSettingsPage },
  { path: 'admin/audit', permission: 'audit:read', Page: AuditLogPage },
  { path: 'admin/security', permission: 'settings:manage', Page: SecurityPage },
  { path: 'dev/mailbox', permission: 'mailbox:read', Page: DevMailboxPage },
];

const router = createBrowserRouter([
  { path: '/login', element: <LoginPage />, errorElement: <RouteError /> },
  { path: '/signup', element: <SignupPage />, errorElement: <RouteError /> },
  { path: '/invite/:token', element: <AcceptInvitationPage />, errorElement: <RouteError /> },
  {
    // Profile, then the tour offer, after the password; outside the app shell, one step at a time.
    path: '/onboarding',
    element: <OnboardingLayout />,
    errorElement: <RouteError />,
    children: [
      { index: true, element: <OnboardingIndex /> },
      // Loaded on demand with its phone-number metadata.
      {
        path: 'profile',
        lazy: async () => ({ Component: (await import('./routes/onboarding/profile-page')).ProfilePage }),
      },
      { path: 'tour', element: <TourPage /> },
    ],
  },
  { path: '/forgot-password', element: <ForgotPasswordPage />, errorElement: <RouteError /> },
  { path: '/reset-password/:token', element: <ResetPasswordPage />, errorElement: <RouteError /> },
  { path: '/verify-email/:token', element: <VerifyEmailPage />, errorElement: <RouteError /> },
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
          { path: 'guide', element: <GuidePage /> },
          { path: 'chat/general', element: <GeneralChannelPage /> },
          { path: 'people/:id', element: <PersonPage /> },
          { path: 'admin', element: <Navigate to="/admin/users" replace /> },
          ...ADMIN_ROUTES.map(({ path, permission, Page }) => ({
            path,
            element: (
              <RequirePermission permission={permission}>
                <Page />
              </RequirePermission>
            ),
          })),
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
