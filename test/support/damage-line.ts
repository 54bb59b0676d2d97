/**
 * One damage to a capture line, as the property tests apply it: `kind` replace, insert or delete
 * the character at `at`, split the line there (`newline`), or cut it there (anything else).
 */
export function damageLine(line: string, at: number, kind: string, ch: string): string {
  const i = line.length === 0 ? 0 : at % line.length;
  switch (kind) {
    case 'replace':
      return line.slice(0, i) + ch + line.slice(i + 1);
    case 'insert':
      return line.slice(0, i) + ch + line.slice(i);
    case 'delete':
      return line.slice(0, i) + line.slice(i + 1);
    case 'newline':
      return `${line.slice(0, i)}\n${line.slice(i)}`;
    default:
      return line.slice(0, i);
  }
}
