import { NotAvailablePage } from '../../../components/not-available-page';

export function SecurityPage() {
  return <NotAvailablePage title="Security" />;
}
