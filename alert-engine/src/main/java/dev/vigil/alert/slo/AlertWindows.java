package dev.vigil.alert.slo;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;

/**
 * The four window pairs of an SLO period, as in Sloth's {@code AlertWindows} files: two for the
 * page alert (quick and slow), two for the ticket alert.
 */
public record AlertWindows(
    Duration period,
    BurnWindow pageQuick,
    BurnWindow pageSlow,
    BurnWindow ticketQuick,
    BurnWindow ticketSlow) {

  public AlertWindows {
    Objects.requireNonNull(period, "period");
    Objects.requireNonNull(pageQuick, "pageQuick");
    Objects.requireNonNull(pageSlow, "pageSlow");
    Objects.requireNonNull(ticketQuick, "ticketQuick");
    Objects.requireNonNull(ticketSlow, "ticketSlow");
  }

  /**
   * The SRE Workbook's recommendation for any period: page on 2 % of the budget spent in 1 h (5 m
   * short window) or 5 % in 6 h (30 m), ticket on 10 % in 1 d (2 h) or 10 % in 3 d (6 h). For 30
   * days these are exactly Sloth's defaults, burn rates 14.4, 6, 3 and 1 (the conformance test
   * holds that); other periods get the same shares scaled, where Sloth would need an AlertWindows
   * file.
   */
  public static AlertWindows sreWorkbook(Duration period) {
    return new AlertWindows(
        period,
        new BurnWindow(2, Duration.ofMinutes(5), Duration.ofHours(1)),
        new BurnWindow(5, Duration.ofMinutes(30), Duration.ofHours(6)),
        new BurnWindow(10, Duration.ofHours(2), Duration.ofDays(1)),
        new BurnWindow(10, Duration.ofHours(6), Duration.ofDays(3)));
  }

  /** The quick and the slow pair of one severity. */
  public List<BurnWindow> of(Severity severity) {
    return severity == Severity.PAGE
        ? List.of(pageQuick, pageSlow)
        : List.of(ticketQuick, ticketSlow);
  }

  /** Every distinct window the alerts read, shortest first. */
  public List<Duration> windows() {
    TreeSet<Duration> all = new TreeSet<>();
    for (BurnWindow w : List.of(pageQuick, pageSlow, ticketQuick, ticketSlow)) {
      all.add(w.shortWindow());
      all.add(w.longWindow());
    }
    return new ArrayList<>(all);
  }

  /** The longest window: a budget period shorter than this cannot be alerted on meaningfully. */
  public Duration longest() {
    List<Duration> all = windows();
    return all.get(all.size() - 1);
  }
}
