import { Alert, type AlertProps } from '@mantine/core';
import type { ReactNode } from 'react';
import { errorText } from '../api/client';
import { IconAlertCircle } from './icons';

type FormErrorAlertProps = Pick<AlertProps, 'id' | 'mt' | 'title'> & {
  /**
   * What went wrong: a form's message (what `applyApiError` left for above the form) or a failed
   * request's error, said with `errorText`. Nothing to say (null, undefined, ''): nothing is shown.
   */
  error: string | Error | null | undefined;
  /** Said after the message, as the sign-in form's "You can try again in…". */
  children?: ReactNode;
};

/** Why a form or an action was refused, above it; read out at once (role="alert"). */
export function FormErrorAlert({ error, children, ...props }: FormErrorAlertProps) {
  if (!error) return null;
  return (
    <Alert color="red" variant="light" icon={<IconAlertCircle />} role="alert" {...props}>
      {typeof error === 'string' ? error : errorText(error)}
      {children}
    </Alert>
  );
}
