package dev.vigil.model.series;

import dev.vigil.model.Tenant;
import java.util.List;

/**
 * Reads exemplars, as Prometheus' {@code /api/v1/query_exemplars} does: every series matching any
 * of the selectors, with its exemplars in {@code [minTime, maxTime]} ms. Implemented by stores
 * whose appenders accept {@link SeriesAppender#appendExemplar}; thread-safe.
 */
public interface ExemplarStore {
  /**
   * The tenant's series with at least one exemplar in range that match every matcher of at least
   * one selector, in {@link Labels} order, each with its exemplars oldest first.
   *
   * @throws IllegalArgumentException when a selector has no matcher that fails on the empty string
   */
  List<SeriesExemplars> exemplars(
      Tenant tenant, long minTime, long maxTime, List<List<LabelMatcher>> selectors);

  /** Checks a selector the way {@link SeriesQuerier#select} does. */
  static void checkSelector(List<LabelMatcher> matchers) {
    if (matchers.stream().allMatch(LabelMatcher::matchesEmpty)) {
      throw new IllegalArgumentException(
          "a selector needs at least one matcher that does not match the empty string");
    }
  }
}
