package dev.vigil.collector.otlp;

import java.util.ArrayList;
import java.util.List;

/**
 * Items (spans, log records, data points) refused from an otherwise accepted request, with the
 * reasons, for OTLP's {@code partial_success}. Keeps the count exactly and the first few reasons
 * verbatim so a message stays short however much is refused. Not thread-safe: one per request.
 */
public final class Rejections {
  static final int MAX_REASONS = 5;

  private long count;
  private final List<String> reasons = new ArrayList<>(2);

  /** Records that {@code items} items were refused for {@code reason}. */
  public void reject(long items, String reason) {
    if (items <= 0) {
      return;
    }
    count += items;
    if (reasons.size() < MAX_REASONS) {
      reasons.add(reason);
    }
  }

  public long count() {
    return count;
  }

  public boolean isEmpty() {
    return count == 0;
  }

  /** The first reasons joined, or "" when nothing was refused. */
  public String message() {
    if (reasons.isEmpty()) {
      return "";
    }
    String joined = String.join("; ", reasons);
    return count > reasons.size() && reasons.size() == MAX_REASONS
        ? joined + "; (only the first " + MAX_REASONS + " reasons are listed)"
        : joined;
  }
}
