import type { Kommun, Region } from '../../domain/region.js';

/**
 * A clearly synthetic region for scale benchmarks: N kommuner with codes 9001… (no SCB kommunkod
 * starts with 9), named "Syntetisk kommun NNN".
 */
export function syntheticRegion(kommunCount: number, basePort: number): Region {
  const kommuner: Kommun[] = Array.from({ length: kommunCount }, (_, i) => {
    const n = String(i + 1).padStart(3, '0');
    return {
      code: `9${n}`,
      slug: `synt${n}`,
      name: `Syntetisk kommun ${n}`,
      organisation: `Syntetisk kommun ${n}`,
      port: basePort + 1 + i,
    };
  });
  return {
    policeArea: {
      id: 'synt',
      slug: 'polis-synt',
      name: 'Syntetiskt lokalpolisområde',
      port: basePort + kommunCount + 1,
    },
    kommuner,
    gatewayPort: basePort,
  };
}
