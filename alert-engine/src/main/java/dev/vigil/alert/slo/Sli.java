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
 * recording rules the alerts compare.
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
