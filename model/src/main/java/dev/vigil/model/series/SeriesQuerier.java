package dev.vigil.model.series;

import java.util.List;

/**
 * Reads one tenant's series over a fixed time range {@code [minTime, maxTime]} (milliseconds,
 * inclusive) from a consistent snapshot: appends after the querier was opened may or may not be
 * seen, but a querier never sees half of an append. Close it to release what it pins (memory-mapped
 * blocks, chunk references). Not thread-safe, except that the {@link Series} it selected may be
 * read by several threads at once until it is closed, each series by one thread at a time (a query
 * engine splits a selector's series between workers); cheap to open.
 */
public interface SeriesQuerier extends AutoCloseable {

  /**
   * The series matching every matcher, in {@link Labels} order, with their samples restricted to
   * the querier's range. At least one matcher must not match the empty string (as in Prometheus,
   * where a selector must select something specific); otherwise {@link IllegalArgumentException}.
   */
  List<Series> select(List<LabelMatcher> matchers);

  /** Label names of the series matching {@code matchers} (all series when empty), sorted. */
  List<String> labelNames(List<LabelMatcher> matchers);

  /** Values of {@code name} in the series matching {@code matchers} (all when empty), sorted. */
  List<String> labelValues(String name, List<LabelMatcher> matchers);

  @Override
  void close();
}
