import { useState } from 'react';
import { SendProgress } from './send-progress';
import { runningSendId, useBulkImport } from './use-bulk-import';

/**
 * On the Users page: the progress of a send this browser started, while it runs. Following it
 * also refreshes the list as the new people are invited.
 */
export function RunningSendBanner() {
  const [id] = useState(runningSendId);
  const bulk = useBulkImport(id);
  if (bulk.data?.status !== 'sending') return null;
  return <SendProgress bulk={bulk.data} compact />;
}
