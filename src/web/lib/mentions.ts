/** A piece of a message body: text as written, and the person it mentions when it is a mention. */
export type BodyPart =
  | { kind: 'text'; text: string }
  | { kind: 'mention'; text: string; person: { id: string; name: string } }
  /** `@Name` of two or more members of that name: which one is meant is unknown. */
  | { kind: 'ambiguous'; text: string };

type Candidate = { key: string; person: { id: string; name: string } | null };

const WORD = /[\p{L}\p{N}_]/u;

/** Lower-cased names, longest first; a name two members share maps to null. */
export function mentionIndex(people: readonly { id: string; name: string }[]): Candidate[] {
  const byKey = new Map<string, { id: string; name: string } | null>();
  for (const person of people) {
    const key = person.name.trim().toLowerCase();
    if (!key) continue;
    byKey.set(key, byKey.has(key) ? null : { id: person.id, name: person.name });
  }
  return [...byKey].map(([key, person]) => ({ key, person })).sort((a, b) => b.key.length - a.key.length);
}

/**
 * Splits a plain-text body into text and `@Full Name` mentions of members: the longest name that
 * follows the `@` wins, without regard to case, and only as whole words (`@Bo` is not found in
 * `@Bobby`, nor in `ada@bo.example`). Nothing here is HTML: the parts are rendered as text.
 */
export function splitMentions(body: string, index: readonly Candidate[]): BodyPart[] {
  const parts: BodyPart[] = [];
  let plain = '';
  let i = 0;
  while (i < body.length) {
    const at = body.indexOf('@', i);
    if (at < 0) break;
    const before = at > 0 ? body[at - 1] : '';
    const candidate = before && WORD.test(before) ? undefined : findAt(body, at + 1, index);
    if (!candidate) {
      plain += body.slice(i, at + 1);
      i = at + 1;
      continue;
    }
    plain += body.slice(i, at);
    if (plain) parts.push({ kind: 'text', text: plain });
    plain = '';
    const end = at + 1 + candidate.key.length;
    const text = body.slice(at, end);
    parts.push(candidate.person ? { kind: 'mention', text, person: candidate.person } : { kind: 'ambiguous', text });
    i = end;
  }
  plain += body.slice(i);
  if (plain) parts.push({ kind: 'text', text: plain });
  return parts;
}

function findAt(body: string, start: number, index: readonly Candidate[]): Candidate | undefined {
  return index.find((c) => {
    const end = start + c.key.length;
    if (body.slice(start, end).toLowerCase() !== c.key) return false;
    const after = body[end];
    return after === undefined || !WORD.test(after);
  });
}
