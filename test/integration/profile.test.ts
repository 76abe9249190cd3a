import { deflateSync } from 'node:zlib';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Me, SessionAnswer } from '../../src/shared/api/auth.js';
import type { Onboarding } from '../../src/shared/api/profile.js';
import type { User } from '../../src/shared/api/users.js';
import type { Problem } from '../../src/shared/errors.js';
import { Client } from '../support/client.js';
import { type SignedUp, STRONG_PASSWORD, signUp, uniqueEmail } from '../support/factories.js';
import { addMember, signIn } from '../support/fixtures.js';
import { fastOutbox, startTestServer, type TestServer } from '../support/server.js';
import { type SmtpCatcher, startSmtpCatcher, tokenFrom } from '../support/smtp.js';

const MB = 1024 * 1024;

let smtp: SmtpCatcher;
let server: TestServer;

beforeAll(async () => {
  smtp = await startSmtpCatcher();
  server = await startTestServer({ env: { SMTP_URL: smtp.url }, config: { outbox: fastOutbox() } });
});
afterAll(async () => {
  await server?.close();
  await smtp?.close();
});

const db = () => server.app.ctx.database.db;

/** A person who joined `admin`'s workspace through a real invitation email and its link. */
async function joinByInvitation(admin: SignedUp, name = 'Nina Newcomer'): Promise<{ client: Client; user: User }> {
  const email = uniqueEmail('newcomer');
  const invited = await admin.client.post('/api/v1/invitations', { email, name, role: 'sales_rep' });
  expect(invited.status, invited.text).toBe(201);
  const [mail] = (await smtp.waitFor((all) => all.some((m) => m.to === email))).filter((m) => m.to === email);
  if (!mail) throw new Error('no invitation email');
  const client = new Client(server.url);
  const accepted = await client.post<SessionAnswer>('/api/v1/invitations/accept', {
    token: tokenFrom(mail),
    password: STRONG_PASSWORD,
  });
  expect(accepted.status, accepted.text).toBe(201);
  return { client, user: accepted.body.user };
}

function statusOf(onboarding: Onboarding) {
  return Object.fromEntries(onboarding.steps.map((s) => [s.id, s.status]));
}

/** A request with a binary body (raw or multipart), sent with the client's session and CSRF token. */
async function send(
  client: Client,
  method: string,
  path: string,
  body: RequestInit['body'],
  headers: Record<string, string> = {},
) {
  const all: Record<string, string> = { ...headers };
  if (client.cookies.size > 0) all.cookie = [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  const csrf = client.csrfToken();
  if (csrf && method !== 'GET') all['x-csrf-token'] = csrf;
  const init: RequestInit & { duplex?: 'half' } = { method, headers: all, body };
  if (body instanceof ReadableStream) init.duplex = 'half';
  const response = await fetch(new URL(path, server.url), init);
  const bytes = Buffer.from(await response.arrayBuffer());
  const isJson = /json/.test(response.headers.get('content-type') ?? '') && bytes.length > 0;
  const json = isJson ? JSON.parse(bytes.toString('utf8')) : null;
  return { status: response.status, headers: response.headers, bytes, json };
}

function putRaw(client: Client, bytes: Buffer, contentType: string) {
  return send(client, 'PUT', '/api/v1/me/photo', new Uint8Array(bytes), { 'content-type': contentType });
}

function putMultipart(client: Client, bytes: Buffer, fileName: string, type: string, field = 'file') {
  const form = new FormData();
  form.append(field, new Blob([new Uint8Array(bytes)], { type }), fileName);
  return send(client, 'PUT', '/api/v1/me/photo', form);
}

function getPhoto(client: Client, url: string, headers: Record<string, string> = {}) {
  return send(client, 'GET', url, null, headers);
}

/** A JPEG 400×200, left half red and right half blue, whose EXIF says "rotate 90° clockwise" and where it was taken. */
async function jpegWithExif(): Promise<Buffer> {
  const red = await sharp({ create: { width: 200, height: 200, channels: 3, background: '#ff0000' } })
    .png()
    .toBuffer();
  const base = await sharp({ create: { width: 400, height: 200, channels: 3, background: '#0000ff' } })
    .composite([{ input: red, left: 0, top: 0 }])
    .jpeg()
    .toBuffer();
  return sharp(base)
    .jpeg()
    .withMetadata({ orientation: 6 })
    .withExifMerge({
      IFD0: { ImageDescription: 'SECRET-DESCRIPTION' },
      IFD3: {
        GPSLatitudeRef: 'N',
        GPSLatitude: '48/1 51/1 2400/100',
        GPSLongitudeRef: 'E',
        GPSLongitude: '2/1 21/1 300/100',
        GPSMapDatum: 'SECRET-GPS-DATUM',
      },
    })
    .toBuffer();
}

function solid(color: string, width = 64, height = 64) {
  return sharp({ create: { width, height, channels: 3, background: color } });
}

function crc32(bytes: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of bytes) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? 0xedb88320 ^ (crc >>> 1) : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** A PNG of a few hundred bytes whose header claims 50,000 × 50,000 pixels (7.5 GB decoded). */
function pngBomb(): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(50_000, 0);
  ihdr.writeUInt32BE(50_000, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // RGB
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', ihdr),
    pngChunk('IDAT', deflateSync(Buffer.alloc(4096))),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

/** The four-letter chunk names of a RIFF/WebP file: metadata would be EXIF, XMP or ICCP chunks. */
function webpChunks(bytes: Buffer): string[] {
  expect(bytes.toString('latin1', 0, 4)).toBe('RIFF');
  expect(bytes.toString('latin1', 8, 12)).toBe('WEBP');
  const names: string[] = [];
  let at = 12;
  while (at + 8 <= bytes.length) {
    names.push(bytes.toString('latin1', at, at + 4));
    const size = bytes.readUInt32LE(at + 4);
    at += 8 + size + (size % 2);
  }
  return names;
}

async function photoRows(userId: string) {
  return db().selectFrom('photos').select(['key', 'workspace_id']).where('user_id', '=', userId).execute();
}

function expectProblem(answer: { status: number; json: unknown }, status: number, code: string) {
  expect(answer.status, JSON.stringify(answer.json)).toBe(status);
  expect((answer.json as Problem).code).toBe(code);
}

describe('onboarding state', () => {
  it('a founder who signed up: password done, profile and tour to do, not guided', async () => {
    const admin = await signUp(server.url);
    const answer = await admin.client.get<Onboarding>('/api/v1/me/onboarding');
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      steps: [
        { id: 'password', status: 'done' },
        { id: 'profile', status: 'todo' },
        { id: 'tour', status: 'todo' },
      ],
      next: 'profile',
      guided: false,
    });
    const me = await admin.client.get<Me>('/api/v1/me');
    expect(me.body.onboarding).toEqual(answer.body);
  });

  it('a person who accepted an invitation is guided, from the profile step', async () => {
    const admin = await signUp(server.url);
    const { client } = await joinByInvitation(admin);
    const answer = await client.get<Onboarding>('/api/v1/me/onboarding');
    expect(answer.status).toBe(200);
    expect(answer.body.guided).toBe(true);
    expect(statusOf(answer.body)).toEqual({ password: 'done', profile: 'todo', tour: 'todo' });
    expect(answer.body.next).toBe('profile');
    const me = await client.get<Me>('/api/v1/me');
    expect(me.body.onboarding).toEqual(answer.body);
  });

  it('profile saved, then tour taken: next goes profile → tour → dashboard', async () => {
    const admin = await signUp(server.url);
    const { client, user } = await joinByInvitation(admin);
    const saved = await client.patch<User>('/api/v1/me/profile', {});
    expect(saved.status, saved.text).toBe(200);
    let state = (await client.get<Onboarding>('/api/v1/me/onboarding')).body;
    expect(statusOf(state)).toEqual({ password: 'done', profile: 'done', tour: 'todo' });
    expect(state.next).toBe('tour');

    const toured = await client.post<Onboarding>('/api/v1/me/tour', { status: 'completed' });
    expect(toured.status).toBe(200);
    expect(statusOf(toured.body)).toEqual({ password: 'done', profile: 'done', tour: 'done' });
    expect(toured.body.next).toBe('dashboard');
    state = (await client.get<Onboarding>('/api/v1/me/onboarding')).body;
    expect(state).toEqual(toured.body);
    const row = await db()
      .selectFrom('workspace_users')
      .select(['tour_status', 'profile_completed_at'])
      .where('id', '=', user.id)
      .executeTakeFirstOrThrow();
    expect(row.tour_status).toBe('completed');
    expect(row.profile_completed_at).toMatch(/^\d{4}-\d\d-\d\dT/);
  });

  it('skipping: "Skip for now" and "Skip tour" reach the dashboard; a later save or tour still counts', async () => {
    const admin = await signUp(server.url);
    const { client } = await joinByInvitation(admin);
    const skipped = await client.post<Onboarding>('/api/v1/me/profile/skip');
    expect(skipped.status).toBe(200);
    expect(statusOf(skipped.body)).toEqual({ password: 'done', profile: 'skipped', tour: 'todo' });
    expect(skipped.body.next).toBe('tour');

    const tourSkipped = await client.post<Onboarding>('/api/v1/me/tour', { status: 'skipped' });
    expect(statusOf(tourSkipped.body)).toEqual({ password: 'done', profile: 'skipped', tour: 'skipped' });
    expect(tourSkipped.body.next).toBe('dashboard');

    // The tour taken later from the help menu, and the profile filled in later.
    expect((await client.post('/api/v1/me/tour', { status: 'completed' })).status).toBe(200);
    expect((await client.patch('/api/v1/me/profile', { name: 'Nina N.' })).status).toBe(200);
    const state = (await client.get<Onboarding>('/api/v1/me/onboarding')).body;
    expect(statusOf(state)).toEqual({ password: 'done', profile: 'done', tour: 'done' });
  });

  it('a completed tour stays completed; a done profile is not skipped; the first save date is kept', async () => {
    const admin = await signUp(server.url);
    const { client, user } = await joinByInvitation(admin);
    await client.patch('/api/v1/me/profile', { name: 'First Save' });
    const first = await db()
      .selectFrom('workspace_users')
      .select('profile_completed_at')
      .where('id', '=', user.id)
      .executeTakeFirstOrThrow();
    await client.post('/api/v1/me/tour', { status: 'completed' });

    const closedEarly = await client.post<Onboarding>('/api/v1/me/tour', { status: 'skipped' });
    expect(statusOf(closedEarly.body).tour).toBe('done');
    const skip = await client.post<Onboarding>('/api/v1/me/profile/skip');
    expect(statusOf(skip.body).profile).toBe('done');
    await client.patch('/api/v1/me/profile', { name: 'Second Save' });
    const second = await db()
      .selectFrom('workspace_users')
      .select('profile_completed_at')
      .where('id', '=', user.id)
      .executeTakeFirstOrThrow();
    expect(second.profile_completed_at).toBe(first.profile_completed_at);
  });

  it('refuses a tour status it does not know, and callers without a session', async () => {
    const admin = await signUp(server.url);
    for (const body of [{ status: 'done' }, {}, { status: null }]) {
      const answer = await admin.client.post<Problem>('/api/v1/me/tour', body);
      expect(answer.status).toBe(400);
      expect(answer.body.code).toBe('validation_failed');
      expect(answer.body.errors?.[0]?.path).toBe('status');
    }
    const anonymous = new Client(server.url);
    for (const [method, path] of [
      ['GET', '/api/v1/me/onboarding'],
      ['PATCH', '/api/v1/me/profile'],
      ['POST', '/api/v1/me/profile/skip'],
      ['POST', '/api/v1/me/tour'],
      ['PUT', '/api/v1/me/photo'],
      ['DELETE', '/api/v1/me/photo'],
    ] as const) {
      const answer = await anonymous.request<Problem>(method, path, method === 'GET' ? {} : { body: {} });
      expect(answer.status, `${method} ${path}`).toBe(401);
      expect(answer.body.code).toBe('unauthenticated');
    }
  });
});

describe('PATCH /api/v1/me/profile', () => {
  it('changes the name (trimmed) and its sort key, in this workspace only', async () => {
    const admin = await signUp(server.url, { name: 'Ada Admin' });
    const answer = await admin.client.patch<User>('/api/v1/me/profile', { name: '  Zoë Zimmer  ' });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ id: admin.user.id, name: 'Zoë Zimmer', phone: null, photoUrl: null });
    const row = await db()
      .selectFrom('workspace_users')
      .select(['name', 'name_key'])
      .where('id', '=', admin.user.id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ name: 'Zoë Zimmer', name_key: 'zoë zimmer' });
    const me = await admin.client.get<Me>('/api/v1/me');
    expect(me.body.user.name).toBe('Zoë Zimmer');
  });

  it('refuses an empty or multi-line name, and changes nothing', async () => {
    const admin = await signUp(server.url, { name: 'Ada Admin' });
    for (const name of ['', '   ', 'Two\nLines', 'x'.repeat(101)]) {
      const answer = await admin.client.patch<Problem>('/api/v1/me/profile', { name, phone: '+1 202 456 1111' });
      expect(answer.status).toBe(400);
      expect(answer.body.code).toBe('validation_failed');
      expect(answer.body.errors?.[0]?.path).toBe('name');
    }
    const me = await admin.client.get<Me>('/api/v1/me');
    expect(me.body.user).toMatchObject({ name: 'Ada Admin', phone: null });
    expect(statusOf(me.body.onboarding).profile).toBe('todo');
  });

  const valid: [input: string, country: string | undefined, e164: string][] = [
    ['(202) 456-1111', 'US', '+12024561111'],
    ['+1 202-456-1111', undefined, '+12024561111'],
    ['202.456.1111', 'us', '+12024561111'],
    ['020 7946 0958', 'GB', '+442079460958'],
    ['+44 7400 123456', undefined, '+447400123456'],
    ['01 42 68 53 00', 'FR', '+33142685300'],
    ['06 12 34 56 78', 'FR', '+33612345678'],
    ['0033 6 12 34 56 78', 'FR', '+33612345678'],
    ['+33 6 12 34 56 78', 'US', '+33612345678'],
    ['030 901820', 'DE', '+4930901820'],
    ['+49 30 901820', undefined, '+4930901820'],
    ['98765 43210', 'IN', '+919876543210'],
    ['+91 98765-43210', undefined, '+919876543210'],
    ['(11) 91234-5678', 'BR', '+5511912345678'],
    ['+55 11 91234 5678', undefined, '+5511912345678'],
  ];
  for (const [input, country, e164] of valid) {
    it(`stores ${JSON.stringify(input)}${country ? ` (${country})` : ''} as ${e164}`, async () => {
      const admin = await signUp(server.url);
      const answer = await admin.client.patch<User>('/api/v1/me/profile', { phone: input, country });
      expect(answer.status, answer.text).toBe(200);
      expect(answer.body.phone).toBe(e164);
    });
  }

  const invalid: [input: string, country: string | undefined][] = [
    ['202-456-1111', undefined], // no country code and no country
    ['123', 'US'],
    ['+1 555 555 5555', undefined], // 555 is not an area code
    ['07700 90012', 'GB'], // one digit short
    ['06 12 34 56', 'FR'],
    ['12', 'DE'],
    ['12345', 'IN'],
    ['(11) 1234-567', 'BR'],
    ['+999 1234 5678', undefined], // no such country code
    ['call me maybe', 'US'],
    ['+1 202 456 1111 ext. 12', undefined], // an extension would be lost in E.164
    ['<script>alert(1)</script>', 'US'],
  ];
  for (const [input, country] of invalid) {
    it(`refuses ${JSON.stringify(input)}${country ? ` (${country})` : ''} with invalid_phone`, async () => {
      const admin = await signUp(server.url);
      const answer = await admin.client.patch<Problem>('/api/v1/me/profile', {
        name: 'Not Saved',
        phone: input,
        country,
      });
      expect(answer.status).toBe(400);
      expect(answer.body.code).toBe('invalid_phone');
      expect(answer.body.errors?.[0]?.path).toBe('phone');
      const me = await admin.client.get<Me>('/api/v1/me');
      expect(me.body.user).toMatchObject({ name: 'Ada Admin', phone: null });
    });
  }

  it('clears the phone with null or an empty string; leaves it alone when absent', async () => {
    const admin = await signUp(server.url);
    await admin.client.patch('/api/v1/me/profile', { phone: '+33 6 12 34 56 78' });
    const renamed = await admin.client.patch<User>('/api/v1/me/profile', { name: 'Only The Name' });
    expect(renamed.body.phone).toBe('+33612345678');
    expect((await admin.client.patch<User>('/api/v1/me/profile', { phone: null })).body.phone).toBeNull();
    await admin.client.patch('/api/v1/me/profile', { phone: '+33 6 12 34 56 78' });
    expect((await admin.client.patch<User>('/api/v1/me/profile', { phone: '  ' })).body.phone).toBeNull();
  });

  it('refuses a country that does not exist', async () => {
    const admin = await signUp(server.url);
    for (const country of ['XX', 'USA', '1', '']) {
      const answer = await admin.client.patch<Problem>('/api/v1/me/profile', { phone: '202 456 1111', country });
      expect(answer.status).toBe(400);
      expect(answer.body.code).toBe('validation_failed');
      expect(answer.body.errors?.[0]?.path).toBe('country');
    }
  });
});

describe('profile photo', () => {
  it('re-encodes a JPEG to a 256×256 WebP, upright, with its EXIF and GPS data gone', async () => {
    const admin = await signUp(server.url);
    const jpeg = await jpegWithExif();
    const original = await sharp(jpeg).metadata();
    expect(original.orientation).toBe(6);
    expect(original.exif?.includes('SECRET-GPS-DATUM')).toBe(true);

    const answer = await putRaw(admin.client, jpeg, 'image/jpeg');
    expect(answer.status, answer.bytes.toString()).toBe(200);
    const user = answer.json as User;
    expect(user.photoUrl).toMatch(/^\/api\/v1\/photos\/[A-Za-z0-9_-]{43}$/);
    expect((await admin.client.get<Me>('/api/v1/me')).body.user.photoUrl).toBe(user.photoUrl);

    const photo = await getPhoto(admin.client, user.photoUrl ?? '');
    expect(photo.status).toBe(200);
    expect(photo.headers.get('content-type')).toBe('image/webp');
    expect(photo.headers.get('x-content-type-options')).toBe('nosniff');
    expect(photo.headers.get('content-security-policy')).toBe("default-src 'none'");
    expect(photo.headers.get('cache-control')).toMatch(/^private, max-age=31536000, immutable$/);
    const meta = await sharp(photo.bytes).metadata();
    expect(meta).toMatchObject({ format: 'webp', width: 256, height: 256 });
    expect(meta.exif).toBeUndefined();
    expect(meta.xmp).toBeUndefined();
    expect(meta.icc).toBeUndefined();
    expect(meta.orientation).toBeUndefined();
    expect(webpChunks(photo.bytes).every((name) => name.startsWith('VP8'))).toBe(true);
    expect(photo.bytes.includes('SECRET-GPS-DATUM')).toBe(false);
    expect(photo.bytes.includes('SECRET-DESCRIPTION')).toBe(false);
    expect(photo.bytes.includes('Exif')).toBe(false);
    // EXIF orientation 6 turns the picture a quarter clockwise: the red left half is now on top.
    const { data, info } = await sharp(photo.bytes).raw().toBuffer({ resolveWithObject: true });
    const pixel = (x: number, y: number) => [
      ...data.subarray((y * 256 + x) * info.channels, (y * 256 + x) * info.channels + 3),
    ];
    const [topRed = 0, , topBlue = 0] = pixel(128, 16);
    const [bottomRed = 0, , bottomBlue = 0] = pixel(128, 240);
    expect(topRed).toBeGreaterThan(200);
    expect(topBlue).toBeLessThan(60);
    expect(bottomBlue).toBeGreaterThan(200);
    expect(bottomRed).toBeLessThan(60);

    // The URL never changes content: a browser that has it asks once.
    const again = await getPhoto(admin.client, user.photoUrl ?? '', {
      'if-none-match': photo.headers.get('etag') ?? '',
    });
    expect(again.status).toBe(304);
  });

  it('takes a PNG as multipart field `file` and a WebP as the raw body, cropping to a square', async () => {
    const admin = await signUp(server.url);
    const png = await solid('#00aa00', 900, 300).png().toBuffer();
    const viaForm = await putMultipart(admin.client, png, 'holiday.png', 'image/png');
    expect(viaForm.status, viaForm.bytes.toString()).toBe(200);
    const fromPng = await getPhoto(admin.client, (viaForm.json as User).photoUrl ?? '');
    expect(await sharp(fromPng.bytes).metadata()).toMatchObject({ format: 'webp', width: 256, height: 256 });

    const webp = await solid('#aa0000', 100, 300).webp().toBuffer();
    const viaBody = await putRaw(admin.client, webp, 'application/octet-stream');
    expect(viaBody.status, viaBody.bytes.toString()).toBe(200);
    const fromWebp = await getPhoto(admin.client, (viaBody.json as User).photoUrl ?? '');
    expect(await sharp(fromWebp.bytes).metadata()).toMatchObject({ format: 'webp', width: 256, height: 256 });
  });

  it('decides the type from the bytes: HTML named photo.png and sent as image/png is refused', async () => {
    const admin = await signUp(server.url);
    const html = Buffer.from('<!doctype html><html><body><script>alert(document.cookie)</script></body></html>');
    expectProblem(await putRaw(admin.client, html, 'image/png'), 400, 'unsupported_image');
    expectProblem(await putMultipart(admin.client, html, 'photo.png', 'image/png'), 400, 'unsupported_image');
    // Other pictures the browser could show are not photos we store either.
    const gif = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');
    expectProblem(await putRaw(admin.client, gif, 'image/gif'), 400, 'unsupported_image');
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
    expectProblem(await putMultipart(admin.client, svg, 'photo.webp', 'image/webp'), 400, 'unsupported_image');
    // A JPEG's first bytes followed by garbage, an empty file and a JSON body.
    const broken = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(2000, 7)]);
    expectProblem(await putRaw(admin.client, broken, 'image/jpeg'), 400, 'unsupported_image');
    expectProblem(await putRaw(admin.client, Buffer.alloc(0), 'image/jpeg'), 400, 'unsupported_image');
    const json = await admin.client.put<Problem>('/api/v1/me/photo', { photo: 'data:image/png;base64,AAAA' });
    expect(json.status).toBe(400);
    expect(json.body.code).toBe('unsupported_image');
    // A multipart upload whose file is in another field.
    const png = await solid('#123456').png().toBuffer();
    expectProblem(await putMultipart(admin.client, png, 'a.png', 'image/png', 'photo'), 400, 'unsupported_image');
    const me = await admin.client.get<Me>('/api/v1/me');
    expect(me.body.user.photoUrl).toBeNull();
    expect(await photoRows(admin.user.id)).toEqual([]);
  });

  it('refuses a PNG whose header claims 50,000 × 50,000 pixels, without decoding it', async () => {
    const admin = await signUp(server.url);
    const bomb = pngBomb();
    expect(bomb.length).toBeLessThan(1024);
    const started = performance.now();
    const answer = await putRaw(admin.client, bomb, 'image/png');
    const elapsed = performance.now() - started;
    expectProblem(answer, 400, 'unsupported_image');
    expect((answer.json as Problem).detail).toContain('50,000 × 50,000');
    // Decoding 2.5 billion pixels would take gigabytes and many seconds; reading the header takes milliseconds.
    expect(elapsed).toBeLessThan(2000);
    expectProblem(await putMultipart(admin.client, bomb, 'bomb.png', 'image/png'), 400, 'unsupported_image');
    // 10,001 pixels wide is over the limit too, however small the file.
    const wide = await solid('#ffffff', 10_001, 1).png().toBuffer();
    expectProblem(await putRaw(admin.client, wide, 'image/png'), 400, 'unsupported_image');
  });

  it('refuses more than 5 MB with 413 file_too_large: by Content-Length, while streaming, and in multipart', async () => {
    const admin = await signUp(server.url);
    const big = Buffer.alloc(5 * MB + 1, 0x41);
    big.set([0xff, 0xd8, 0xff, 0xe0], 0);
    expectProblem(await putRaw(admin.client, big, 'image/jpeg'), 413, 'file_too_large');
    expectProblem(await putMultipart(admin.client, big, 'big.jpg', 'image/jpeg'), 413, 'file_too_large');
    // No Content-Length (chunked): the bytes are counted as they arrive.
    let sent = 0;
    const chunk = new Uint8Array(256 * 1024).fill(0x42);
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent > 6 * MB) controller.close();
        else {
          controller.enqueue(chunk);
          sent += chunk.length;
        }
      },
    });
    const streamed = await send(admin.client, 'PUT', '/api/v1/me/photo', stream, { 'content-type': 'image/jpeg' });
    expectProblem(streamed, 413, 'file_too_large');
    expect(await photoRows(admin.user.id)).toEqual([]);
  });

  it('replacing a photo deletes the old one; removing it deletes it', async () => {
    const admin = await signUp(server.url);
    const first = (await putRaw(admin.client, await solid('#ff0000').png().toBuffer(), 'image/png')).json as User;
    const second = (await putRaw(admin.client, await solid('#0000ff').png().toBuffer(), 'image/png')).json as User;
    expect(second.photoUrl).not.toBe(first.photoUrl);
    expect((await getPhoto(admin.client, second.photoUrl ?? '')).status).toBe(200);
    const gone = await getPhoto(admin.client, first.photoUrl ?? '');
    expectProblem(gone, 404, 'not_found');
    const rows = await photoRows(admin.user.id);
    expect(rows.map((r) => `/api/v1/photos/${r.key}`)).toEqual([second.photoUrl]);

    const removed = await send(admin.client, 'DELETE', '/api/v1/me/photo', null);
    expect(removed.status).toBe(200);
    expect((removed.json as User).photoUrl).toBeNull();
    expectProblem(await getPhoto(admin.client, second.photoUrl ?? ''), 404, 'not_found');
    expect(await photoRows(admin.user.id)).toEqual([]);
  });

  it('is shown to members of the same workspace only', async () => {
    const admin = await signUp(server.url);
    const url = ((await putRaw(admin.client, await solid('#ff8800').png().toBuffer(), 'image/png')).json as User)
      .photoUrl;
    if (!url) throw new Error('no photo');
    const rep = await addMember(server, { workspaceId: admin.workspace.id });
    const teammate = await signIn(server, rep.email);
    expect((await getPhoto(teammate, url)).status).toBe(200);

    const stranger = await signUp(server.url, { workspaceName: 'Elsewhere Inc' });
    expectProblem(await getPhoto(stranger.client, url), 404, 'not_found');
    expectProblem(await getPhoto(new Client(server.url), url), 401, 'unauthenticated');
    expectProblem(await getPhoto(admin.client, '/api/v1/photos/not-a-real-key'), 404, 'not_found');

    // A deactivated member's session is gone: the photo with it.
    expect((await admin.client.post(`/api/v1/users/${rep.id}/deactivate`)).status).toBe(200);
    expectProblem(await getPhoto(teammate, url), 401, 'unauthenticated');
  });

  it('goes with the person: deleting a user erases their photo', async () => {
    const admin = await signUp(server.url);
    const { client, user } = await joinByInvitation(admin, 'Leaving Soon');
    const uploaded = await putRaw(client, await solid('#336699').png().toBuffer(), 'image/png');
    expect(uploaded.status).toBe(200);
    expect(await photoRows(user.id)).toHaveLength(1);
    expect((await admin.client.delete(`/api/v1/users/${user.id}`, { reassignTo: null })).status).toBe(204);
    expect(await photoRows(user.id)).toEqual([]);
  });

  it('does not complete the profile step by itself', async () => {
    const admin = await signUp(server.url);
    await putRaw(admin.client, await solid('#ff0000').png().toBuffer(), 'image/png');
    const state = (await admin.client.get<Onboarding>('/api/v1/me/onboarding')).body;
    expect(statusOf(state).profile).toBe('todo');
  });
});
