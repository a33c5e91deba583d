/**
 * Grafana: dashboard JSON rendered from a LoadTest or a Dashboard resource ({@link dev.loadlab.operator.grafana.DashboardRenderer},
 * the PromQL it writes, the metric catalog panels may use), and writing it where Grafana imports it (ConfigMaps for the
 * sidecar, grafana-operator {@code GrafanaDashboard}s). Used by both controllers: the LoadTest's generated dashboard
 * ({@code operator.loadtest}) and the Dashboard resource's ({@code operator.dashboard}).
 */
package dev.loadlab.operator.grafana;
