import { string } from '../validate/shape.ts';
import { checkArgs, signature } from '../validate/signature.ts';

/** What escapeHtml() takes, checked at its entry (a string only: other values are not text to escape). */
export const ESCAPE_HTML_SIGNATURE = signature({
  operation: 'escapeHtml',
  ctx: false,
  params: [{ name: 'text', shape: string, example: '<b>' }],
  command: 'escapeHtml(text)',
});

/** Escapes text for HTML, so container output that contains markup shows as text. */
export function escapeHtml(text: string): string {
  checkArgs(ESCAPE_HTML_SIGNATURE, arguments);
  return text.replace(
    /[&<>"']/g,
    (c) => `&${({ '&': 'amp', '<': 'lt', '>': 'gt', '"': 'quot', "'": '#39' } as Record<string, string>)[c]};`,
  );
}
