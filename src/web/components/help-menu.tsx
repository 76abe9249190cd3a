import { Button, Menu } from '@mantine/core';
import { useNavigate } from 'react-router';
import { IconChevronDown } from './icons';
import { useTour } from './tour/tour-context';

function IconHelp({ size = 16 }: { size?: number }) {
  return (
    <svg
      xmlns="http://www.w3.org/2000/svg"
      width={size}
      height={size}
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth={1.75}
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      focusable="false"
    >
      <circle cx="12" cy="12" r="9" />
      <path d="M9.5 9.5a2.5 2.5 0 1 1 3.5 2.3c-.6.3-1 .9-1 1.6v.6" />
      <path d="M12 17h.01" />
    </svg>
  );
}

/** The header's Help menu: the tour again, and one's own profile. */
export function HelpMenu() {
  const tour = useTour();
  const navigate = useNavigate();
  return (
    <Menu position="bottom-end" shadow="md" width={220} withinPortal>
      <Menu.Target>
        <Button
          variant="subtle"
          color="gray"
          size="xs"
          leftSection={<IconHelp />}
          rightSection={<IconChevronDown size={14} />}
          data-tour="help-menu"
        >
          Help
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Item onClick={() => tour.start()} disabled={tour.running}>
          Take the tour
        </Menu.Item>
        <Menu.Item onClick={() => navigate('/onboarding/profile')}>Your profile</Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}
