/**
 * The alert engine in the running server: rule files loaded from the rules directory and reloaded
 * when they change, evaluated with the PromQL engine over the tsdb, results written back to it,
 * alerts sent to webhooks and Alertmanager; and the rules, alerts and SLO APIs.
 */
package dev.vigil.server.alerting;
