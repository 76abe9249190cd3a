import { Avatar, Box, Button, FileButton, Group, Loader, Overlay, Select, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useMemo, useState } from 'react';
import { useNavigate } from 'react-router';
import type { Me } from '../../../shared/api/auth';
import type { OnboardingNext } from '../../../shared/api/profile';
import type { User } from '../../../shared/api/users';
import { PHOTO_TYPES } from '../../../shared/profile';
import { type ApiError, errorText } from '../../api/client';
import { fetchOnboarding, removePhoto, skipProfile, updateProfile, uploadPhoto } from '../../api/onboarding';
import { queryKeys } from '../../api/query-keys';
import { FormErrorAlert } from '../../components/form-error-alert';
import { IconUpload } from '../../components/icons';
import { useSession } from '../../components/session-context';
import { useStoreOnboarding } from '../../components/tour/tour-context';
import { applyApiError } from '../../lib/form-errors';
import { initials } from '../../lib/format';
import { validateRequired } from '../../lib/validators';
import { OnboardingStep } from './onboarding-layout';
import { countryFromLocale, countryOfNumber, countryOptions } from './phone-countries';

function pathOf(next: OnboardingNext): string {
  return next === 'profile' || next === 'tour' ? `/onboarding/${next}` : '/';
}

/** Puts the person's updated place in the workspace into the cached `/me`. */
function useStoreUser() {
  const queryClient = useQueryClient();
  return (user: User) => queryClient.setQueryData<Me>(queryKeys.me.all, (me) => (me ? { ...me, user } : me));
}

/** The photo: a preview, Upload (or Change) and Remove; sent as soon as it is chosen. */
function PhotoField({ user }: { user: User }) {
  const storeUser = useStoreUser();
  const [preview, setPreview] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const hintId = useId();
  const errorId = useId();

  useEffect(() => () => (preview ? URL.revokeObjectURL(preview) : undefined), [preview]);

  const upload = useMutation({
    mutationFn: uploadPhoto,
    onMutate: (file: File) => {
      setError(null);
      setPreview(URL.createObjectURL(file));
    },
    onSuccess: (updated) => storeUser(updated),
    onError: (failure: ApiError | Error) => setError(errorText(failure)),
    onSettled: () => setPreview(null),
  });
  const remove = useMutation({
    mutationFn: removePhoto,
    onMutate: () => setError(null),
    onSuccess: (updated) => storeUser(updated),
    onError: (failure: ApiError | Error) => setError(errorText(failure)),
  });

  const shown = preview ?? user.photoUrl;
  const busy = upload.isPending || remove.isPending;
  return (
    <Box
      component="fieldset"
      m={0}
      p={0}
      style={{ border: 0 }}
      aria-describedby={error ? `${hintId} ${errorId}` : hintId}
    >
      <Text component="legend" size="sm" fw={500} mb={6}>
        Photo
      </Text>
      <Group gap="md" wrap="nowrap" align="center">
        <Box pos="relative" style={{ borderRadius: '50%', overflow: 'hidden' }}>
          <Avatar
            src={shown}
            alt={shown ? 'Your photo' : ''}
            size={88}
            radius="xl"
            color="indigo"
            data-testid="photo-preview"
          >
            {initials(user.name)}
          </Avatar>
          {upload.isPending ? (
            <Overlay color="#fff" backgroundOpacity={0.6} center>
              <Loader size="sm" aria-label="Uploading your photo" />
            </Overlay>
          ) : null}
        </Box>
        <Stack gap={6}>
          <Group gap="xs">
            <FileButton onChange={(file) => file && upload.mutate(file)} accept={PHOTO_TYPES.join(',')}>
              {(props) => (
                <Button {...props} variant="light" size="sm" leftSection={<IconUpload size={16} />} disabled={busy}>
                  {user.photoUrl ? 'Change photo' : 'Upload photo'}
                </Button>
              )}
            </FileButton>
            {user.photoUrl ? (
              <Button variant="subtle" color="red" size="sm" onClick={() => remove.mutate()} loading={remove.isPending}>
                Remove photo
              </Button>
            ) : null}
          </Group>
          <Text id={hintId} size="xs" c="dimmed">
            JPEG, PNG or WebP, up to 5 MB. It is cropped to a square.
          </Text>
        </Stack>
      </Group>
      <FormErrorAlert id={errorId} mt="sm" error={error} />
    </Box>
  );
}

type ProfileValues = { name: string; country: string | null; phone: string };

/** /onboarding/profile: name (prefilled), photo and phone; "Save and continue" or "Skip for now". */
export function ProfilePage() {
  const { user } = useSession();
  const navigate = useNavigate();
  const storeUser = useStoreUser();
  const storeOnboarding = useStoreOnboarding();
  const [formError, setFormError] = useState<string | null>(null);
  const locale = typeof navigator === 'undefined' ? 'en-US' : navigator.language || 'en-US';
  const countries = useMemo(() => countryOptions(locale), [locale]);

  const form = useForm<ProfileValues>({
    mode: 'controlled',
    initialValues: {
      name: user.name,
      country: countryOfNumber(user.phone) ?? countryFromLocale(locale),
      phone: user.phone ?? '',
    },
    validate: { name: validateRequired('Enter your name.') },
  });

  /** Where to go once this step is saved or skipped: the next step the server names. */
  async function goOn(next?: OnboardingNext) {
    const onboarding = next ? null : await fetchOnboarding().catch(() => null);
    if (onboarding) storeOnboarding(onboarding);
    navigate(pathOf(next ?? onboarding?.next ?? 'tour'), { replace: true });
  }

  const save = useMutation({
    mutationFn: (values: ProfileValues) =>
      updateProfile({
        name: values.name.trim(),
        phone: values.phone.trim() === '' ? null : values.phone.trim(),
        ...(values.country ? { country: values.country } : {}),
      }),
    onSuccess: async (updated) => {
      storeUser(updated);
      await goOn();
    },
    onError: (error: ApiError | Error) => {
      setFormError(
        applyApiError(form, error, {
          fields: ['name', 'phone', 'country'],
          codeFields: { invalid_phone: 'phone' },
        }),
      );
    },
  });

  const skip = useMutation({
    mutationFn: skipProfile,
    onSuccess: async (onboarding) => {
      storeOnboarding(onboarding);
      await goOn(onboarding.next);
    },
    onError: (error: ApiError | Error) => setFormError(errorText(error)),
  });

  const handleSubmit = form.onSubmit((values) => {
    setFormError(null);
    save.mutate(values);
  });

  return (
    <OnboardingStep
      step="profile"
      title="Set up your profile"
      description="Help your teammates recognise and reach you. You can change this later from the Help menu."
    >
      <form onSubmit={handleSubmit} noValidate>
        <Stack gap="lg">
          <FormErrorAlert error={formError} />
          <TextInput label="Name" autoComplete="name" required {...form.getInputProps('name')} />
          <PhotoField user={user} />
          <Group gap="sm" align="flex-start" wrap="wrap" grow preventGrowOverflow={false}>
            <Select
              label="Country"
              description="For a number without its country code"
              data={countries}
              searchable
              clearable
              nothingFoundMessage="No country found"
              maw={260}
              comboboxProps={{ withinPortal: true }}
              {...form.getInputProps('country')}
              onChange={(value) => {
                form.setFieldValue('country', value);
                form.clearFieldError('phone');
              }}
            />
            <TextInput
              label="Phone"
              description="Optional"
              type="tel"
              autoComplete="tel"
              inputMode="tel"
              placeholder="+1 202 555 0143"
              {...form.getInputProps('phone')}
            />
          </Group>
          <Group justify="space-between" mt="xs">
            <Button
              variant="default"
              onClick={() => {
                setFormError(null);
                skip.mutate();
              }}
              loading={skip.isPending}
              disabled={save.isPending}
            >
              Skip for now
            </Button>
            <Button type="submit" loading={save.isPending} disabled={skip.isPending}>
              Save and continue
            </Button>
          </Group>
        </Stack>
      </form>
    </OnboardingStep>
  );
}
