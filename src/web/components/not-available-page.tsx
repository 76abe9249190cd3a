import { Paper, Text } from '@mantine/core';
import { PageHeader } from './page-header';

/** An area this version does not have yet: says so, and offers nothing that pretends to work. */
export function NotAvailablePage({ title }: { title: string }) {
  return (
    <>
      <PageHeader title={title} />
      <Paper withBorder radius="md" p="xl">
        <Text>This area is not available yet in this version of SalesOS.</Text>
      </Paper>
    </>
  );
}
