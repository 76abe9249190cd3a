import { NotAvailablePage } from '../../components/not-available-page';

export function GeneralChannelPage() {
  return <NotAvailablePage title="#general" />;
}
