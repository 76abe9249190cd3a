import { NotAvailablePage } from '../../../components/not-available-page';

export function OnboardingSettingsPage() {
  return <NotAvailablePage title="Onboarding" />;
}
