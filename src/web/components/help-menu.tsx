import { Button, Menu } from '@mantine/core';
import { useNavigate } from 'react-router';
import { IconChevronDown, IconHelp } from './icons';
import { useTour } from './tour/tour-context';

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
          leftSection={<IconHelp size={16} />}
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
