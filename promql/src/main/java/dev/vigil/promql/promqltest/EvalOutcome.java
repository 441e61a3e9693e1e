package dev.vigil.promql.promqltest;

/**
 * What happened to one eval command.
 *
 * @param line the eval's line in its file
 * @param query the query text
 * @param status passed, failed or skipped
 * @param detail for a failure the first difference found; for a skip the reason; else empty
 */
public record EvalOutcome(int line, String query, Status status, String detail) {

  /** The three outcomes. */
  public enum Status {
    PASSED,
    FAILED,
    SKIPPED
  }

  @Override
  public String toString() {
    return "line "
        + line
        + ": "
        + query
        + " -> "
        + status
        + (detail.isEmpty() ? "" : ": " + detail);
  }
}
