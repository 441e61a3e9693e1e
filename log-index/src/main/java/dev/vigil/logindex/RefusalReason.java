package dev.vigil.logindex;

/** Why the index refused records; each is counted in {@link LogIndexStats#refused()}. */
public enum RefusalReason {
  /** The encoded record is larger than {@code maxRecordBytes}. */
  RECORD_TOO_LARGE("record_too_large"),
  /** Resource plus record attributes exceed {@code maxAttributesPerRecord}. */
  TOO_MANY_ATTRIBUTES("too_many_attributes"),
  /** Stamped before the retention window: it would be deleted at once. */
  TOO_OLD("too_old"),
  /** Stamped more than {@code maxFuture} ahead of the clock. */
  TOO_FAR_IN_FUTURE("too_far_in_future"),
  /** The tenant's ingest rate is exceeded: the whole batch is refused, retryably. */
  RATE_LIMITED("rate_limited");

  private final String label;

  RefusalReason(String label) {
    this.label = label;
  }

  /** Lower-case name for metric labels and messages. */
  public String label() {
    return label;
  }
}
