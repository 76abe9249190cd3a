import { NotAvailablePage } from '../../components/not-available-page';

export function LeadsPage() {
  return <NotAvailablePage title="Leads" />;
}
