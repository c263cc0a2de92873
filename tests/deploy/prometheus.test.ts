// deploy/prometheus: the compose scrape configuration and the alerting rules, checked by
// promtool itself (Debian package `prometheus`; .ci/run installs it) and against the services.
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { read, root, scrapeTargets, services } from "./support/compose.ts";
import { METRICS_PORTS, QUERYABLE_SERIES, SERVICES } from "./support/contracts.ts";
import { seriesIn } from "./support/promql.ts";

function promtool(...args: string[]) {
  const result = spawnSync("promtool", args, { cwd: root, encoding: "utf8" });
  if (result.error && (result.error as NodeJS.ErrnoException).code === "ENOENT") {
    throw new Error("promtool is not installed: `apt-get install -y prometheus` (Debian) provides it; .ci/run installs it when missing");
  }
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

interface Rule {
  alert: string;
  expr: string;
  for?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}
const rules = (parse(read("deploy/prometheus/alerts.yml")) as { groups: { rules: Rule[] }[] }).groups.flatMap((group) => group.rules);
const ruleTests = (
  parse(read("deploy/prometheus/alerts.test.yml")) as { tests: { alert_rule_test: { alertname: string; exp_alerts: unknown[] }[] }[] }
).tests.flatMap((test) => test.alert_rule_test);

describe("promtool", () => {
  it("accepts the compose Prometheus configuration", () => {
    const { status, output } = promtool("check", "config", "deploy/prometheus/prometheus.yml");
    expect(status, output).toBe(0);
  });

  it("accepts the alerting rules", () => {
    const { status, output } = promtool("check", "rules", "deploy/prometheus/alerts.yml");
    expect(status, output).toBe(0);
    expect(output).toContain(`${rules.length} rules found`);
  });

  it("passes the alerts' unit tests", () => {
    const { status, output } = promtool("test", "rules", "deploy/prometheus/alerts.test.yml");
    expect(status, output).toBe(0);
    expect(output).toContain("SUCCESS");
  });
});

describe("deploy/prometheus/prometheus.yml", () => {
  it("scrapes every service on its compose metrics port, labelled with its name", () => {
    const expected = Object.fromEntries(
      SERVICES.map((name) => [name, `${name}:${services[name]!.environment![`${name.toUpperCase()}_METRICS_PORT`]}`]),
    );
    expect(scrapeTargets()).toEqual(expected);
    expect(expected.gateway).toBe(`gateway:${METRICS_PORTS.gateway}`);
    // The services' own `service` label is kept; the target's only names `up` and friends.
    const config = parse(read("deploy/prometheus/prometheus.yml")) as { scrape_configs: { job_name: string; honor_labels?: boolean }[] };
    expect(config.scrape_configs.find((scrape) => scrape.job_name === "shop")?.honor_labels).toBe(true);
  });

  it("is what the compose prometheus loads, with its rule file beside it", () => {
    const config = parse(read("deploy/prometheus/prometheus.yml")) as { rule_files: string[] };
    expect(config.rule_files).toEqual(["alerts.yml"]);
    expect(services.prometheus!.volumes).toEqual(
      expect.arrayContaining([
        "./deploy/prometheus/prometheus.yml:/etc/prometheus/prometheus.yml:ro",
        "./deploy/prometheus/alerts.yml:/etc/prometheus/alerts.yml:ro",
      ]),
    );
    expect(services.prometheus!.command).toContain("--config.file=/etc/prometheus/prometheus.yml");
  });
});

describe("deploy/prometheus/alerts.yml", () => {
  it("alerts on a service down, a high error ratio, a high p99 latency and a growing outbox backlog", () => {
    expect(rules.map((rule) => rule.alert)).toEqual(
      expect.arrayContaining(["ShopServiceDown", "ShopHighErrorRatio", "ShopHighLatencyP99", "ShopOutboxBacklogGrowing"]),
    );
    const expr = (name: string) => rules.find((rule) => rule.alert === name)!.expr;
    expect(expr("ShopServiceDown")).toMatch(/\bup\b.*== 0/);
    expect(seriesIn(expr("ShopHighErrorRatio")).sort()).toEqual(["graphql_request_errors_total", "graphql_requests_total"]);
    expect(expr("ShopHighLatencyP99")).toMatch(/histogram_quantile\(0\.99,[\s\S]*graphql_request_duration_seconds_bucket/);
    expect(seriesIn(expr("ShopOutboxBacklogGrowing"))).toEqual(["outbox_pending_events"]);
  });

  it("queries only the metrics the services export, and says what is wrong and how bad", () => {
    for (const rule of rules) {
      for (const series of seriesIn(rule.expr)) expect(QUERYABLE_SERIES, `${rule.alert}: ${series}`).toContain(series);
      expect(["warning", "critical"], rule.alert).toContain(rule.labels?.severity);
      expect(rule.annotations?.summary, rule.alert).toBeTruthy();
      expect(rule.annotations?.description, rule.alert).toBeTruthy();
    }
  });

  it("has a unit test in which each alert fires, and one in which it stays silent", () => {
    for (const { alert } of rules) {
      const cases = ruleTests.filter((test) => test.alertname === alert);
      expect(cases.some((test) => test.exp_alerts.length > 0), `${alert} never fires in alerts.test.yml`).toBe(true);
      expect(cases.some((test) => test.exp_alerts.length === 0), `${alert} is never shown silent in alerts.test.yml`).toBe(true);
    }
  });

  it("is explained in docs/observability.md, alert by alert", () => {
    const observability = read("docs/observability.md");
    for (const { alert } of rules) expect(observability, alert).toContain(alert);
  });
});
