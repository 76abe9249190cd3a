import { NotAvailablePage } from '../../components/not-available-page';

export function DealsPage() {
  return <NotAvailablePage title="Deals" />;
}
