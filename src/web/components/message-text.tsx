import { Anchor, Text, type TextProps } from '@mantine/core';
import { useMemo } from 'react';
import { Link } from 'react-router';
import { type BodyPart, splitMentions } from '../lib/mentions';

type Index = Parameters<typeof splitMentions>[1];

/**
 * A message body as text (React escapes it): `@Full Name` of an active member becomes a link to
 * their page; nothing in a body ever becomes HTML.
 */
export function MessageText({ body, index, ...props }: TextProps & { body: string; index: Index }) {
  // Each part is keyed by where it starts in the body.
  const parts = useMemo(() => {
    let start = 0;
    return splitMentions(body, index).map((part) => {
      const keyed = { part, key: start };
      start += part.text.length;
      return keyed;
    });
  }, [body, index]);
  return (
    <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }} {...props}>
      {parts.map(({ part, key }) => (
        <Part key={key} part={part} />
      ))}
    </Text>
  );
}

function Part({ part }: { part: BodyPart }) {
  if (part.kind === 'mention') {
    return (
      <Anchor component={Link} to={`/people/${encodeURIComponent(part.person.id)}`} fw={600} inherit>
        {part.text}
      </Anchor>
    );
  }
  if (part.kind === 'ambiguous') {
    return (
      <Text span fw={600} inherit>
        {part.text}
      </Text>
    );
  }
  return part.text;
}
