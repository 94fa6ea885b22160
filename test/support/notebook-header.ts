/**
 * A notebook's YAML header, as the course writes it, for tests that parse notebooks made in place: its lines end
 * with the closing `---` and a line break, so the body's first line is the header's line count + 1.
 *
 * @example
 * parseNotebook(`${notebookHeader('Engines')}\`\`\`typescript\nx\n\`\`\`\n`, 'e.md');
 */
export function notebookHeader(title: string, concepts: string[] = ['C01']): string {
  return [
    '---',
    'jupyter:',
    '  kernelspec:',
    '    name: dockbook',
    '    display_name: TypeScript (dockbook)',
    '    language: typescript',
    '  dockbook:',
    `    title: ${title}`,
    `    concepts: [${concepts.join(', ')}]`,
    '---',
    '',
  ].join('\n');
}
