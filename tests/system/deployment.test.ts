import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { BlockList } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import dockerignoreModule from '@balena/dockerignore';
import { DockerfileParser } from 'dockerfile-ast';
import * as kubernetesModels from 'kubernetes-models';
import { Deployment, type IDeployment } from 'kubernetes-models/apps/v1/Deployment';
import { type INetworkPolicy, NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import type { INetworkPolicyPeer } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicyPeer';
import type { INetworkPolicyPort } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicyPort';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import type { IContainer } from 'kubernetes-models/v1/Container';
import { Namespace } from 'kubernetes-models/v1/Namespace';
import { Secret } from 'kubernetes-models/v1/Secret';
import { Service } from 'kubernetes-models/v1/Service';
import ts from 'typescript';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments, parse as parseYaml } from 'yaml';
import { region, subgraphName, subgraphUrlVariable } from '../../domain/region.js';
import { webPagesFolder } from '../../gateway/web-pages.js';
import { projectRoot, reportsFolder, supergraphFile } from '../../server/project-root.js';

// The deployment (docs/running-the-region.md) checked offline: the Dockerfile statically (no
// container engine here), the Kustomize overlay rendered by kubectl's built-in kustomize and every
// object validated against the Kubernetes API schemas (kubernetes-models: JSON schemas generated
// from the Kubernetes OpenAPI document) and against their TypeScript types (no unknown field),
// then the references between the objects and what the network policies let through.

const kubernetesFolder = path.join(projectRoot, 'deploy', 'kubernetes');
const overlay = path.join('overlays', 'region-umea');

/** Whether the manifests can be rendered: kubectl (KUBECTL, else on PATH); in CI a missing one is a failure. */
function kubectlPath(): string | undefined {
  const found = [
    process.env.KUBECTL,
    ...(process.env.PATH ?? '').split(path.delimiter).map((dir) => path.join(dir, 'kubectl')),
  ]
    .filter((candidate): candidate is string => Boolean(candidate))
    .find((candidate) => existsSync(candidate));
  if (found) return found;
  if (process.env.CI)
    throw new Error('kubectl is missing in CI: .ci/run installs it with apt-get install kubernetes-client');
  console.warn('Skipping the Kubernetes manifest tests: kubectl is not installed (apt-get install kubernetes-client).');
  return undefined;
}
const kubectl = kubectlPath();

/** What `npm run build` compiles into dist/: the folders and files tsconfig.build.json includes. */
const compiledSources = (
  JSON.parse(readFileSync(path.join(projectRoot, 'tsconfig.build.json'), 'utf8')) as { include: string[] }
).include;

/** Whether `file` is `folder` or lies inside it (paths relative to the project). */
const isWithin = (file: string, folder: string) => file === folder || file.startsWith(`${folder}/`);

/** A compiled entry point `dist/<file>.js` that `npm run build` makes from `<file>.ts`. */
function isCompiledEntry(entry: string | undefined): boolean {
  const match = /^dist\/(.+)\.js$/.exec(entry ?? '');
  if (!match) return false;
  const source = `${match[1]}.ts`;
  return existsSync(path.join(projectRoot, source)) && compiledSources.some((included) => isWithin(source, included));
}

// The package's types declare an ES default export; at run time its CommonJS module.exports is the function.
const dockerignore = dockerignoreModule as unknown as typeof dockerignoreModule.default;

describe('the Dockerfile', () => {
  const dockerfile = DockerfileParser.parse(readFileSync(path.join(projectRoot, 'Dockerfile'), 'utf8'));
  const ignored = dockerignore().add(readFileSync(path.join(projectRoot, '.dockerignore'), 'utf8').split('\n'));
  const [build, runtime] = dockerfile.getFROMs();
  const stageOf = (from: typeof build) =>
    dockerfile
      .getInstructions()
      .filter(
        (instruction) =>
          dockerfile.getContainingImage(instruction.getRange().start) ===
          dockerfile.getContainingImage(from!.getRange().start),
      );
  const argumentsOf = (instruction: { getArguments(): { getValue(): string }[] }) =>
    instruction.getArguments().map((argument) => argument.getValue());

  it('builds on the Node 22 the project pins, in a build and a runtime stage', () => {
    const image = dockerfile.getInitialARGs()[0]!.getProperty()!;
    const lock = JSON.parse(readFileSync(path.join(projectRoot, 'package-lock.json'), 'utf8'));
    const nodeVersion: string = lock.packages['node_modules/node'].version;
    expect(nodeVersion).toMatch(/^22\./);
    expect(image.getName()).toBe('NODE_IMAGE');
    expect(image.getValue()).toBe(`node:${nodeVersion}-bookworm-slim`);
    expect(dockerfile.getFROMs().map((from) => [from.getImage(), from.getBuildStage()])).toEqual([
      // biome-ignore lint/suspicious/noTemplateCurlyInString: the Dockerfile's reference to its ARG, as written there
      ['${NODE_IMAGE}', 'build'],
      // biome-ignore lint/suspicious/noTemplateCurlyInString: as above
      ['${NODE_IMAGE}', 'runtime'],
    ]);
  });

  it('copies into the build everything `npm run build` compiles, and nothing .dockerignore leaves out', () => {
    const copied = stageOf(build)
      .filter((instruction) => instruction.getKeyword() === 'COPY')
      .flatMap((copy) => argumentsOf(copy).slice(0, -1));
    for (const source of copied) {
      expect(existsSync(path.join(projectRoot, source)), source).toBe(true);
      expect(ignored.ignores(source), source).toBe(false);
    }
    for (const needed of [...compiledSources, 'web', 'tsconfig.json', 'tsconfig.build.json', 'supergraph.graphql'])
      expect(
        copied.some((source) => isWithin(needed, source)),
        needed,
      ).toBe(true);
    expect(stageOf(build).some((instruction) => instruction.getTextContent() === 'RUN npm run build')).toBe(true);
    // The overlay's secret files never reach a build context.
    for (const file of secretFiles(kubernetesFolder))
      expect(ignored.ignores(path.posix.join('deploy/kubernetes', file)), file).toBe(true);
  });

  it('runs as a non-root user with production dependencies and what the processes read at run time', () => {
    const instructions = stageOf(runtime);
    const runs = instructions
      .filter((instruction) => instruction.getKeyword() === 'RUN')
      .map((run) => run.getArgumentsContent());
    expect(runs.some((run) => run?.startsWith('npm ci --omit=dev'))).toBe(true);
    const user = instructions.find((instruction) => instruction.getKeyword() === 'USER')!.getArgumentsContent()!;
    expect(user).toMatch(/^[1-9]\d*:[1-9]\d*$/);

    // Each COPY's destination, relative to WORKDIR /app, which is the project root of the image.
    const workdir = instructions.find((instruction) => instruction.getKeyword() === 'WORKDIR')!.getArgumentsContent();
    expect(workdir).toBe('/app');
    const destinations = instructions
      .filter((instruction) => instruction.getKeyword() === 'COPY')
      .flatMap((copy) => {
        const parts = argumentsOf(copy);
        const destination = parts.at(-1)!;
        return destination === './' ? parts.slice(0, -1) : [destination];
      });
    const readAtRunTime = [supergraphFile, reportsFolder, webPagesFolder, path.join(projectRoot, 'package.json')].map(
      (file) => path.relative(projectRoot, file),
    );
    for (const file of readAtRunTime)
      expect(
        destinations.some((copied) => isWithin(file, copied)),
        file,
      ).toBe(true);
    expect(destinations).toContain('dist');
  });

  it('chooses the part by command, the gateway by default', () => {
    const entrypoint = dockerfile.getENTRYPOINTs()[0]!;
    const command = dockerfile.getCMDs()[0]!;
    expect(entrypoint.getJSONStrings().map((part) => part.getJSONValue())).toEqual(['node']);
    const [entry] = command.getJSONStrings().map((part) => part.getJSONValue());
    expect(entry).toBe('dist/gateway/main.js');
    expect(isCompiledEntry(entry)).toBe(true);
  });
});

type KubernetesObject = {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string };
  data?: Record<string, unknown>;
};
type ModelClass = { apiVersion: string; kind: string; new (data: unknown): { validate(): void } };

/** Every kind kubernetes-models knows, by `apiVersion/kind`: its exports are groups of versions, and the core group's versions (`v1`). */
function modelsIn(exports: object): ModelClass[] {
  return Object.values(exports).flatMap((value) =>
    typeof value === 'function'
      ? 'apiVersion' in value && 'kind' in value
        ? [value as ModelClass]
        : []
      : typeof value === 'object' && value
        ? modelsIn(value)
        : [],
  );
}
const schemaModels = new Map(modelsIn(kubernetesModels).map((model) => [`${model.apiVersion}/${model.kind}`, model]));

/** What the Kubernetes API schema says is wrong with an object, or undefined when it is valid. */
function schemaErrors(object: KubernetesObject): string | undefined {
  const Model = schemaModels.get(`${object.apiVersion}/${object.kind}`);
  if (!Model) return `no schema for ${object.apiVersion} ${object.kind}`;
  // kustomize wraps long base64 values of a Secret's data in lines; the API server's decoder (Go's
  // encoding/base64) skips line breaks, the schema's `byte` format does not.
  const unwrapped =
    object.kind === 'Secret' && object.data
      ? {
          ...object,
          data: Object.fromEntries(
            Object.entries(object.data).map(([key, value]) => [key, String(value).replace(/\n/g, '')]),
          ),
        }
      : object;
  try {
    new Model(unwrapped).validate();
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

/**
 * The fields of each object that the Kubernetes API types do not declare. The JSON schemas, like
 * the API's own, allow unknown fields, so a misspelt `readinesProbe` would pass them; TypeScript's
 * excess property check over kubernetes-models' types (generated from the same OpenAPI document)
 * refuses it at any depth. Each object becomes a typed literal in a file the compiler checks.
 */
function unknownFields(objects: KubernetesObject[]): string[] {
  const folder = mkdtempSync(path.join(projectRoot, '.build-test-kubernetes-'));
  try {
    const file = path.join(folder, 'objects.ts');
    const declarations = objects.map((object, index) => {
      // Each model's module is kubernetes-models/<apiVersion>/<kind> (core kinds under v1/).
      return `export const object${index}: import('kubernetes-models/${object.apiVersion}/${object.kind}').I${object.kind} = ${JSON.stringify(object)};`;
    });
    writeFileSync(file, declarations.join('\n'));
    const program = ts.createProgram([file], {
      strict: true,
      noEmit: true,
      skipLibCheck: true,
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      types: [],
    });
    return ts.getPreEmitDiagnostics(program).map((diagnostic) => {
      const line = diagnostic.file ? diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start ?? 0).line : -1;
      const object = objects[line];
      return `${object ? `${object.kind} ${object.metadata.name}` : 'objects.ts'}: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, ' ')}`;
    });
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

/** The secret files each kustomization's secretGenerator reads, found in the kustomization files themselves. */
function secretFiles(folder: string): string[] {
  return readdirSync(folder, { recursive: true, encoding: 'utf8' })
    .filter((file) => path.basename(file) === 'kustomization.yaml')
    .flatMap((file) => {
      const kustomization = parseYaml(readFileSync(path.join(folder, file), 'utf8')) as {
        secretGenerator?: { files?: string[] }[];
      };
      return (kustomization.secretGenerator ?? []).flatMap((generator) =>
        (generator.files ?? []).map((entry) => path.join(path.dirname(file), entry.split('=').at(-1)!)),
      );
    });
}

/** `kubectl kustomize` of the overlay in a copy of deploy/kubernetes without any secrets/ folder an operator wrote. */
function renderCopy(writeSecrets: (file: string) => string | undefined) {
  const folder = mkdtempSync(path.join(os.tmpdir(), 'loftesnavet-kubernetes-'));
  try {
    cpSync(kubernetesFolder, folder, { recursive: true, filter: (source) => path.basename(source) !== 'secrets' });
    for (const file of secretFiles(folder)) {
      const value = writeSecrets(file);
      if (value === undefined) continue;
      mkdirSync(path.dirname(path.join(folder, file)), { recursive: true });
      writeFileSync(path.join(folder, file), value);
    }
    const result = spawnSync(kubectl!, ['kustomize', path.join(folder, overlay)], { encoding: 'utf8' });
    return { status: result.status, stdout: result.stdout, stderr: result.stderr.replaceAll(folder, '<copy>') };
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

/** A stand-in value per secret file, so the test can find it again in the rendered Secrets. */
const standInValue = (file: string) => `stand-in for ${file.replaceAll(path.sep, '/')}`;

type LabelSelector = NonNullable<INetworkPolicy['spec']>['podSelector'];

/** Whether a label selector selects these labels. */
function selects(selector: LabelSelector | undefined, labels: Record<string, string> = {}): boolean {
  if (!selector) return false;
  const byLabels = Object.entries(selector.matchLabels ?? {}).every(([key, value]) => labels[key] === value);
  const byExpressions = (selector.matchExpressions ?? []).every(({ key, operator, values = [] }) => {
    if (operator === 'In') return values.includes(labels[key] ?? '');
    if (operator === 'NotIn') return !values.includes(labels[key] ?? '');
    if (operator === 'Exists') return key in labels;
    return !(key in labels);
  });
  return byLabels && byExpressions;
}

/** A party in the network: a pod of the overlay (or a stand-in for one outside it), or an address outside the cluster. */
type Peer = { pod: { namespace: string; labels: Record<string, string> } } | { ip: string };

describe.skipIf(!kubectl)('the Kubernetes manifests of region-umea', () => {
  // As rendered; each kind's model narrows it (Deployment.is …) once the schemas have validated it.
  let objects: any[];
  let deployments: IDeployment[];
  let policies: INetworkPolicy[];
  let namespaceLabels: Record<string, Record<string, string>>;

  beforeAll(() => {
    const rendered = renderCopy(standInValue);
    expect(rendered.stderr.replace(/^# Warning: .*\n/gm, '')).toBe('');
    expect(rendered.status).toBe(0);
    objects = parseAllDocuments(rendered.stdout).map((document) => document.toJS() as KubernetesObject);
    deployments = objects.filter(Deployment.is);
    policies = objects.filter(NetworkPolicy.is);
    namespaceLabels = Object.fromEntries(
      objects
        .filter(Namespace.is)
        .map((namespace) => [
          namespace.metadata!.name!,
          { ...namespace.metadata!.labels, 'kubernetes.io/metadata.name': namespace.metadata!.name! },
        ]),
    );
  });
  const configMap = (name: string) => objects.filter(ConfigMap.is).find((map) => map.metadata!.name === name)!;

  it('does not render until every secret file is written, and names the one missing', () => {
    const missing = secretFiles(kubernetesFolder).find((file) => file.endsWith('subgraph-secret'))!;
    const rendered = renderCopy((file) => (file === missing ? undefined : standInValue(file)));
    expect(rendered.status).not.toBe(0);
    expect(rendered.stderr).toContain(path.basename(missing));
    expect(readFileSync(path.join(projectRoot, '.gitignore'), 'utf8')).toContain('deploy/kubernetes/**/secrets/');
  });

  it('validates every object against the Kubernetes API schemas', () => {
    expect(
      objects
        .map((object) => [object.kind, object.metadata.name, schemaErrors(object)])
        .filter(([, , errors]) => errors),
    ).toEqual([]);
    // The schemas do refuse what the API server refuses: a sanity check that validation is not vacuous.
    const broken = structuredClone(deployments[0]!) as any;
    broken.spec.replicas = 'two';
    delete broken.spec.template.spec.containers[0].name;
    expect(schemaErrors(broken)).toBe(
      'data/spec/replicas must be integer, data/spec/template/spec/containers/0 must have required property name',
    );
  });

  it('declares only fields the Kubernetes API types know', () => {
    const misspelt = structuredClone(deployments[0]!) as any;
    const container = misspelt.spec.template.spec.containers[0];
    container.readinesProbe = container.readinessProbe;
    expect(unknownFields([...objects, misspelt])).toEqual([
      `Deployment gateway: Object literal may only specify known properties, and '"readinesProbe"' does not exist in type 'IContainer'.`,
    ]);
  });

  it('has one Deployment and Service per party of the region config, each running its part of the image', () => {
    const expected = ['gateway', 'police', ...region.kommuner.map((kommun) => `kommun-${kommun.slug}`)];
    expect(deployments.map((deployment) => deployment.metadata!.name).sort()).toEqual([...expected].sort());
    expect(
      objects
        .filter(Service.is)
        .map((service) => service.metadata!.name)
        .sort(),
    ).toEqual([...expected].sort());
    const argsOf = (name: string) =>
      deployments.find((deployment) => deployment.metadata!.name === name)!.spec!.template.spec!.containers[0]!.args;
    expect(argsOf('gateway')).toEqual(['dist/gateway/main.js']);
    expect(argsOf('police')).toEqual(['dist/subgraphs/police/main.js']);
    for (const kommun of region.kommuner)
      expect(argsOf(`kommun-${kommun.slug}`)).toEqual(['dist/subgraphs/kommun/main.js', '--kommun', kommun.slug]);
    const images = new Set(
      deployments.flatMap((deployment) =>
        deployment.spec!.template.spec!.containers.map((container) => container.image),
      ),
    );
    expect(images.size).toBe(1);
    for (const deployment of deployments)
      for (const container of deployment.spec!.template.spec!.containers)
        expect(isCompiledEntry(container.args![0]), container.args![0]).toBe(true);
  });

  it('runs every container as non-root on a read-only root filesystem, with resources', () => {
    for (const deployment of deployments) {
      const pod = deployment.spec!.template.spec!;
      expect(pod.securityContext?.runAsNonRoot, deployment.metadata!.name).toBe(true);
      expect(pod.securityContext?.runAsUser).toBeGreaterThan(0);
      expect(pod.automountServiceAccountToken).toBe(false);
      for (const container of pod.containers) {
        expect(container.securityContext).toEqual({
          allowPrivilegeEscalation: false,
          readOnlyRootFilesystem: true,
          capabilities: { drop: ['ALL'] },
        });
        expect(Object.keys(container.resources?.requests ?? {}).sort()).toEqual(['cpu', 'memory']);
        expect(container.resources?.limits?.memory).toBeDefined();
      }
    }
  });

  it('probes the health endpoints on the ports each process listens on', () => {
    const settings = configMap('process-settings');
    for (const deployment of deployments) {
      const container = deployment.spec!.template.spec!.containers[0]!;
      expect(container.envFrom?.map((source) => source.configMapRef?.name)).toContain(settings.metadata!.name);
      const portNumber = (name: unknown) => container.ports!.find((port) => port.name === name)?.containerPort;
      // The public port answers /healthz and GraphQL; /readyz only the operations port (server/http/health.ts).
      expect(portNumber('graphql')).toBe(Number(settings.data!.PORT));
      expect(portNumber('ops')).toBe(Number(settings.data!.OPS_PORT));
      expect(settings.data!.HOST).toBe('0.0.0.0');
      expect(settings.data!.OPS_HOST).toBe('0.0.0.0');
      expect(container.readinessProbe?.httpGet).toEqual({ path: '/readyz', port: 'ops' });
      expect(container.livenessProbe?.httpGet).toEqual({ path: '/healthz', port: 'graphql' });
      if (container.startupProbe) expect(portNumber(container.startupProbe.httpGet?.port)).toBeDefined();
    }
  });

  it('has every Service select one Deployment, on a port its container exposes', () => {
    for (const service of objects.filter(Service.is)) {
      const selected = deployments.filter((deployment) =>
        selects({ matchLabels: service.spec!.selector }, deployment.spec!.template.metadata!.labels),
      );
      expect(selected.map((deployment) => deployment.metadata!.name)).toEqual([service.metadata!.name]);
      const container = selected[0]!.spec!.template.spec!.containers[0]!;
      for (const port of service.spec!.ports!)
        expect(container.ports!.map((exposed) => exposed.name)).toContain(port.targetPort);
    }
    for (const deployment of deployments)
      expect(selects(deployment.spec!.selector, deployment.spec!.template.metadata!.labels)).toBe(true);
  });

  it('generates every Secret and ConfigMap a container names, from the secret files', () => {
    const secrets = objects.filter(Secret.is);
    const configMaps = objects.filter(ConfigMap.is);
    const keysOf = (kind: 'Secret' | 'ConfigMap', name: string) => {
      const found =
        kind === 'Secret'
          ? secrets.find((s) => s.metadata!.name === name)
          : configMaps.find((m) => m.metadata!.name === name);
      expect(found, `${kind} ${name}`).toBeDefined();
      return Object.keys(found!.data ?? {});
    };
    const containers: IContainer[] = deployments.flatMap((deployment) => deployment.spec!.template.spec!.containers);
    for (const container of containers) {
      for (const source of container.envFrom ?? []) {
        if (source.secretRef) expect(keysOf('Secret', source.secretRef.name!).length).toBeGreaterThan(0);
        if (source.configMapRef) expect(keysOf('ConfigMap', source.configMapRef.name!).length).toBeGreaterThan(0);
      }
      for (const variable of container.env ?? []) {
        const reference = variable.valueFrom?.secretKeyRef;
        if (reference) expect(keysOf('Secret', reference.name!)).toContain(reference.key);
      }
      // Every process gets the gateway credential and the token verification settings.
      const variables = (container.envFrom ?? []).flatMap((source) =>
        source.secretRef ? keysOf('Secret', source.secretRef.name!) : [],
      );
      expect(variables.sort()).toEqual(['AUTH_AUDIENCE', 'AUTH_ISSUER', 'AUTH_JWKS_URL', 'SUBGRAPH_SECRET']);
    }
    // Each subgraph has its own database URL, from its own file.
    const databaseUrls = deployments
      .filter((deployment) => deployment.metadata!.name !== 'gateway')
      .map((deployment) => {
        const reference = deployment.spec!.template.spec!.containers[0]!.env!.find(
          (variable) => variable.name === 'DATABASE_URL',
        )!.valueFrom!.secretKeyRef!;
        return Buffer.from(
          secrets.find((s) => s.metadata!.name === reference.name)!.data!.DATABASE_URL!,
          'base64',
        ).toString();
      });
    expect(new Set(databaseUrls).size).toBe(region.kommuner.length + 1);
    for (const url of databaseUrls) expect(url).toMatch(/^stand-in for .*secrets\/.*database-url$/);
    // No Secret holds a value committed to the project: every one comes from a secret file.
    const values = secrets.flatMap((secret) =>
      Object.values(secret.data ?? {}).map((value) => Buffer.from(value, 'base64').toString()),
    );
    expect(values.filter((value) => !value.startsWith('stand-in for '))).toEqual([]);
    expect(values.length).toBe(secretFiles(kubernetesFolder).length);
  });

  it('points the gateway and the police subgraph at every subgraph of the region by its Service', () => {
    const urlMap = configMap('subgraph-urls');
    const urls = urlMap.data!;
    const parties = [
      ...region.kommuner.map((kommun) => ({ slug: kommun.slug, deployment: `kommun-${kommun.slug}` })),
      { slug: region.policeArea.slug, deployment: 'police' },
    ];
    expect(Object.keys(urls).sort()).toEqual(parties.map((party) => subgraphUrlVariable(subgraphName(party))).sort());
    for (const party of parties) {
      const url = new URL(urls[subgraphUrlVariable(subgraphName(party))]!);
      const service = objects.filter(Service.is).find((s) => s.metadata!.name === url.hostname);
      expect(
        service?.spec?.ports?.map((port) => port.port),
        url.href,
      ).toContain(Number(url.port));
      expect(url.hostname).toBe(party.deployment);
      expect(url.pathname).toBe('/graphql');
    }
    for (const name of ['gateway', 'police']) {
      const container = deployments.find((deployment) => deployment.metadata!.name === name)!.spec!.template.spec!
        .containers[0]!;
      expect(container.envFrom!.some((source) => source.configMapRef?.name === urlMap.metadata!.name)).toBe(true);
    }
  });

  describe('the network policies', () => {
    const pods = () =>
      deployments.map((deployment) => ({
        name: deployment.metadata!.name!,
        peer: {
          pod: { namespace: deployment.metadata!.namespace!, labels: deployment.spec!.template.metadata!.labels! },
        },
      }));
    const pod = (name: string) => pods().find((p) => p.name === name)!.peer;
    const kommunPods = () => region.kommuner.map((kommun) => pod(`kommun-${kommun.slug}`));
    const client: Peer = { ip: '203.0.113.7' };
    const dns: Peer = { pod: { namespace: 'kube-system', labels: { 'k8s-app': 'kube-dns' } } };
    const scraper: Peer = { pod: { namespace: 'monitoring', labels: { app: 'prometheus' } } };
    /** The address an egress policy of the overlay lets its pods reach (a database, the identity provider). */
    const egressAddress = (policy: string) => {
      const cidr = policies.find((p) => p.metadata!.name === policy)!.spec!.egress![0]!.to![0]!.ipBlock!.cidr;
      expect(cidr, policy).not.toBe('255.255.255.255/32');
      return { ip: cidr.replace(/\/32$/, '') };
    };

    function peerMatches(rule: INetworkPolicyPeer, peer: Peer, policyNamespace: string): boolean {
      if ('ip' in peer) {
        if (!rule.ipBlock) return false;
        const block = new BlockList();
        const [address, prefix] = rule.ipBlock.cidr.split('/');
        block.addSubnet(address!, Number(prefix));
        return block.check(peer.ip) && !(rule.ipBlock.except ?? []).some((except) => except.startsWith(`${peer.ip}/`));
      }
      if (!rule.podSelector && !rule.namespaceSelector) return false;
      const labels = namespaceLabels[peer.pod.namespace] ?? { 'kubernetes.io/metadata.name': peer.pod.namespace };
      const inNamespace = rule.namespaceSelector
        ? selects(rule.namespaceSelector, labels)
        : peer.pod.namespace === policyNamespace;
      return inNamespace && (!rule.podSelector || selects(rule.podSelector, peer.pod.labels));
    }

    /** Whether the policies of `subject`'s namespace let it send (Egress) to, or receive (Ingress) from, `other` on a TCP port. */
    function allows(
      direction: 'Ingress' | 'Egress',
      subject: Peer,
      other: Peer,
      port: number,
      protocol = 'TCP',
    ): boolean {
      if ('ip' in subject) return true;
      const isolating = policies.filter(
        (policy) =>
          policy.metadata!.namespace === subject.pod.namespace &&
          selects(policy.spec!.podSelector, subject.pod.labels) &&
          policy.spec!.policyTypes!.includes(direction),
      );
      if (isolating.length === 0) return true;
      const onPort = (ports: INetworkPolicyPort[] | undefined) =>
        !ports?.length || ports.some((p) => p.port === port && (p.protocol ?? 'TCP') === protocol);
      return isolating.some((policy) =>
        (direction === 'Ingress'
          ? (policy.spec!.ingress ?? []).map((rule) => ({ peers: rule.from, ports: rule.ports }))
          : (policy.spec!.egress ?? []).map((rule) => ({ peers: rule.to, ports: rule.ports }))
        ).some(
          (rule) =>
            onPort(rule.ports) &&
            (!rule.peers?.length || rule.peers.some((peer) => peerMatches(peer, other, policy.metadata!.namespace!))),
        ),
      );
    }
    const reaches = (from: Peer, to: Peer, port: number, protocol?: string) =>
      allows('Egress', from, to, port, protocol) && allows('Ingress', to, from, port, protocol);

    it('select pods that exist', () => {
      for (const policy of policies) {
        const selected = pods().filter(({ peer }) => selects(policy.spec!.podSelector, peer.pod.labels));
        expect(selected.length, policy.metadata!.name).toBeGreaterThan(0);
      }
    });

    it('let clients reach the gateway only, and only its GraphQL port', () => {
      expect(reaches(client, pod('gateway'), 4000)).toBe(true);
      expect(reaches(client, pod('gateway'), 5000)).toBe(false);
      for (const subgraph of [pod('police'), ...kommunPods()]) {
        expect(reaches(client, subgraph, 4000)).toBe(false);
        expect(reaches(client, subgraph, 5000)).toBe(false);
      }
    });

    it('let the gateway reach every subgraph, and the police subgraph the kommun subgraphs, and no one else', () => {
      for (const subgraph of [pod('police'), ...kommunPods()])
        expect(reaches(pod('gateway'), subgraph, 4000)).toBe(true);
      for (const kommun of kommunPods()) {
        expect(reaches(pod('police'), kommun, 4000)).toBe(true);
        expect(reaches(kommun, pod('police'), 4000)).toBe(false);
        expect(reaches(kommun, pod('gateway'), 4000)).toBe(false);
        for (const other of kommunPods()) if (other !== kommun) expect(reaches(kommun, other, 4000)).toBe(false);
      }
      expect(reaches(pod('police'), pod('gateway'), 4000)).toBe(false);
      expect(reaches(pod('gateway'), pod('gateway'), 5000)).toBe(false);
    });

    it('let each subgraph reach its own database and no other', () => {
      const databases = [
        { pod: pod('police'), database: egressAddress('police-database') },
        ...region.kommuner.map((kommun) => ({
          pod: pod(`kommun-${kommun.slug}`),
          database: egressAddress(`kommun-database-${kommun.slug}`),
        })),
      ];
      expect(new Set(databases.map(({ database }) => database.ip)).size).toBe(databases.length);
      for (const { pod: subgraph, database } of databases)
        for (const other of databases)
          expect(reaches(subgraph, other.database, 5432)).toBe(other.database === database);
      for (const { database } of databases) expect(reaches(pod('gateway'), database, 5432)).toBe(false);
    });

    it('have every address the overlay must set, set', () => {
      const addresses = policies.flatMap((policy) =>
        [
          ...(policy.spec!.egress ?? []).flatMap((rule) => rule.to ?? []),
          ...(policy.spec!.ingress ?? []).flatMap((rule) => rule.from ?? []),
        ]
          .filter((peer) => peer.ipBlock)
          .map((peer) => `${policy.metadata!.name} ${peer.ipBlock!.cidr}`),
      );
      expect(addresses.length).toBe(region.kommuner.length + 2);
      expect(addresses.filter((address) => address.endsWith(' 255.255.255.255/32'))).toEqual([]);
    });

    it("let every pod ask the cluster DNS and fetch the identity provider's keys, and the metrics scraper reach only the operations ports", () => {
      const identityProvider = egressAddress('identity-provider');
      for (const { name, peer } of pods()) {
        expect(reaches(peer, dns, 53, 'UDP')).toBe(true);
        expect(reaches(peer, identityProvider, 443)).toBe(true);
        expect(reaches(peer, identityProvider, 80)).toBe(false);
        expect(reaches(scraper, peer, 5000)).toBe(true);
        expect(reaches(scraper, peer, 4000)).toBe(name === 'gateway');
        expect(reaches(peer, client, 443)).toBe(false);
      }
    });
  });
});
