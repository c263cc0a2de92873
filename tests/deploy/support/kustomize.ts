// A small kustomize for the static tests (no kubectl or kustomize binary is installed in CI):
// renders a kustomization the way `kubectl kustomize` does for the fields deploy/k8s uses, and
// throws on any other field rather than ignore it. Generated names keep no content hash, so
// references stay readable in assertions.
import { existsSync, readFileSync, statSync } from "node:fs";
import { basename, join, relative, resolve } from "node:path";
import { parseAllDocuments } from "yaml";

export interface Resource {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  [field: string]: any;
}

interface Kustomization {
  apiVersion?: string;
  kind?: string;
  namespace?: string;
  resources?: string[];
  configMapGenerator?: { name: string; behavior?: "create" | "merge" | "replace"; literals?: string[]; files?: string[] }[];
  patches?: { path: string; target?: { kind?: string; name?: string } }[];
  images?: { name: string; newName?: string; newTag?: string }[];
}

const SUPPORTED = new Set(["apiVersion", "kind", "namespace", "resources", "configMapGenerator", "patches", "images"]);
// Kinds that live outside namespaces (of those a kustomization here may hold).
const CLUSTER_SCOPED = new Set(["Namespace", "ClusterRole", "ClusterRoleBinding", "PersistentVolume", "StorageClass"]);

/** Every YAML document of a file, parsed; a syntax error throws with the file's name. */
export function readYamlDocuments(path: string): any[] {
  return parseAllDocuments(readFileSync(path, "utf8")).flatMap((doc) => {
    if (doc.errors.length > 0) throw new Error(`${path}: ${doc.errors[0]!.message}`);
    const value = doc.toJS();
    return value == null ? [] : [value];
  });
}

export function kustomize(dir: string): Resource[] {
  const file = join(dir, "kustomization.yaml");
  const [k] = readYamlDocuments(file) as Kustomization[];
  if (!k) throw new Error(`${file} is empty`);
  const unsupported = Object.keys(k).filter((field) => !SUPPORTED.has(field));
  if (unsupported.length > 0) throw new Error(`${file}: unsupported fields ${unsupported.join(", ")}`);

  const resources: Resource[] = [];
  for (const entry of k.resources ?? []) {
    const path = resolve(dir, entry);
    if (!existsSync(path)) throw new Error(`${file}: resource ${entry} does not exist`);
    resources.push(...(statSync(path).isDirectory() ? kustomize(path) : (readYamlDocuments(path) as Resource[])));
  }
  for (const generator of k.configMapGenerator ?? []) generateConfigMap(dir, generator, resources);
  for (const patch of k.patches ?? []) applyPatch(dir, patch, resources);
  for (const image of k.images ?? []) setImage(image, resources);
  if (k.namespace) {
    for (const resource of resources) if (!CLUSTER_SCOPED.has(resource.kind)) resource.metadata.namespace = k.namespace;
  }
  return resources;
}

/** A file kustomize may read: inside the kustomization's own folder (its default load restriction). */
function fileInside(dir: string, path: string): string {
  const full = resolve(dir, path);
  if (relative(dir, full).startsWith("..")) throw new Error(`${path} is not in or below ${dir}`);
  return full;
}

function generateConfigMap(dir: string, generator: NonNullable<Kustomization["configMapGenerator"]>[number], resources: Resource[]) {
  const data: Record<string, string> = {};
  for (const literal of generator.literals ?? []) {
    const at = literal.indexOf("=");
    if (at < 1) throw new Error(`configMapGenerator ${generator.name}: "${literal}" is not KEY=VALUE`);
    data[literal.slice(0, at)] = literal.slice(at + 1);
  }
  for (const entry of generator.files ?? []) {
    const [key, path] = entry.includes("=") ? entry.split("=", 2) : [basename(entry), entry];
    data[key!] = readFileSync(fileInside(dir, path!), "utf8");
  }
  const existing = resources.find((r) => r.kind === "ConfigMap" && r.metadata.name === generator.name);
  const behavior = generator.behavior ?? "create";
  if (behavior === "create") {
    if (existing) throw new Error(`configMapGenerator ${generator.name} exists already (use behavior: merge)`);
    resources.push({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: generator.name }, data });
  } else {
    if (!existing) throw new Error(`configMapGenerator ${generator.name}: behavior ${behavior} needs a base to change`);
    existing.data = behavior === "merge" ? { ...existing.data, ...data } : data;
  }
}

function applyPatch(dir: string, { path, target }: NonNullable<Kustomization["patches"]>[number], resources: Resource[]) {
  const [patch] = readYamlDocuments(fileInside(dir, path)) as Resource[];
  if (!patch) throw new Error(`${path} is empty`);
  const kind = target?.kind ?? patch.kind;
  const name = target ? target.name : patch.metadata.name;
  const matched = resources.filter((r) => r.kind === kind && (name === undefined || r.metadata.name === name));
  if (matched.length === 0) throw new Error(`patch ${path} matches no resource`);
  // With a target the patch's own name is a placeholder: the target's names stay.
  const { name: _placeholder, ...metadata } = patch.metadata;
  for (const resource of matched) {
    const merged = strategicMerge(resource, { ...patch, metadata });
    for (const key of Object.keys(resource)) delete resource[key];
    Object.assign(resource, merged);
  }
}

/**
 * Kubernetes' strategic merge for what these patches hold: maps merge key by key; lists of
 * named items (containers, env, volumes, volumeMounts) merge item by `name`; other lists and
 * scalars are replaced.
 */
function strategicMerge(base: any, patch: any): any {
  if (Array.isArray(base) && Array.isArray(patch)) {
    const named = (items: any[]) => items.every((item) => item && typeof item === "object" && typeof item.name === "string");
    if (!named(base) || !named(patch)) return patch;
    const merged = base.map((item) => {
      const change = patch.find((p: any) => p.name === item.name);
      return change ? strategicMerge(item, change) : item;
    });
    return [...merged, ...patch.filter((p: any) => !base.some((item: any) => item.name === p.name))];
  }
  if (base && patch && typeof base === "object" && typeof patch === "object" && !Array.isArray(base) && !Array.isArray(patch)) {
    const merged = { ...base };
    for (const [key, value] of Object.entries(patch)) merged[key] = key in base ? strategicMerge(base[key], value) : value;
    return merged;
  }
  return patch;
}

/** The containers of a workload's pod template (Deployment, Job, ...). */
export function containersOf(resource: Resource): any[] {
  const pod = resource.spec?.template?.spec;
  return pod ? [...(pod.initContainers ?? []), ...(pod.containers ?? [])] : [];
}

function setImage({ name, newName, newTag }: { name: string; newName?: string; newTag?: string }, resources: Resource[]) {
  for (const container of resources.flatMap(containersOf)) {
    const image: string = container.image ?? "";
    const at = image.lastIndexOf(":") > image.lastIndexOf("/") ? image.lastIndexOf(":") : image.length;
    if (image.slice(0, at) !== name) continue;
    container.image = `${newName ?? name}${newTag ? `:${newTag}` : image.slice(at)}`;
  }
}
