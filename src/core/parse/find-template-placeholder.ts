/**
 * Line (1-based, within `yaml`) of an unfilled Jinja placeholder such as `{{ card_data }}` or
 * `license: {{ license }}`, or null. YAML reads one as a mapping nested in a mapping, so the file
 * "parses" into nonsense keys; a template that was never rendered must be reported instead.
 * A placeholder inside a quoted string is text, not a placeholder of the card's structure.
 */
export function findTemplatePlaceholder(yaml: string): number | null {
  const lines = yaml.split(/\r?\n/);
  const i = lines.findIndex((l) =>
    /^\s*(?:-\s+)?(?:[^\s:'"#][^:'"#]*:\s+)?\{\{[^'"]*\}\}\s*(?:#.*)?$/.test(l),
  );
  return i < 0 ? null : i + 1;
}
