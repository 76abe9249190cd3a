import { Group, PasswordInput, type PasswordInputProps, Progress, Text } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useEffect, useState } from 'react';
import type { PasswordContext, PasswordVerdict } from '../../shared/password-policy';
import { loadPasswordPolicy } from '../lib/password-policy-loader';

type PasswordFieldProps = Omit<PasswordInputProps, 'description' | 'inputWrapperOrder' | 'inputContainer'> & {
  value?: string;
  /** The person's name, email and workspace name: a password built on them is refused. */
  context: PasswordContext;
};

const HINT = 'At least 10 characters. Avoid your name, your email and the workspace name.';

function strength(verdict: PasswordVerdict): { label: string; color: string; bars: number } {
  if (verdict.ok) {
    return verdict.score >= 4
      ? { label: 'Very strong', color: 'teal', bars: 4 }
      : { label: 'Strong', color: 'green', bars: 3 };
  }
  if (verdict.score >= 2) return { label: 'Fair', color: 'yellow', bars: 2 };
  if (verdict.score === 1) return { label: 'Weak', color: 'orange', bars: 1 };
  return { label: 'Too weak', color: 'red', bars: 1 };
}

/** A password input with a strength meter computed while typing, using the server's own rules. */
export function PasswordField({ value = '', context, ...inputProps }: PasswordFieldProps) {
  const [debounced] = useDebouncedValue(value, 120);
  const [verdict, setVerdict] = useState<PasswordVerdict | null>(null);
  const { name, email, workspaceName } = context;

  useEffect(() => {
    if (!debounced) {
      setVerdict(null);
      return;
    }
    let current = true;
    loadPasswordPolicy()
      .then((policy) => {
        if (current) setVerdict(policy.checkPassword(debounced, { name, email, workspaceName }));
      })
      .catch(() => {
        if (current) setVerdict(null);
      });
    return () => {
      current = false;
    };
  }, [debounced, name, email, workspaceName]);

  const shown = value && verdict ? strength(verdict) : null;
  const description =
    shown && verdict ? (
      <>
        <Text span fw={600} size="xs" c={`${shown.color}.8`}>
          Strength: {shown.label}.
        </Text>{' '}
        {verdict.ok ? 'This password can be used.' : verdict.reason}
      </>
    ) : (
      HINT
    );

  return (
    <PasswordInput
      {...inputProps}
      value={value}
      description={description}
      descriptionProps={{ 'aria-live': 'polite' }}
      inputWrapperOrder={['label', 'input', 'description', 'error']}
      inputContainer={(input) => (
        <>
          {input}
          <Group gap={4} grow mt={8} mb={6} aria-hidden="true">
            {[1, 2, 3, 4].map((bar) => (
              <Progress
                key={bar}
                size={4}
                value={shown && shown.bars >= bar ? 100 : 0}
                color={shown?.color ?? 'gray'}
                transitionDuration={150}
              />
            ))}
          </Group>
        </>
      )}
    />
  );
}
