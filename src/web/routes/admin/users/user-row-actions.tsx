import { ActionIcon, Menu } from '@mantine/core';
import type { User } from '../../../api/types';
import { IconBan, IconDots, IconPencil, IconSend } from '../../../components/icons';

export type RowAction = 'resend' | 'revoke' | 'edit';

/** Only invitations not yet accepted can be acted on in this version. */
export function hasRowActions(user: User): boolean {
  return user.status === 'pending' || user.status === 'expired';
}

/** The help page's actions on pending invitations: Resend, Revoke, Edit, in a keyboard-operable menu. */
export function UserRowActions({ user, onAction }: { user: User; onAction: (action: RowAction, user: User) => void }) {
  return (
    <Menu position="bottom-end" withArrow shadow="md" width={200}>
      <Menu.Target>
        <ActionIcon variant="subtle" color="gray" aria-label={`Actions for ${user.name}`}>
          <IconDots size={18} />
        </ActionIcon>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>{user.status === 'expired' ? 'Expired invitation' : 'Pending invitation'}</Menu.Label>
        <Menu.Item leftSection={<IconSend size={16} />} onClick={() => onAction('resend', user)}>
          Resend
        </Menu.Item>
        <Menu.Item leftSection={<IconPencil size={16} />} onClick={() => onAction('edit', user)}>
          Edit
        </Menu.Item>
        <Menu.Divider />
        <Menu.Item color="red" leftSection={<IconBan size={16} />} onClick={() => onAction('revoke', user)}>
          Revoke
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}
