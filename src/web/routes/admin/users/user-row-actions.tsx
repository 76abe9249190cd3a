import { ActionIcon, Menu } from '@mantine/core';
import { Fragment, type ReactNode } from 'react';
import type { User } from '../../../../shared/api/users';
import type { UserStatus } from '../../../../shared/roles';
import {
  IconBan,
  IconDots,
  IconPencil,
  IconRefresh,
  IconSend,
  IconShield,
  IconTeams,
  IconTrash,
} from '../../../components/icons';

export type RowAction =
  | 'resend'
  | 'revoke'
  | 'edit'
  | 'change-role'
  | 'change-team'
  | 'deactivate'
  | 'reactivate'
  | 'delete';

const ITEMS: Record<RowAction, { label: string; icon: ReactNode; color?: string }> = {
  resend: { label: 'Resend', icon: <IconSend size={16} /> },
  edit: { label: 'Edit', icon: <IconPencil size={16} /> },
  revoke: { label: 'Revoke', icon: <IconBan size={16} />, color: 'red' },
  'change-role': { label: 'Change role', icon: <IconShield size={16} /> },
  'change-team': { label: 'Change team', icon: <IconTeams size={16} /> },
  deactivate: { label: 'Deactivate', icon: <IconBan size={16} /> },
  reactivate: { label: 'Reactivate', icon: <IconRefresh size={16} /> },
  delete: { label: 'Delete', icon: <IconTrash size={16} />, color: 'red' },
};

const INVITATION_MENU: RowAction[][] = [['resend', 'edit'], ['revoke']];

/** The help page's actions per status, in groups a divider separates; revoked users have none. */
const MENUS: Partial<Record<UserStatus, { label: string | null; groups: RowAction[][] }>> = {
  pending: { label: 'Pending invitation', groups: INVITATION_MENU },
  expired: { label: 'Expired invitation', groups: INVITATION_MENU },
  active: {
    label: null,
    groups: [
      ['edit', 'change-role', 'change-team'],
      ['deactivate', 'delete'],
    ],
  },
  deactivated: { label: null, groups: [['edit', 'reactivate'], ['delete']] },
};

/** Nobody deactivates or deletes themself: another admin has to. */
const NOT_ON_SELF: RowAction[] = ['deactivate', 'delete'];

/** An accepted or deactivated member, managed in the user drawer (rather than an invitation). */
export function isMember(user: User): boolean {
  return user.status === 'active' || user.status === 'deactivated';
}

type UserRowActionsProps = { user: User; isSelf: boolean; onAction: (action: RowAction, user: User) => void };

/** The row's actions in a keyboard-operable menu; none for a revoked invitation. */
export function UserRowActions({ user, isSelf, onAction }: UserRowActionsProps) {
  const menu = MENUS[user.status];
  if (!menu) return null;
  const groups = menu.groups
    .map((group) => group.filter((action) => !(isSelf && NOT_ON_SELF.includes(action))))
    .filter((group) => group.length > 0);
  return (
    <Menu position="bottom-end" withArrow shadow="md" width={200}>
      <Menu.Target>
        <ActionIcon variant="subtle" color="gray" aria-label={`Actions for ${user.name}`}>
          <IconDots size={18} />
        </ActionIcon>
      </Menu.Target>
      <Menu.Dropdown>
        {menu.label ? <Menu.Label>{menu.label}</Menu.Label> : null}
        {groups.map((group, index) => (
          <Fragment key={group.join()}>
            {index > 0 ? <Menu.Divider /> : null}
            {group.map((action) => (
              <Menu.Item
                key={action}
                color={ITEMS[action].color}
                leftSection={ITEMS[action].icon}
                onClick={() => onAction(action, user)}
              >
                {ITEMS[action].label}
              </Menu.Item>
            ))}
          </Fragment>
        ))}
      </Menu.Dropdown>
    </Menu>
  );
}
