package dev.vigil.collector;

import java.time.Duration;

/**
 * Limits a decoded item must respect to be stored. An item over a limit is refused (counted in
 * {@code partial_success} with a reason naming the limit), never truncated silently: a stored value
 * is always the value that was sent.
 *
 * @param maxAttributeKeyLength characters in an attribute key
 * @param maxAttributeValueLength characters of a string value, bytes of a bytes value
 * @param maxAttributesPerItem attributes on one span, event, link, log record, point or resource
 * @param maxAttributeDepth nesting of array and key/value list values (1 = no nesting)
 * @param maxNameLength characters in a metric, span or event name
 * @param maxFutureSkew how far past the receiver's clock a timestamp may lie
 */
public record ValidationLimits(
    int maxAttributeKeyLength,
    int maxAttributeValueLength,
    int maxAttributesPerItem,
    int maxAttributeDepth,
    int maxNameLength,
    Duration maxFutureSkew) {

  public static final ValidationLimits DEFAULT =
      new ValidationLimits(1024, 64 * 1024, 1024, 16, 1024, Duration.ofHours(1));

  public ValidationLimits {
    if (maxAttributeKeyLength < 1
        || maxAttributeValueLength < 1
        || maxAttributesPerItem < 1
        || maxAttributeDepth < 1
        || maxNameLength < 1) {
      throw new IllegalArgumentException("validation limits must be at least 1");
    }
    if (maxFutureSkew.isNegative()) {
      throw new IllegalArgumentException("max future skew must not be negative");
    }
  }
}
