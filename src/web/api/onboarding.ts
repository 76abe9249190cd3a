import type { Onboarding, ProfileInput, TourStatus } from '../../shared/api/profile';
import type { User } from '../../shared/api/users';
import { PHOTO_MAX_BYTES, PHOTO_TOO_LARGE_MESSAGE, PHOTO_TYPES, PHOTO_UNSUPPORTED_MESSAGE } from '../../shared/profile';
import { ApiError, api, csrfToken, errorFromResponse } from './client';

export function fetchOnboarding(signal?: AbortSignal): Promise<Onboarding> {
  return api.get<Onboarding>('/api/v1/me/onboarding', { signal });
}

/** Saves name and phone; the profile step counts as done from the first save. */
export function updateProfile(input: ProfileInput): Promise<User> {
  return api.patch<User>('/api/v1/me/profile', input);
}

export function skipProfile(): Promise<Onboarding> {
  return api.post<Onboarding>('/api/v1/me/profile/skip');
}

export function recordTour(status: TourStatus): Promise<Onboarding> {
  return api.post<Onboarding>('/api/v1/me/tour', { status });
}

/** Refuses, without sending it, a file the server would refuse for its size or type. */
export function checkPhoto(file: { size: number; type: string }): ApiError | null {
  if (file.size > PHOTO_MAX_BYTES) {
    return new ApiError({ status: 413, code: 'file_too_large', detail: PHOTO_TOO_LARGE_MESSAGE });
  }
  if (file.type && !(PHOTO_TYPES as readonly string[]).includes(file.type)) {
    return new ApiError({ status: 400, code: 'unsupported_image', detail: PHOTO_UNSUPPORTED_MESSAGE });
  }
  return null;
}

/** Uploads the photo as the raw body; the server decides its type from its bytes. */
export async function uploadPhoto(file: File): Promise<User> {
  const refused = checkPhoto(file);
  if (refused) throw refused;
  const headers: Record<string, string> = {
    accept: 'application/json',
    'content-type': file.type || 'application/octet-stream',
  };
  const token = csrfToken();
  if (token) headers['x-csrf-token'] = token;
  let response: Response;
  try {
    response = await fetch('/api/v1/me/photo', { method: 'PUT', headers, body: file, credentials: 'same-origin' });
  } catch {
    throw new ApiError({ status: 0, code: 'network_error' });
  }
  if (!response.ok) throw await errorFromResponse(response);
  return (await response.json()) as User;
}

export function removePhoto(): Promise<User> {
  return api.delete<User>('/api/v1/me/photo');
}
