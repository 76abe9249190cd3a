import { Box, Center, Paper, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { useDocumentTitle } from '../hooks/use-document-title';
import { Brand } from './brand';

type AuthLayoutProps = { title: string; subtitle?: ReactNode; footer?: ReactNode; children: ReactNode };

/** The frame of the pages a person sees before signing in. */
export function AuthLayout({ title, subtitle, footer, children }: AuthLayoutProps) {
  useDocumentTitle(title);
  return (
    <Box
      component="main"
      mih="100vh"
      py={48}
      px="md"
      style={{
        background:
          'radial-gradient(1200px 600px at 50% -10%, var(--mantine-color-indigo-1), transparent 70%), var(--mantine-color-gray-0)',
      }}
    >
      <Center>
        <Stack w="100%" maw={440} gap="lg">
          <Center>
            <Brand size="lg" />
          </Center>
          <Paper withBorder shadow="sm" radius="lg" p={32}>
            <Stack gap={4} mb="lg">
              <Title order={1} fz={24} fw={700}>
                {title}
              </Title>
              {subtitle ? (
                <Text c="dimmed" size="sm">
                  {subtitle}
                </Text>
              ) : null}
            </Stack>
            {children}
          </Paper>
          {footer ? (
            <Text ta="center" size="sm" c="dimmed">
              {footer}
            </Text>
          ) : null}
        </Stack>
      </Center>
    </Box>
  );
}
