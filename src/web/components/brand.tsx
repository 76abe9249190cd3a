import { Box, Group, Text } from '@mantine/core';

export function Brand({ size = 'md' }: { size?: 'md' | 'lg' }) {
  const mark = size === 'lg' ? 36 : 28;
  return (
    <Group gap={10} wrap="nowrap">
      <Box
        aria-hidden="true"
        w={mark}
        h={mark}
        style={{
          borderRadius: 8,
          display: 'grid',
          placeItems: 'center',
          color: 'white',
          fontWeight: 800,
          fontSize: mark * 0.55,
          background: 'linear-gradient(135deg, var(--mantine-color-indigo-5), var(--mantine-color-violet-6))',
        }}
      >
        S
      </Box>
      <Text fw={750} fz={size === 'lg' ? 22 : 18} lts={-0.3}>
        SalesOS
      </Text>
    </Group>
  );
}
