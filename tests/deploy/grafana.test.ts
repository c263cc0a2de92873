// deploy/grafana: the provisioned datasources and the dashboard, checked against docker-compose.yml
// and the metric contract, so that no panel queries a series nobody exports.
import { readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { read, services } from "./support/compose.ts";
import { METRICS, QUERYABLE_SERIES } from "./support/contracts.ts";
import { seriesIn } from "./support/promql.ts";

interface Panel {
  id: number;
  type: string;
  title: string;
  description?: string;
  datasource?: { type: string; uid: string };
  targets?: { expr: string; legendFormat?: string }[];
}
interface Dashboard {
  uid: string;
  title: string;
  panels: Panel[];
  templating: { list: { name: string; datasource: { uid: string }; query: { query: string } }[] };
  annotations: { list: { datasource: { uid: string }; expr: string }[] };
}

const dashboardFiles = readdirSync(new URL("../../deploy/grafana/dashboards/", import.meta.url)).filter((file) => file.endsWith(".json"));
const dashboards = dashboardFiles.map((file) => JSON.parse(read(`deploy/grafana/dashboards/${file}`)) as Dashboard);
const datasources = (
  parse(read("deploy/grafana/provisioning/datasources/datasources.yml")) as { datasources: { uid: string; type: string; url: string }[] }
).datasources;
const graphs = dashboards.flatMap((dashboard) => dashboard.panels.filter((panel) => panel.type !== "row"));
const queries = [
  ...graphs.flatMap((panel) => (panel.targets ?? []).map((target) => target.expr)),
  // Grafana's label_values(<selector>, <label>): the selector is PromQL.
  ...dashboards.flatMap((dashboard) => dashboard.templating.list.map((variable) => variable.query.query.replace(/^label_values\((.+),\s*\w+\)$/, "$1"))),
  ...dashboards.flatMap((dashboard) => dashboard.annotations.list.map((annotation) => annotation.expr)),
];
const grafanaMount = (target: string) =>
  services.grafana!.volumes!.find((volume) => volume.split(":")[1] === target)?.split(":")[0];

describe("deploy/grafana provisioning", () => {
  it("provisions Prometheus and Jaeger at their compose addresses", () => {
    expect(datasources.map(({ uid, type, url }) => ({ uid, type, url }))).toEqual([
      { uid: "prometheus", type: "prometheus", url: "http://prometheus:9090" },
      { uid: "jaeger", type: "jaeger", url: "http://jaeger:16686" },
    ]);
    expect(services.prometheus!.healthcheck!.test).toContain("http://127.0.0.1:9090/-/ready");
    expect(services.jaeger!.ports).toContain("127.0.0.1:16686:16686");
  });

  it("loads the dashboards from the folder compose mounts them in", () => {
    expect(grafanaMount("/etc/grafana/provisioning")).toBe("./deploy/grafana/provisioning");
    const providers = (parse(read("deploy/grafana/provisioning/dashboards/dashboards.yml")) as { providers: { options: { path: string } }[] })
      .providers;
    expect(providers).toHaveLength(1);
    expect(grafanaMount(providers[0]!.options.path)).toBe("./deploy/grafana/dashboards");
    const home = (services.grafana!.environment as Record<string, string>).GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH!;
    expect(dashboardFiles.map((file) => `${providers[0]!.options.path}/${file}`)).toContain(home);
  });
});

describe("deploy/grafana dashboards", () => {
  it("parse, with unique ids, and every panel says what it shows and queries a provisioned datasource", () => {
    expect(dashboards.length).toBeGreaterThan(0);
    for (const dashboard of dashboards) {
      const ids = dashboard.panels.map((panel) => panel.id);
      expect(new Set(ids).size, dashboard.title).toBe(ids.length);
    }
    const uids = datasources.map((source) => source.uid);
    for (const panel of graphs) {
      expect(panel.description, panel.title).toBeTruthy();
      expect(uids, panel.title).toContain(panel.datasource?.uid);
      expect(panel.targets?.length, panel.title).toBeGreaterThan(0);
    }
  });

  it("query only series the services export (or Prometheus makes)", () => {
    for (const expr of queries) {
      const series = seriesIn(expr);
      expect(series.length, expr).toBeGreaterThan(0);
      for (const name of series) expect(QUERYABLE_SERIES, `${name} in ${expr}`).toContain(name);
    }
  });

  it("show every metric of the contract", () => {
    const used = new Set(queries.flatMap(seriesIn).map((name) => name.replace(/_(bucket|count|sum)$/, "")));
    for (const name of [...METRICS.counters, ...METRICS.gauges, ...METRICS.histograms, ...METRICS.defaults]) {
      expect(used, name).toContain(name);
    }
  });

  it("show p50 and p99 latency per operation", () => {
    const perOperation = (quantile: string) =>
      queries.some((expr) =>
        new RegExp(`histogram_quantile\\(${quantile}, sum by \\([^)]*operation_name[^)]*\\) \\(rate\\(graphql_request_duration_seconds_bucket`).test(expr),
      );
    expect(perOperation("0\\.5")).toBe(true);
    expect(perOperation("0\\.99")).toBe(true);
  });

  it("are explained in docs/observability.md, panel by panel", () => {
    const observability = read("docs/observability.md");
    for (const panel of graphs) expect(observability, panel.title).toContain(panel.title);
  });
});
