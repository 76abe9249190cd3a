import { Typography } from '@mantine/core';

/**
 * The guide's HTML as the server rendered it. `dangerouslySetInnerHTML` is safe here only
 * because this HTML never comes from the browser: the server renders the admin's Markdown and
 * passes it through an allow-list (src/server/modules/guide/guide-renderer.ts) that removes
 * scripts, event handlers, styles, frames, images and every link that is not http, https or
 * mailto. Never pass anything else to this component.
 */
export function GuideHtml({ html }: { html: string }) {
  return (
    <Typography>
      {/* biome-ignore lint/security/noDangerouslySetInnerHtml: server-sanitised HTML, see above */}
      <div dangerouslySetInnerHTML={{ __html: html }} />
    </Typography>
  );
}
