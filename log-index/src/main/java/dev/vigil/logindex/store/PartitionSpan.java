package dev.vigil.logindex.store;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/**
 * The time span a partition covers, [start, end) in ns since the epoch, UTC-aligned, and the
 * directory name that encodes it: {@code 2026-11-23T14} for an hour, {@code 2026-11-23} for a day.
 * Both kinds may sit side by side (after the granularity option changed); a reader tells them apart
 * by the name's length.
 */
public record PartitionSpan(long startNanos, long endNanos, String name) {
  /** How much time one partition covers. */
  public enum Granularity {
    HOUR(ChronoUnit.HOURS, DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH").withZone(ZoneOffset.UTC)),
    DAY(ChronoUnit.DAYS, DateTimeFormatter.ofPattern("uuuu-MM-dd").withZone(ZoneOffset.UTC));

    private final ChronoUnit unit;
    private final DateTimeFormatter format;

    Granularity(ChronoUnit unit, DateTimeFormatter format) {
      this.unit = unit;
      this.format = format;
    }

    long nanos() {
      return unit.getDuration().toNanos();
    }
  }

  /** The partition of the given granularity that holds {@code timeNanos}. */
  public static PartitionSpan of(Granularity g, long timeNanos) {
    long start = Math.floorDiv(timeNanos, g.nanos()) * g.nanos();
    Instant i = Instant.ofEpochSecond(0, start);
    return new PartitionSpan(start, start + g.nanos(), g.format.format(i));
  }

  /** Parses a directory name; null when it is not a partition's. */
  public static PartitionSpan parse(String name) {
    for (Granularity g : Granularity.values()) {
      try {
        Instant start =
            switch (g) {
              case HOUR -> name.length() == 13 ? Instant.parse(name + ":00:00Z") : null;
              case DAY -> name.length() == 10 ? Instant.parse(name + "T00:00:00Z") : null;
            };
        if (start != null) {
          long s = start.getEpochSecond() * 1_000_000_000L;
          return new PartitionSpan(s, s + g.nanos(), name);
        }
      } catch (DateTimeParseException e) {
        // not this granularity's name
      }
    }
    return null;
  }

  /** Whether [start, end] (inclusive) overlaps this span. */
  public boolean overlaps(long startNanos, long endNanos) {
    return startNanos < this.endNanos && endNanos >= this.startNanos;
  }
}
