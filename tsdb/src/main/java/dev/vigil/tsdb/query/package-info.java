/**
 * Reading across storage layers: a querier that merges the series of several queriers (blocks and
 * the head) by labels and their samples by time, the newer layer winning on equal timestamps. Knows
 * only the {@link dev.vigil.model.series} interfaces.
 */
package dev.vigil.tsdb.query;
