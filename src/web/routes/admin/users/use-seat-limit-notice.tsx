import { Anchor, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useCallback } from 'react';
import { useNavigate } from 'react-router';

/** A refusal for want of a seat: the server's explanation and a way to Admin > Billing. */
export function useSeatLimitNotice() {
  // Notifications render outside the router, so the link navigates through this closure.
  const navigate = useNavigate();
  return useCallback(
    (title: string, detail: string) => {
      const id = notifications.show({
        color: 'red',
        title,
        autoClose: 15000,
        closeButtonProps: { 'aria-label': 'Close message' },
        message: (
          <>
            <Text size="sm">{detail}</Text>
            <Anchor
              component="button"
              type="button"
              size="sm"
              fw={600}
              onClick={() => {
                notifications.hide(id);
                navigate('/admin/billing');
              }}
            >
              Go to Admin &gt; Billing
            </Anchor>
          </>
        ),
      });
    },
    [navigate],
  );
}
