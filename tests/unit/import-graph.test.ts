import { readdirSync } from 'node:fs';
import path from 'node:path';
import { cruise, type ICruiseResult, type IForbiddenRuleType } from 'dependency-cruiser';
import ts from 'typescript';
import { expect, it } from 'vitest';
import { projectRoot } from '../../server/project-root.js';

// What `npm run build` compiles for production: the folders and files tsconfig.build.json includes.
const buildInclude: string[] = ts.readConfigFile(path.join(projectRoot, 'tsconfig.build.json'), ts.sys.readFile).config
  .include;
const production = buildInclude.map((entry) => `^${entry.replaceAll('.', '\\.')}(/|$)`).join('|');

// Which folder may import which. Type-only imports count: a layer that names another's types
// depends on it as much as one that calls it.
const rules: IForbiddenRuleType[] = [
  { name: 'no-cycle', from: {}, to: { circular: true } },
  { name: 'gateway-apart-from-subgraphs', from: { path: '^gateway/' }, to: { path: '^subgraphs/' } },
  { name: 'subgraphs-apart-from-gateway', from: { path: '^subgraphs/' }, to: { path: '^gateway/' } },
  {
    name: 'domain-knows-no-graphql-or-process',
    from: { path: '^domain/' },
    to: { path: '^(schema|server|subgraphs|gateway)/' },
  },
  // The rules stay apart from GraphQL: their errors are plain (domain/errors.ts), made GraphQL errors at the boundary.
  {
    name: 'domain-knows-no-graphql-library',
    from: { path: '^domain/' },
    to: { path: '(^|/)node_modules/(graphql|@apollo|@pothos)/' },
  },
  { name: 'schema-knows-only-the-domain', from: { path: '^schema/' }, to: { path: '^(server|subgraphs|gateway)/' } },
  // The bench, the network harness and the mutation check measure the product; it never needs them.
  {
    name: 'product-knows-no-tools',
    from: { path: '^(domain|schema|server|subgraphs|gateway|scripts|web)/' },
    to: { path: '^tools/' },
  },
  { name: 'server-knows-no-schema-or-parts', from: { path: '^server/' }, to: { path: '^(schema|subgraphs|gateway)/' } },
  // The web front end runs in browsers and knows the hub only through its GraphQL API (the gateway serves its built files).
  {
    name: 'web-knows-only-the-api',
    from: { path: '^web/' },
    to: { path: '^(domain|schema|server|subgraphs|gateway)/' },
  },
  // An import the cruise cannot follow would hide its edges from the rules above.
  { name: 'every-import-resolves', from: {}, to: { couldNotResolve: true } },
  { name: 'every-package-declared', from: {}, to: { dependencyTypes: ['npm-no-pkg', 'npm-unknown'] } },
  // `npm ci --omit=dev` leaves devDependencies out; type-only imports vanish in the build.
  {
    name: 'production-needs-no-dev-dependency',
    from: { path: production },
    to: { dependencyTypes: ['npm-dev'], dependencyTypesNot: ['type-only'] },
  },
];

/** The project's own TypeScript files: not its tests, build or generated output, dependencies or dot folders. */
function ownTypeScript(): string[] {
  return (
    readdirSync(projectRoot, { withFileTypes: true })
      .filter((entry) => !['node_modules', 'tests', 'dist'].includes(entry.name) && !entry.name.startsWith('.'))
      .flatMap((entry) =>
        entry.isDirectory()
          ? readdirSync(path.join(projectRoot, entry.name), { recursive: true, encoding: 'utf8' }).map((file) =>
              path.join(entry.name, file),
            )
          : [entry.name],
      )
      // web/generated/ is GraphQL Code Generator's output, remade by every build.
      .filter((file) => /\.tsx?$/.test(file) && !file.startsWith('web/generated/'))
  );
}

it('has no import cycle, keeps gateway/ and subgraphs/ apart, domain/ and server/ below the rest, web/ on the API alone, production off devDependencies', async () => {
  const { output } = await cruise(ownTypeScript(), {
    baseDir: projectRoot,
    validate: true,
    ruleSet: { forbidden: rules.map((rule) => ({ severity: 'error', ...rule })) },
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    // mainFields with typings: type-only packages such as @graphql-typed-document-node/core (imported by the generated web types).
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
  });
  const result = output as ICruiseResult;
  const violations = result.summary.violations.map(({ rule, from, to, cycle }) =>
    cycle ? `${rule.name}: ${[from, ...cycle.map((step) => step.name)].join(' → ')}` : `${rule.name}: ${from} → ${to}`,
  );
  expect(violations).toEqual([]);
  // The cruise saw the project, not an empty folder.
  expect(result.modules.filter((module) => module.source.startsWith('subgraphs/')).length).toBeGreaterThan(30);
  expect(result.modules.filter((module) => module.source.startsWith('web/src/')).length).toBeGreaterThan(10);
});
