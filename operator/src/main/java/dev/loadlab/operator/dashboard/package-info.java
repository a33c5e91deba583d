/**
 * The controller of the {@code Dashboard} resource: a user's dashboard, validated and written through
 * {@code operator.grafana}.
 */
package dev.loadlab.operator.dashboard;
