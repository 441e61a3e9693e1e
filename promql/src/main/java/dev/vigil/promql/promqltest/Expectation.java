package dev.vigil.promql.promqltest;

/**
 * An {@code expect} line, or the modifier of the older {@code eval_fail}/{@code eval_warn}/{@code
 * eval_info}/{@code eval_ordered} forms.
 *
 * @param kind what is expected
 * @param match how {@code text} is compared with the error or annotation, if at all
 * @param text the message or regular expression; empty when {@code match} is {@link Match#ANY}
 */
public record Expectation(Kind kind, Match match, String text) {

  /** What the evaluation must (or must not) produce. */
  public enum Kind {
    FAIL,
    ORDERED,
    WARN,
    NO_WARN,
    INFO,
    NO_INFO
  }

  /** How the message is checked. */
  public enum Match {
    ANY,
    MESSAGE,
    REGEX
  }

  public static Expectation of(Kind kind) {
    return new Expectation(kind, Match.ANY, "");
  }
}
