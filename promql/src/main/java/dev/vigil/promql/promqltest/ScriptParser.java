package dev.vigil.promql.promqltest;

import dev.vigil.promql.ast.DurationSyntax;
import dev.vigil.promql.ast.GoQuote;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads promqltest scripts as Prometheus' {@code promqltest} package does: lines are trimmed, a
 * line starting with {@code #} counts as blank, and a blank line ends the block of a {@code load}
 * or {@code eval}. Thread-safe: it holds no state between calls.
 */
public final class ScriptParser {

  private static final Pattern LOAD = Pattern.compile("load(?:_(with_nhcb))?\\s+(.+?)");
  private static final Pattern EVAL_INSTANT =
      Pattern.compile("eval(?:_(fail|warn|ordered|info))?\\s+instant\\s+(?:at\\s+(.+?))?\\s+(.+)");
  private static final Pattern EVAL_RANGE =
      Pattern.compile(
          "eval(?:_(fail|warn|info))?\\s+range\\s+from\\s+(.+)\\s+to\\s+(.+)\\s+step\\s+(.+?)\\s+(.+)");
  private static final Pattern EXPECT =
      Pattern.compile(
          "expect\\s+(ordered|fail|warn|no_warn|info|no_info)(?:\\s+(regex|msg):(.+))?");
  private static final Pattern EXPECT_RANGE_VECTOR =
      Pattern.compile("expect range vector\\s+from\\s+(.+)\\s+to\\s+(.+)\\s+step\\s+(.+)");
  private static final String EXPECT_STRING = "expect string";
  private static final Pattern SCALAR =
      Pattern.compile(
          "[+-]?(?:(?i:inf|infinity|nan)|0[xX][0-9a-fA-F]+|(?:[0-9]+(?:\\.[0-9]*)?|\\.[0-9]+)(?:[eE][+-]?[0-9]+)?)");

  /** Reads the script at {@code path}, naming it by its file name in messages. */
  public TestScript parse(Path path) throws IOException {
    return parse(path.getFileName().toString(), Files.readString(path, StandardCharsets.UTF_8));
  }

  /**
   * Reads a script.
   *
   * @throws ScriptParseException naming the line of the first malformed command
   */
  public TestScript parse(String name, String text) {
    return new Run(name, text).commands();
  }

  /** One pass over one script. */
  private static final class Run {
    private final String name;
    private final String[] raw;
    private final String[] lines;
    private int i;

    Run(String name, String text) {
      this.name = name;
      this.raw = text.split("\n", -1);
      this.lines = new String[raw.length];
      for (int k = 0; k < raw.length; k++) {
        String l = raw[k].strip();
        lines[k] = l.startsWith("#") ? "" : l;
      }
    }

    TestScript commands() {
      List<ScriptCommand> commands = new ArrayList<>();
      for (i = 0; i < lines.length; i++) {
        String l = lines[i];
        if (l.isEmpty()) {
          continue;
        }
        String word = l.split("[\t ]+", 2)[0].toLowerCase(Locale.ROOT);
        if (word.equals("clear")) {
          commands.add(new ClearCommand(i + 1));
        } else if (word.startsWith("load")) {
          commands.add(load());
        } else if (word.startsWith("eval")) {
          commands.add(eval());
        } else {
          throw error(i, "invalid command " + GoQuote.quote(l));
        }
      }
      return new TestScript(name, commands);
    }

    private LoadCommand load() {
      int start = i;
      Matcher m = LOAD.matcher(lines[i]);
      if (!m.matches()) {
        throw error(i, "invalid load command. (load[_with_nhcb] <step:duration>)");
      }
      Duration interval = duration(m.group(2), "step");
      List<SeriesLine> series = new ArrayList<>();
      while (i + 1 < lines.length && !lines[i + 1].isEmpty()) {
        i++;
        series.add(new SeriesLineReader(name, i + 1, lines[i]).read());
      }
      return new LoadCommand(start + 1, interval, "with_nhcb".equals(m.group(1)), series);
    }

    private EvalCommand eval() {
      int start = i;
      String l = lines[i];
      Matcher instant = EVAL_INSTANT.matcher(l);
      Matcher range = EVAL_RANGE.matcher(l);
      boolean isInstant = instant.matches();
      if (!isInstant && !range.matches()) {
        throw error(
            i,
            "invalid evaluation command. Must be either 'eval[_fail|_warn|_ordered] instant [at"
                + " <offset:duration>] <query>' or 'eval[_fail|_warn] range from <from> to <to>"
                + " step <step> <query>'");
      }
      Matcher m = isInstant ? instant : range;
      String modifier = m.group(1);
      String query = isInstant ? m.group(3) : m.group(5);
      Duration from =
          isInstant
              ? duration(m.group(2) == null ? "0" : m.group(2), "timestamp")
              : duration(m.group(2), "from");
      Duration to = isInstant ? from : duration(m.group(3), "to");
      Duration step = isInstant ? Duration.ZERO : duration(m.group(4), "step");
      List<Expectation> expectations = new ArrayList<>();
      if (modifier != null) {
        expectations.add(
            Expectation.of(Expectation.Kind.valueOf(modifier.toUpperCase(Locale.ROOT))));
      }
      ExpectedResult expected = readExpected(expectations, isInstant);
      int column = raw[start].indexOf(query) + 1;
      return new EvalCommand(
          start + 1, query, column, !isInstant, from, to, step, expectations, expected);
    }

    private ExpectedResult readExpected(List<Expectation> expectations, boolean isInstant) {
      List<SeriesLine> series = new ArrayList<>();
      ExpectedResult.RangeWindow window = null;
      String expectedString = null;
      while (i + 1 < lines.length && !lines[i + 1].isEmpty()) {
        i++;
        String l = lines[i];
        if (l.startsWith("expected_fail_message") || l.startsWith("expected_fail_regexp")) {
          boolean regex = l.startsWith("expected_fail_regexp");
          String text =
              l.substring(
                      regex ? "expected_fail_regexp".length() : "expected_fail_message".length())
                  .strip();
          expectations.removeIf(
              e -> e.kind() == Expectation.Kind.FAIL && e.match() == Expectation.Match.ANY);
          expectations.add(
              new Expectation(
                  Expectation.Kind.FAIL,
                  regex ? Expectation.Match.REGEX : Expectation.Match.MESSAGE,
                  text));
          break;
        }
        if (l.startsWith("expect range vector")) {
          Matcher w = EXPECT_RANGE_VECTOR.matcher(l);
          if (!w.matches()) {
            throw error(i, "invalid range vector definition " + GoQuote.quote(l));
          }
          window =
              new ExpectedResult.RangeWindow(
                  duration(w.group(1), "from"),
                  duration(w.group(2), "to"),
                  duration(w.group(3), "step"));
          continue;
        }
        if (l.startsWith(EXPECT_STRING)) {
          expectedString = stringLiteral(l);
          continue;
        }
        if (l.split(" ", 2)[0].equals("expect")) {
          expectations.add(expectation(l));
          continue;
        }
        if (SCALAR.matcher(l).matches()) {
          // As in Prometheus, a scalar result ends the block.
          return new ExpectedResult.Scalar(SeriesLineReader.number(l));
        }
        SeriesLine s = new SeriesLineReader(name, i + 1, l).read();
        if (s.values().size() > 1 && isInstant && window == null) {
          throw error(
              i,
              "expecting multiple values in instant evaluation not allowed. consider using 'expect"
                  + " range vector' directive to enable a range vector result for an instant"
                  + " query");
        }
        series.add(s);
      }
      if (expectedString != null) {
        return new ExpectedResult.StringValue(expectedString);
      }
      return new ExpectedResult.Series(series, window);
    }

    private Expectation expectation(String l) {
      Matcher m = EXPECT.matcher(l);
      if (!m.matches()) {
        throw error(
            i,
            "invalid expect statement, must match `expect <type> <match_type>: <string>` format");
      }
      Expectation.Kind kind = Expectation.Kind.valueOf(m.group(1).toUpperCase(Locale.ROOT));
      if (m.group(2) == null) {
        return Expectation.of(kind);
      }
      Expectation.Match match =
          m.group(2).equals("regex") ? Expectation.Match.REGEX : Expectation.Match.MESSAGE;
      return new Expectation(kind, match, m.group(3).strip());
    }

    private String stringLiteral(String l) {
      String quoted = l.substring(EXPECT_STRING.length()).strip();
      if (quoted.length() >= 2 && quoted.startsWith("`") && quoted.endsWith("`")) {
        return quoted.substring(1, quoted.length() - 1);
      }
      if (quoted.length() >= 2 && quoted.startsWith("\"") && quoted.endsWith("\"")) {
        try {
          return GoQuote.unquote(quoted.substring(1, quoted.length() - 1), '"');
        } catch (IllegalArgumentException e) {
          throw error(i, "expected string literal not valid - " + e.getMessage());
        }
      }
      throw error(i, "expected string literal not valid - a quoted string literal is required");
    }

    private Duration duration(String text, String what) {
      try {
        return DurationSyntax.parse(text.strip());
      } catch (IllegalArgumentException e) {
        throw error(
            i, "invalid " + what + " definition " + GoQuote.quote(text) + ": " + e.getMessage());
      }
    }

    private ScriptParseException error(int lineIndex, String message) {
      return new ScriptParseException(name, lineIndex + 1, message);
    }
  }
}
