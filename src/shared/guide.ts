/** The longest guide an admin may save, in characters of Markdown. */
export const GUIDE_MAX_CHARS = 50_000;
