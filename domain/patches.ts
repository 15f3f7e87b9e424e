import { badUserInput } from './errors.js';

/**
 * The one update style of the hub (patch semantics): a field left out stays as it is, `null`
 * clears a field that may be empty, and `null` for a field that must have a value is
 * BAD_USER_INPUT naming it. `current` is the record as a complete input; the result is the
 * complete input after the patch, for the same validation a create uses.
 */
export function applyPatch<Full extends object>(
  current: Full,
  patch: { [Key in keyof Full]?: Full[Key] | null | undefined },
  required: readonly (keyof Full & string)[],
  prefix = 'input',
): Full {
  refuseClearing(patch, required, prefix);
  const changed = Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== undefined));
  return { ...current, ...changed };
}

/** BAD_USER_INPUT when a patch gives null for a field that must have a value. */
export function refuseClearing(patch: object, required: readonly string[], prefix = 'input'): void {
  for (const key of required) {
    if ((patch as Record<string, unknown>)[key] === null)
      throw badUserInput(`${prefix}.${key} cannot be cleared (null); leave it out to keep it`, `${prefix}.${key}`);
  }
}
