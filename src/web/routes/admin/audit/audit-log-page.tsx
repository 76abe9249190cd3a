import { NotAvailablePage } from '../../../components/not-available-page';

export function AuditLogPage() {
  return <NotAvailablePage title="Audit log" />;
}
