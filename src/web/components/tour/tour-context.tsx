import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useRef, useState } from 'react';
import { Navigate, useLocation, useNavigate } from 'react-router';
import type { Me } from '../../../shared/api/auth';
import type { Onboarding } from '../../../shared/api/profile';
import { authorize } from '../../../shared/permissions';
import { errorText } from '../../api/client';
import { recordTour } from '../../api/onboarding';
import { queryKeys } from '../../api/query-keys';
import { useSession } from '../session-context';

type TourContextValue = {
  /** Starts the guided tour of the app shell; its end is recorded as completed or skipped. */
  start: () => void;
  running: boolean;
};

const TourContext = createContext<TourContextValue | null>(null);

export function useTour(): TourContextValue {
  const value = useContext(TourContext);
  if (!value) throw new Error('useTour() is only available inside the signed-in app.');
  return value;
}

/** Navigation state that asks the app shell to start the tour as soon as it shows. */
export const START_TOUR_STATE = { startTour: true } as const;

function wantsTour(state: unknown): boolean {
  return typeof state === 'object' && state !== null && 'startTour' in state && state.startTour === true;
}

/** Puts a fresh onboarding answer into the cached `/me`, so every page sees the step just finished. */
export function useStoreOnboarding() {
  const queryClient = useQueryClient();
  return useCallback(
    (onboarding: Onboarding) =>
      queryClient.setQueryData<Me>(queryKeys.me.all, (me) => (me ? { ...me, onboarding } : me)),
    [queryClient],
  );
}

/**
 * Around the app shell: runs the tour, and sends a person who joined by invitation back to the
 * onboarding step they left (profile, then the tour offer) until every step is done or skipped.
 */
export function TourProvider({ children }: { children: ReactNode }) {
  const me = useSession();
  const location = useLocation();
  const navigate = useNavigate();
  const storeOnboarding = useStoreOnboarding();
  const [running, setRunning] = useState(false);
  const runningRef = useRef(false);
  const isAdmin = authorize(me.user.role, 'settings:manage');

  const start = useCallback(() => {
    if (runningRef.current) return;
    runningRef.current = true;
    setRunning(true);
    void import('./run-tour')
      .then(({ runTour }) => runTour({ isAdmin }))
      .then((status) => recordTour(status))
      .then((onboarding) => storeOnboarding(onboarding))
      .catch((error: unknown) =>
        notifications.show({ color: 'red', title: 'The tour could not be saved', message: errorText(error) }),
      )
      .finally(() => {
        runningRef.current = false;
        setRunning(false);
        document.getElementById('main')?.focus();
      });
  }, [isAdmin, storeOnboarding]);

  const startRequested = wantsTour(location.state);
  useEffect(() => {
    if (!startRequested) return;
    start();
    // Forget the request, so going back or reloading does not start the tour again.
    navigate(`${location.pathname}${location.search}`, { replace: true, state: null });
  }, [startRequested, start, navigate, location.pathname, location.search]);

  const value = useMemo(() => ({ start, running }), [start, running]);
  const onboarding = me.onboarding;
  const resume =
    onboarding.guided && !running && !startRequested && (onboarding.next === 'profile' || onboarding.next === 'tour');
  if (resume) return <Navigate to={`/onboarding/${onboarding.next}`} replace />;
  return <TourContext.Provider value={value}>{children}</TourContext.Provider>;
}
