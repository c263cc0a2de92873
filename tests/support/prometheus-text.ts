// A strict reader of the Prometheus text exposition format (0.0.4): every line must be a
// HELP, a TYPE or a sample of a declared family, label values unescaped, numbers parsed,
// histogram buckets cumulative up to +Inf. It throws on anything else, so a test that reads
// /metrics through it also proves the page is valid.

export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

export interface MetricFamily {
  name: string;
  type: "counter" | "gauge" | "histogram" | "summary" | "untyped";
  help?: string;
  samples: Sample[];
}

const NAME = "[a-zA-Z_:][a-zA-Z0-9_:]*";
const SAMPLE = new RegExp(`^(${NAME})(?:\\{(.*)\\})?\\s+(\\S+)(?:\\s+(-?\\d+))?$`);
const LABEL = /\s*([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"\s*(,|$)/y;
const SUFFIXES: Record<string, string[]> = { histogram: ["_bucket", "_sum", "_count"], summary: ["_sum", "_count", ""], counter: [""], gauge: [""], untyped: [""] };

function parseValue(text: string, line: string): number {
  // As Go's ParseFloat reads them, which is what Prometheus uses (prom-client writes "Nan").
  if (/^\+?inf$/i.test(text)) return Infinity;
  if (/^-inf$/i.test(text)) return -Infinity;
  if (/^nan$/i.test(text)) return NaN;
  const value = Number(text);
  if (text === "" || Number.isNaN(value)) throw new Error(`Bad sample value in: ${line}`);
  return value;
}

function parseLabels(text: string, line: string): Record<string, string> {
  const labels: Record<string, string> = {};
  LABEL.lastIndex = 0;
  while (LABEL.lastIndex < text.length) {
    const start = LABEL.lastIndex;
    const match = LABEL.exec(text);
    if (!match || match.index !== start) throw new Error(`Bad labels in: ${line}`);
    if (match[1]! in labels) throw new Error(`Repeated label ${match[1]} in: ${line}`);
    labels[match[1]!] = match[2]!.replace(/\\(["\\n])/g, (_, c: string) => (c === "n" ? "\n" : c));
    if (match[3] === "") break;
  }
  return labels;
}

export function parsePrometheusText(text: string): Map<string, MetricFamily> {
  const families = new Map<string, MetricFamily>();
  const familyOf = (sampleName: string) => {
    for (const family of families.values()) {
      if (SUFFIXES[family.type]!.some((suffix) => family.name + suffix === sampleName)) return family;
    }
    return undefined;
  };
  for (const line of text.split("\n")) {
    if (line.trim() === "") continue;
    const comment = /^#\s+(HELP|TYPE)\s+(\S+)(?:\s+(.*))?$/.exec(line);
    if (comment) {
      const [, kind, name, rest = ""] = comment;
      if (!new RegExp(`^${NAME}$`).test(name!)) throw new Error(`Bad metric name in: ${line}`);
      const family = families.get(name!) ?? { name: name!, type: "untyped", samples: [] };
      if (kind === "HELP") family.help = rest;
      else if (rest in SUFFIXES) family.type = rest as MetricFamily["type"];
      else throw new Error(`Bad TYPE in: ${line}`);
      families.set(name!, family);
      continue;
    }
    if (line.startsWith("#")) continue;
    const match = SAMPLE.exec(line);
    if (!match) throw new Error(`Not a sample line: ${line}`);
    const family = familyOf(match[1]!);
    if (!family) throw new Error(`Sample of an undeclared family: ${line}`);
    family.samples.push({ name: match[1]!, labels: match[2] ? parseLabels(match[2], line) : {}, value: parseValue(match[3]!, line) });
  }
  for (const family of families.values()) if (family.type === "histogram") checkHistogram(family);
  return families;
}

/** Buckets of each series rise (cumulative) to a +Inf bucket that equals _count. */
function checkHistogram(family: MetricFamily) {
  const key = (labels: Record<string, string>) => JSON.stringify(Object.entries(labels).filter(([name]) => name !== "le").sort());
  const series = new Map<string, { buckets: [number, number][]; count?: number }>();
  for (const sample of family.samples) {
    const entry = series.get(key(sample.labels)) ?? { buckets: [] };
    series.set(key(sample.labels), entry);
    if (sample.name.endsWith("_bucket")) entry.buckets.push([parseValue(sample.labels.le ?? "", sample.name), sample.value]);
    if (sample.name.endsWith("_count")) entry.count = sample.value;
  }
  for (const [labels, { buckets, count }] of series) {
    const ordered = [...buckets].sort(([a], [b]) => a - b);
    if (ordered.at(-1)?.[0] !== Infinity || ordered.at(-1)?.[1] !== count) throw new Error(`${family.name}${labels}: no +Inf bucket equal to _count`);
    ordered.forEach(([, value], index) => {
      if (index > 0 && value < ordered[index - 1]![1]) throw new Error(`${family.name}${labels}: buckets are not cumulative`);
    });
  }
}

/** The samples of a family whose labels include the given ones. */
export function samplesOf(families: Map<string, MetricFamily>, name: string, labels: Record<string, string> = {}): Sample[] {
  const family = [...families.values()].find((candidate) => SUFFIXES[candidate.type]!.some((suffix) => candidate.name + suffix === name));
  return (family?.samples ?? []).filter((sample) => sample.name === name && Object.entries(labels).every(([key, value]) => sample.labels[key] === value));
}
