import { Avatar, Combobox, Group, Text, Textarea, useCombobox } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { type KeyboardEvent, useEffect, useRef, useState } from 'react';
import { listPeople } from '../../api/people';
import { queryKeys } from '../../api/query-keys';
import { initials } from '../../lib/format';
import { insertMention, mentionAt } from '../../lib/mention-query';

const SUGGESTIONS = 6;

type MessageComposerProps = {
  value: string;
  error?: string | undefined;
  onChange: (value: string) => void;
  /** Enter without Shift, when no suggestion is being picked. */
  onSubmit: () => void;
};

/**
 * The message box of #general. Typing `@` and the start of a name offers the matching members
 * (the directory's `q`); Enter or a click puts `@Full Name` in the text, which #general shows as a
 * link to their page.
 */
export function MessageComposer({ value, error, onChange, onSubmit }: MessageComposerProps) {
  const combobox = useCombobox();
  const textarea = useRef<HTMLTextAreaElement>(null);
  const [caret, setCaret] = useState(0);
  const [dismissedAt, setDismissedAt] = useState<number | null>(null);
  const mention = mentionAt(value, caret);
  const query = mention?.query ?? '';
  const people = useQuery({
    queryKey: queryKeys.people.search(query.toLowerCase()),
    queryFn: ({ signal }) => listPeople({ q: query, limit: SUGGESTIONS }, signal),
    enabled: query !== '',
    placeholderData: keepPreviousData,
    staleTime: 30_000,
  });
  const suggestions = mention && !people.isPlaceholderData ? (people.data?.items ?? []) : [];
  const open = suggestions.length > 0 && dismissedAt !== mention?.start;
  const shown = open ? suggestions.map((p) => p.id).join(' ') : '';

  // The first suggestion is picked whenever the list changes, so Enter takes it.
  const { openDropdown, closeDropdown, selectFirstOption } = combobox;
  useEffect(() => {
    if (shown) {
      openDropdown();
      selectFirstOption();
    } else {
      closeDropdown();
    }
  }, [shown, openDropdown, closeDropdown, selectFirstOption]);

  function pick(id: string) {
    const person = suggestions.find((p) => p.id === id);
    if (!person || !mention) return;
    const next = insertMention(value, caret, mention, person.name);
    onChange(next.text);
    setCaret(next.caret);
    // What was just put in reads as a name being typed: offer nothing more for it.
    setDismissedAt(mention.start);
    closeDropdown();
    requestAnimationFrame(() => {
      textarea.current?.focus();
      textarea.current?.setSelectionRange(next.caret, next.caret);
    });
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (event.nativeEvent.isComposing) return;
    if (open && event.key === 'Escape') {
      setDismissedAt(mention?.start ?? null);
      return;
    }
    // While a suggestion is picked, Enter (and Tab) put it in the text instead of sending.
    if (open && (event.key === 'Enter' || event.key === 'Tab') && combobox.getSelectedOptionIndex() !== -1) {
      if (event.key === 'Tab') {
        event.preventDefault();
        combobox.clickSelectedOption();
      }
      return;
    }
    if (event.key === 'Enter' && !event.shiftKey) {
      event.preventDefault();
      onSubmit();
    }
  }

  const trackCaret = (target: HTMLTextAreaElement) => setCaret(target.selectionStart ?? target.value.length);

  return (
    <Combobox store={combobox} onOptionSubmit={pick} position="top-start" withinPortal={false}>
      <Combobox.Target withKeyboardNavigation={open}>
        <Textarea
          ref={textarea}
          label="Message"
          description="Enter sends; Shift+Enter starts a new line; @ and a name mentions someone."
          autosize
          minRows={2}
          maxRows={8}
          value={value}
          error={error}
          onChange={(event) => {
            onChange(event.currentTarget.value);
            trackCaret(event.currentTarget);
          }}
          onSelect={(event) => trackCaret(event.currentTarget)}
          onKeyDown={onKeyDown}
          onFocus={() => {
            if (open) openDropdown();
          }}
          onBlur={() => closeDropdown()}
        />
      </Combobox.Target>
      <Combobox.Dropdown hidden={!open} aria-label="People to mention">
        <Combobox.Options>
          {suggestions.map((person) => (
            <Combobox.Option value={person.id} key={person.id} aria-label={person.name}>
              <Group gap="sm" wrap="nowrap">
                <Avatar src={person.photoUrl} alt="" radius="xl" size="sm" color="indigo">
                  {initials(person.name)}
                </Avatar>
                <div>
                  <Text size="sm" fw={600}>
                    {person.name}
                  </Text>
                  {person.team ? (
                    <Text size="xs" c="dimmed">
                      {person.team.name}
                    </Text>
                  ) : null}
                </div>
              </Group>
            </Combobox.Option>
          ))}
        </Combobox.Options>
      </Combobox.Dropdown>
    </Combobox>
  );
}
