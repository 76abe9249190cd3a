import { Text, TextInput } from '@mantine/core';
import type { Lead } from '../../../shared/api/work-records';
import { NoneText } from '../../components/data-table';
import { IconTarget } from '../../components/icons';
import { RecordsPage, type RecordsPageConfig } from '../../components/records-page';
import { validateEmail } from '../../lib/validators';

const EMAIL_MAX = 254;
const COMPANY_MAX = 200;

type LeadValues = { email: string; company: string };

function OptionalText({ value }: { value: string | null }) {
  return value ? (
    <Text size="sm" truncate maw={240} title={value}>
      {value}
    </Text>
  ) : (
    <NoneText />
  );
}

/** An empty optional field is sent as null, which clears it. */
const orNull = (value: string): string | null => value.trim() || null;

const LEADS: RecordsPageConfig<'leads', LeadValues> = {
  kind: 'leads',
  title: 'Leads',
  noun: 'lead',
  icon: IconTarget,
  columns: [
    { key: 'email', header: 'Email', cell: (lead: Lead) => <OptionalText value={lead.email} /> },
    { key: 'company', header: 'Company', cell: (lead: Lead) => <OptionalText value={lead.company} /> },
  ],
  form: {
    initial: { email: '', company: '' },
    fromRecord: (lead) => ({ email: lead.email ?? '', company: lead.company ?? '' }),
    fields: ['email', 'company'],
    validate: (values) => ({
      email: values.email.trim() ? validateEmail(values.email) : null,
      company: values.company.trim().length > COMPANY_MAX ? `Use at most ${COMPANY_MAX} characters.` : null,
    }),
    toInput: (values) => ({ email: orNull(values.email), company: orNull(values.company) }),
    render: (form) => (
      <>
        <TextInput
          label="Email"
          description="Optional."
          type="email"
          autoComplete="off"
          maxLength={EMAIL_MAX}
          {...form.getInputProps('email')}
        />
        <TextInput
          label="Company"
          description="Optional."
          autoComplete="off"
          maxLength={COMPANY_MAX}
          {...form.getInputProps('company')}
        />
      </>
    ),
  },
};

export function LeadsPage() {
  return <RecordsPage config={LEADS} />;
}
