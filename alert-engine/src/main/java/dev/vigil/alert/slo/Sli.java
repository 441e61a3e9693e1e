package dev.vigil.alert.slo;

import dev.vigil.promql.ast.DurationSyntax;
import java.time.Duration;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A service level indicator as a PromQL error ratio over a window. Queries keep Sloth's {@code
 * {{.window}}} placeholder; {@link #errorRatioQuery} fills it, so one SLI yields the 5m, 1h, ...
 * recording rules the alerts compare. A LogQL SLI ({@link LogEvents}) is PromQL too, over the
 * counts its LogQL recordings wrote.
 */
public sealed interface Sli {

  /** Sloth's window placeholder, with the spaces and trim markers Go templates allow. */
  Pattern WINDOW = Pattern.compile("\\{\\{-?\\s*\\.window\\s*-?}}");

  /** The PromQL error ratio (0 = all good, 1 = all bad) over {@code window}. */
  String errorRatioQuery(String window);

  /** Fills every {@code {{.window}}} of {@code template} with {@code window}. */
  static String render(String template, String window) {
    return WINDOW.matcher(template).replaceAll(Matcher.quoteReplacement(window));
  }

  /** Sloth's {@code sli.events}: bad events over all events. */
  record Events(String errorQuery, String totalQuery) implements Sli {
    public Events {
      Objects.requireNonNull(errorQuery, "errorQuery");
      Objects.requireNonNull(totalQuery, "totalQuery");
    }

    @Override
    public String errorRatioQuery(String window) {
      return "(" + render(errorQuery, window) + ")\n/\n(" + render(totalQuery, window) + ")";
    }
  }

  /**
   * Event counts from LogQL metric queries over the log index ({@code query_language: logql}).
   * Vigil's LogQL has no binary operators, and the maintenance exclusion and every later rule are
   * PromQL over the tsdb, so each window's counts are first recorded into the tsdb by LogQL
   * recording rules ({@link #COUNT_METRIC}, {@link #GOOD_METRIC}, {@link #TOTAL_METRIC} with {@code
   * sloth_window}), and the error ratio is PromQL over those series. A window without a matching
   * line has no count series at all (LogQL returns nothing, not 0): it counts as 0 bad (or good)
   * events, as a counter at 0 would.
   *
   * @param countQuery bad events, or good events when {@code countsGood}
   * @param sloId the {@code sloth_id} whose recorded counts the ratio reads; {@link Slo} sets it
   */
  record LogEvents(String countQuery, String totalQuery, boolean countsGood, String sloId)
      implements Sli {
    /** The recorded bad-event count per window. */
    public static final String COUNT_METRIC = "slo:sli_error_events:logql";

    /** The recorded good-event count per window (OpenSLO's {@code good}). */
    public static final String GOOD_METRIC = "slo:sli_good_events:logql";

    /** The recorded event total per window. */
    public static final String TOTAL_METRIC = "slo:sli_total_events:logql";

    public LogEvents {
      Objects.requireNonNull(countQuery, "countQuery");
      Objects.requireNonNull(totalQuery, "totalQuery");
      Objects.requireNonNull(sloId, "sloId");
    }

    /** Before the SLO is known; {@link Slo} binds it. */
    public LogEvents(String countQuery, String totalQuery, boolean countsGood) {
      this(countQuery, totalQuery, countsGood, "");
    }

    LogEvents forSlo(String id) {
      return new LogEvents(countQuery, totalQuery, countsGood, id);
    }

    /** The metric {@link #countQuery} is recorded as. */
    public String countMetric() {
      return countsGood ? GOOD_METRIC : COUNT_METRIC;
    }

    @Override
    public String errorRatioQuery(String window) {
      if (sloId.isEmpty()) {
        throw new IllegalStateException("BUG: a LogQL SLI used outside its SLO");
      }
      String matchers =
          "{sloth_id="
              + dev.vigil.promql.ast.GoQuote.quote(sloId)
              + ", sloth_window="
              + dev.vigil.promql.ast.GoQuote.quote(window)
              + "}";
      String total = TOTAL_METRIC + matchers;
      String counted = "(" + countMetric() + matchers + " or 0 * " + total + ")";
      String ratio = counted + " / " + total;
      return countsGood ? "(1 - (" + ratio + "))" : "(" + ratio + ")";
    }
  }

  /** Sloth's {@code sli.raw}: a query that already is the error ratio. */
  record Raw(String errorRatioQuery) implements Sli {
    public Raw {
      Objects.requireNonNull(errorRatioQuery, "errorRatioQuery");
    }

    @Override
    public String errorRatioQuery(String window) {
      return "(" + render(errorRatioQuery, window) + ")";
    }
  }

  /**
   * OpenSLO's {@code ratioMetric} with {@code good} and {@code total}: one minus the good ratio.
   */
  record GoodOverTotal(String goodQuery, String totalQuery) implements Sli {
    public GoodOverTotal {
      Objects.requireNonNull(goodQuery, "goodQuery");
      Objects.requireNonNull(totalQuery, "totalQuery");
    }

    @Override
    public String errorRatioQuery(String window) {
      return "(1 - ((" + render(goodQuery, window) + ") / (" + render(totalQuery, window) + ")))";
    }
  }

  /**
   * OpenSLO's {@code thresholdMetric}: a gauge whose samples are good when {@code query op value};
   * the error ratio is the share of bad samples in the window, sampled at the rule interval.
   *
   * @param goodOperator the PromQL comparison a good sample satisfies: {@code <, <=, >, >=}
   */
  record Threshold(String query, String goodOperator, double value) implements Sli {
    public Threshold {
      Objects.requireNonNull(query, "query");
      Objects.requireNonNull(goodOperator, "goodOperator");
    }

    @Override
    public String errorRatioQuery(String window) {
      String q = render(query, window);
      String v = SloNumbers.format(value);
      return "(1 - (sum(count_over_time((("
          + q
          + ") "
          + goodOperator
          + " "
          + v
          + ")["
          + window
          + ":])) / sum(count_over_time(("
          + q
          + ")["
          + window
          + ":]))))";
    }
  }

  /**
   * OpenSLO's time-slice budgeting: the window is cut into slices of {@code sliceWindow} and each
   * slice is judged on {@code slice}'s error ratio over it.
   *
   * @param sliceTarget for {@code Timeslices}, the good ratio a slice needs to count as good, and
   *     the error ratio is the share of bad slices; empty for {@code RatioTimeslices}, where the
   *     error ratio is the average of the slices' error ratios
   */
  record Timesliced(Sli slice, Duration sliceWindow, OptionalDouble sliceTarget) implements Sli {
    public Timesliced {
      Objects.requireNonNull(slice, "slice");
      Objects.requireNonNull(sliceWindow, "sliceWindow");
      Objects.requireNonNull(sliceTarget, "sliceTarget");
    }

    @Override
    public String errorRatioQuery(String window) {
      String step = DurationSyntax.format(sliceWindow);
      String sliceError = slice.errorRatioQuery(step);
      String perSlice =
          sliceTarget.isPresent()
              ? "((1 - "
                  + sliceError
                  + ") < bool "
                  + SloNumbers.format(sliceTarget.getAsDouble())
                  + ")"
              : sliceError;
      return "avg_over_time(" + perSlice + "[" + window + ":" + step + "])";
    }
  }
}
