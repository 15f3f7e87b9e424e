import type { CombinedError } from '@urql/preact';

const fieldNames: Record<string, string> = {
  date: 'Datum',
  note: 'Anteckning',
  status: 'Läge',
  place: 'Plats',
  description: 'Beskrivning',
  kind: 'Typ av aktivitet',
  outcome: 'Resultat',
};

/**
 * What a refused write means, in words for kommun staff. The API's own message is English and
 * for developers; the code and the field say what to do. The form keeps what was written.
 * `kommunName` is the proper name ("Bjurholms kommun").
 */
export function writeErrorText(error: CombinedError, kommunName: string): string {
  const kept = ' Det du skrev finns kvar i formuläret.';
  const first = error.graphQLErrors[0];
  const code = first?.extensions?.code;
  switch (code) {
    case 'FORBIDDEN':
      if (/^Role reader /.test(first?.message ?? ''))
        return `Din roll är läsare: du kan läsa uppgifterna men inte ändra dem.${kept}`;
      return `Din inloggning får inte ändra ${kommunName}s uppgifter. Du kan bara ändra din egen organisations uppgifter.${kept}`;
    case 'UNAUTHENTICATED':
      return `Du är utloggad. Logga in igen: det du skrev sparas när du är tillbaka.${kept}`;
    case 'CONFLICT':
      return `Någon annan har ändrat samma uppgift under tiden. Läs om sidan för att se ändringen och spara sedan igen.${kept}`;
    case 'BAD_USER_INPUT': {
      const field =
        String(first?.extensions?.field ?? '')
          .split('.')
          .at(-1) ?? '';
      const name = fieldNames[field];
      const limit = first?.message.match(/at most (\d+) characters/)?.[1];
      const what = name ? `fältet ”${name}”` : 'fälten';
      return `Uppgifterna kunde inte sparas: ${limit ? `${what} får ha högst ${limit} tecken` : `kontrollera ${what}`}.${kept}`;
    }
    case 'NOT_FOUND':
      return `Åtagandet finns inte längre. Läs om sidan och välj ett annat.${kept}`;
    default:
      if (first?.extensions?.kommun || error.networkError || code === 'SERVICE_UNAVAILABLE')
        return `${kommunName} kan inte nås just nu. Försök igen om en stund.${kept}`;
      return `Uppgifterna kunde inte sparas (${first?.message ?? error.message}).${kept}`;
  }
}
