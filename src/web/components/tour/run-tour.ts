import 'driver.js/dist/driver.css';
import './tour.css';
import { type DriveStep, driver } from 'driver.js';

/** The parts of the app shell the tour shows, marked `data-tour="…"` in app-layout.tsx and help-menu.tsx. */
export const TOUR_TARGETS = {
  dashboard: 'nav-dashboard',
  deals: 'nav-deals',
  leads: 'nav-leads',
  general: 'nav-general',
  admin: 'nav-admin',
  help: 'help-menu',
} as const;

type Stop = { target: string; title: string; description: string; side?: 'right' | 'bottom' };

function stops(isAdmin: boolean): Stop[] {
  const list: Stop[] = [
    {
      target: TOUR_TARGETS.dashboard,
      title: 'Dashboard',
      description:
        'Your home: your deals and leads, the Getting Started challenge and guide, your buddy and the latest #general messages.',
    },
    {
      target: TOUR_TARGETS.deals,
      title: 'Deals',
      description: 'The deals you work on, with their amount and stage. Open one to update it as it moves along.',
    },
    {
      target: TOUR_TARGETS.leads,
      title: 'Leads',
      description: 'People and companies who might buy. Add them here, then turn the promising ones into deals.',
    },
    {
      target: TOUR_TARGETS.general,
      title: '#general',
      description: 'The chat channel of the whole workspace: say hello, ask questions, share wins.',
    },
  ];
  if (isAdmin) {
    list.push({
      target: TOUR_TARGETS.admin,
      title: 'Admin',
      description: 'Invite people, organise teams, and manage billing, onboarding, security and the audit log.',
    });
  }
  list.push({
    target: TOUR_TARGETS.help,
    side: 'bottom',
    title: 'Help',
    description: 'Take this tour again or update your profile at any time from here.',
  });
  return list;
}

function visible(element: Element | null): element is HTMLElement {
  return element instanceof HTMLElement && element.getClientRects().length > 0;
}

/**
 * Runs the guided tour over the app shell with driver.js; keyboard: arrows move, Escape closes.
 * Resolves `completed` when the person reached the last stop, `skipped` when they closed it before.
 * A part hidden on a small screen (the collapsed navigation) gets its explanation without a highlight.
 */
export function runTour(options: { isAdmin: boolean }): Promise<'completed' | 'skipped'> {
  return new Promise((resolve) => {
    const steps: DriveStep[] = stops(options.isAdmin).map((stop) => {
      const element = document.querySelector(`[data-tour="${stop.target}"]`);
      return {
        ...(visible(element) ? { element } : {}),
        // Beside the navigation rather than over it; the Help menu's below it.
        popover: {
          title: stop.title,
          description: stop.description,
          side: stop.side ?? 'right',
          align: stop.side === 'bottom' ? 'end' : 'start',
        },
      };
    });
    let reachedEnd = false;
    const tour = driver({
      steps,
      showProgress: true,
      progressText: '{{current}} of {{total}}',
      nextBtnText: 'Next',
      prevBtnText: 'Back',
      doneBtnText: 'Finish tour',
      allowClose: true,
      // Moving highlights are decoration: none for people who asked their system for less motion.
      animate: !window.matchMedia('(prefers-reduced-motion: reduce)').matches,
      smoothScroll: true,
      stagePadding: 6,
      stageRadius: 8,
      popoverClass: 'salesos-tour',
      onDestroyStarted: () => {
        reachedEnd = !tour.hasNextStep();
        tour.destroy();
      },
      onDestroyed: () => resolve(reachedEnd ? 'completed' : 'skipped'),
    });
    tour.drive();
  });
}
