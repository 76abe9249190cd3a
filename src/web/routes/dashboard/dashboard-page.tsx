import { NotAvailablePage } from '../../components/not-available-page';

export function DashboardPage() {
  return <NotAvailablePage title="Dashboard" />;
}
