import type { Onboarding, ProfileInput, TourStatus } from '../../../shared/api/profile.js';
import type { User } from '../../../shared/api/users.js';
import type { AppContext, AuthContext } from '../../context.js';
import { AppError } from '../../lib/app-error.js';
import { newSecret } from '../../lib/secrets.js';
import { nowIso } from '../../lib/time.js';
import { nameColumns } from '../users/search-words.js';
import { usersRepository } from '../users/users.repository.js';
import { toUser } from '../users/users.schemas.js';
import { onboardingOf } from './onboarding.js';
import { phoneCountry, toE164 } from './phone.js';
import { toProfilePhoto } from './photo.js';
import { profileRepository } from './profile.repository.js';

/** The signed-in person's own profile, photo and onboarding steps. Every rule is here. */
export function createProfileService(ctx: AppContext) {
  const { db } = ctx.database;
  const target = (auth: AuthContext) => ({ workspaceId: auth.workspace.id, userId: auth.user.id });

  async function currentUser(auth: AuthContext): Promise<User> {
    const row = await usersRepository.findById(db, auth.workspace.id, auth.user.id);
    if (!row) throw new AppError('not_found');
    return toUser(row, nowIso());
  }

  async function onboarding(auth: AuthContext): Promise<Onboarding> {
    const row = await usersRepository.findById(db, auth.workspace.id, auth.user.id);
    if (!row) throw new AppError('not_found');
    return onboardingOf(db, { account: auth.account, user: row });
  }

  return {
    onboarding,

    /**
     * Saves what was sent (absent fields are left as they are) and marks the profile step done
     * at the first save. The name is this workspace's; the phone is stored as E.164.
     */
    async updateProfile(auth: AuthContext, input: ProfileInput): Promise<User> {
      const set: Partial<ReturnType<typeof nameColumns>> & { phone?: string | null } =
        input.name !== undefined ? nameColumns(input.name) : {};
      const country = phoneCountry(input.country);
      if (input.phone !== undefined) {
        set.phone = input.phone === null || input.phone.trim() === '' ? null : toE164(input.phone, country);
      }
      await profileRepository.saveProfile(db, { ...target(auth), set, now: nowIso() });
      return currentUser(auth);
    },

    async skipProfile(auth: AuthContext): Promise<Onboarding> {
      await profileRepository.skipProfile(db, { ...target(auth), now: nowIso() });
      return onboarding(auth);
    },

    async setTour(auth: AuthContext, status: TourStatus): Promise<Onboarding> {
      await profileRepository.setTour(db, { ...target(auth), status, now: nowIso() });
      return onboarding(auth);
    },

    /** Stores the re-encoded photo and deletes the one it replaces, in one transaction. */
    async setPhoto(auth: AuthContext, upload: Buffer): Promise<User> {
      const bytes = await toProfilePhoto(upload);
      const key = newSecret();
      const now = nowIso();
      await ctx.database.transaction(async (trx) => {
        const changed = await profileRepository.setPhotoKey(trx, { ...target(auth), key, now });
        if (changed === 0) throw new AppError('not_found');
        await profileRepository.insertPhoto(trx, {
          key,
          workspace_id: auth.workspace.id,
          user_id: auth.user.id,
          content_type: 'image/webp',
          bytes,
          created_at: now,
        });
        await profileRepository.deletePhotosExcept(trx, { userId: auth.user.id, keep: key });
      });
      return currentUser(auth);
    },

    async removePhoto(auth: AuthContext): Promise<User> {
      await ctx.database.transaction(async (trx) => {
        await profileRepository.setPhotoKey(trx, { ...target(auth), key: null, now: nowIso() });
        await profileRepository.deletePhotosExcept(trx, { userId: auth.user.id, keep: null });
      });
      return currentUser(auth);
    },

    /** A photo of someone in the caller's current workspace; anything else is not found. */
    async photo(auth: AuthContext, key: string): Promise<{ bytes: Buffer; contentType: string }> {
      const row = await profileRepository.findPhoto(db, auth.workspace.id, key);
      if (!row) throw new AppError('not_found');
      return { bytes: Buffer.from(row.bytes), contentType: row.content_type };
    },
  };
}

export type ProfileService = ReturnType<typeof createProfileService>;
