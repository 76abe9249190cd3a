import { useState } from 'react';
import type { User } from '../../../../shared/api/users';
import { DeactivateUserModal } from './deactivate-user-modal';
import { DeleteUserModal } from './delete-user-modal';
import { EditUserModal } from './edit-user-modal';
import { RevokeInvitationModal } from './revoke-invitation-modal';
import { useReactivateUser } from './use-reactivate-user';
import { useResendInvitation } from './use-resend-invitation';
import { type DrawerTarget, UserDrawer } from './user-drawer';
import { isMember, type RowAction } from './user-row-actions';

type DialogKind = 'edit-invitation' | 'revoke' | 'deactivate' | 'delete';

/**
 * Every action of the Users page and the dialogs they open. The drawer may stay open under one
 * dialog at a time, so "Deactivate instead" simply swaps the Delete dialog for the Deactivate one.
 */
export function useUserDialogs() {
  const [drawer, setDrawer] = useState<DrawerTarget | null>(null);
  const [dialog, setDialog] = useState<{ kind: DialogKind; user: User } | null>(null);
  const resend = useResendInvitation();
  const reactivate = useReactivateUser();

  const run = (action: RowAction, user: User) => {
    if (action === 'resend') resend.mutate(user);
    else if (action === 'reactivate') reactivate.mutate(user);
    else if (action === 'edit') {
      if (isMember(user)) setDrawer({ user });
      else setDialog({ kind: 'edit-invitation', user });
    } else if (action === 'change-role') setDrawer({ user, focus: 'role' });
    else if (action === 'change-team') setDrawer({ user, focus: 'team' });
    else setDialog({ kind: action, user });
  };

  const closeDialog = () => setDialog(null);
  const dialogUser = (kind: DialogKind) => (dialog?.kind === kind ? dialog.user : null);

  const dialogs = (
    <>
      <UserDrawer
        target={drawer}
        onClose={() => setDrawer(null)}
        onConfirm={(kind, user) => setDialog({ kind, user })}
        confirming={dialog !== null}
      />
      <EditUserModal user={dialogUser('edit-invitation')} onClose={closeDialog} />
      <RevokeInvitationModal user={dialogUser('revoke')} onClose={closeDialog} />
      <DeactivateUserModal user={dialogUser('deactivate')} onClose={closeDialog} />
      <DeleteUserModal
        user={dialogUser('delete')}
        onClose={closeDialog}
        onDeleted={() => {
          setDialog(null);
          setDrawer(null);
        }}
        onDeactivateInstead={(user) => setDialog({ kind: 'deactivate', user })}
      />
    </>
  );

  return { run, dialogs, resendingId: resend.isPending ? resend.variables?.id : undefined };
}
