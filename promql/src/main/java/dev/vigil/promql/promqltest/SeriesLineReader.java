package dev.vigil.promql.promqltest;

import dev.vigil.promql.ast.GoQuote;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a series description: a metric ({@code name{label="v"}}, {@code {label="v"}} or a bare
 * name) followed by values in promqltest's expansion syntax. {@code a+bxN} gives N+1 values a, a+b,
 * ..., a+N*b; {@code axN} repeats a N+1 times; {@code _xN} gives N missing steps (not N+1, as in
 * Prometheus).
 */
final class SeriesLineReader {

  private static final String NUMBER =
      "(?:[+-]?(?:(?i:inf|nan)|0[xX][0-9a-fA-F]+|(?:[0-9]+(?:\\.[0-9]*)?|\\.[0-9]+)(?:[eE][+-]?[0-9]+)?))";
  private static final String UNSIGNED =
      "(?:(?i:inf|nan)|(?:[0-9]+(?:\\.[0-9]*)?|\\.[0-9]+)(?:[eE][+-]?[0-9]+)?)";

  /**
   * In an item, "0x59" is 0 repeated: decimals are tried before hexadecimal, as Prometheus does.
   */
  private static final String ITEM_NUMBER =
      "(?:[+-]?(?:(?i:inf|nan)|(?:[0-9]+(?:\\.[0-9]*)?|\\.[0-9]+)(?:[eE][+-]?[0-9]+)?|0[xX][0-9a-fA-F]+))";

  private static final Pattern ITEM =
      Pattern.compile("(" + ITEM_NUMBER + ")(?:([+-])(" + UNSIGNED + ")x([0-9]+)|x([0-9]+))?");
  private static final Pattern BLANK = Pattern.compile("_(?:x([0-9]+))?");
  private static final Pattern METRIC_NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
  private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
  private static final String HISTOGRAM_REASON =
      "native histogram sample values are not supported yet";

  private final String text;
  private final int line;
  private final String scriptName;
  private int pos;

  SeriesLineReader(String scriptName, int line, String text) {
    this.scriptName = scriptName;
    this.line = line;
    this.text = text;
  }

  SeriesLine read() {
    SortedMap<String, String> labels = new TreeMap<>();
    Matcher name = METRIC_NAME.matcher(text);
    if (name.lookingAt()) {
      labels.put("__name__", name.group());
      pos = name.end();
    }
    if (pos < text.length() && text.charAt(pos) == '{') {
      readLabels(labels);
    } else if (labels.isEmpty()) {
      throw error("expected a metric name or \"{\"");
    }
    return new SeriesLine(line, labels, readValues());
  }

  private void readLabels(SortedMap<String, String> labels) {
    pos++; // {
    while (true) {
      skipSpaces();
      if (peek() == '}') {
        pos++;
        return;
      }
      String name;
      if (peek() == '"' || peek() == '\'') {
        name = readQuoted();
      } else {
        Matcher m = LABEL_NAME.matcher(text).region(pos, text.length());
        if (!m.lookingAt()) {
          throw error("expected a label name at column " + (pos + 1));
        }
        name = m.group();
        pos = m.end();
      }
      skipSpaces();
      if (peek() == '=') {
        pos++;
        skipSpaces();
        labels.put(name, readQuoted());
      } else {
        labels.put("__name__", name); // {"metric.name"} alone names the metric
      }
      skipSpaces();
      if (peek() == ',') {
        pos++;
      } else if (peek() != '}') {
        throw error("expected \",\" or \"}\" at column " + (pos + 1));
      }
    }
  }

  private String readQuoted() {
    char quote = peek();
    if (quote != '"' && quote != '\'' && quote != '`') {
      throw error("expected a quoted string at column " + (pos + 1));
    }
    int start = pos + 1;
    int i = start;
    while (i < text.length() && text.charAt(i) != quote) {
      i += (text.charAt(i) == '\\' && quote != '`') ? 2 : 1;
    }
    if (i >= text.length()) {
      throw error("unterminated quoted string");
    }
    pos = i + 1;
    String body = text.substring(start, i);
    try {
      return quote == '`' ? body : GoQuote.unquote(body, quote);
    } catch (IllegalArgumentException e) {
      throw error(e.getMessage());
    }
  }

  private List<SampleValue> readValues() {
    List<SampleValue> values = new ArrayList<>();
    while (true) {
      skipSpaces();
      if (pos >= text.length()) {
        return values;
      }
      if (text.startsWith("{{", pos)) {
        values.add(new SampleValue.Unsupported(readHistogramItem(), HISTOGRAM_REASON));
        continue;
      }
      int end = pos;
      while (end < text.length() && !Character.isWhitespace(text.charAt(end))) {
        end++;
      }
      String item = text.substring(pos, end);
      pos = end;
      expand(item, values);
    }
  }

  /** A histogram item may contain spaces: {@code {{schema:0 sum:5}}+{{sum:1}}x10}. */
  private String readHistogramItem() {
    int start = pos;
    pos = closingOf(pos);
    if (pos < text.length() && (peek() == '+' || peek() == '-') && text.startsWith("{{", pos + 1)) {
      pos = closingOf(pos + 1);
    }
    while (pos < text.length() && !Character.isWhitespace(peek())) {
      pos++; // xN
    }
    return text.substring(start, pos);
  }

  private int closingOf(int open) {
    int close = text.indexOf("}}", open + 2);
    if (close < 0) {
      throw error("unterminated native histogram \"{{\"");
    }
    return close + 2;
  }

  private void expand(String item, List<SampleValue> values) {
    if (item.equals("stale")) {
      values.add(new SampleValue.Stale());
      return;
    }
    Matcher blank = BLANK.matcher(item);
    if (blank.matches()) {
      int times = blank.group(1) == null ? 1 : Integer.parseInt(blank.group(1));
      for (int i = 0; i < times; i++) {
        values.add(new SampleValue.Omitted());
      }
      return;
    }
    Matcher m = ITEM.matcher(item);
    if (!m.matches()) {
      throw error("invalid series value " + GoQuote.quote(item));
    }
    double first = number(m.group(1));
    if (m.group(5) != null) {
      for (int i = 0, n = Integer.parseInt(m.group(5)); i <= n; i++) {
        values.add(new SampleValue.Number(first));
      }
    } else if (m.group(2) != null) {
      double step = number(m.group(3)) * (m.group(2).equals("-") ? -1 : 1);
      int n = Integer.parseInt(m.group(4));
      for (int i = 0; i <= n; i++) {
        // Multiplying rather than summing keeps long runs free of accumulated rounding error.
        values.add(new SampleValue.Number(first + i * step));
      }
    } else {
      values.add(new SampleValue.Number(first));
    }
  }

  /** Parses a number as Go's ParseFloat/ParseInt would, including Inf and NaN in any case. */
  static double number(String s) {
    String lower = s.toLowerCase(Locale.ROOT);
    boolean negative = lower.startsWith("-");
    String unsigned = lower.startsWith("+") || negative ? lower.substring(1) : lower;
    double value;
    if (unsigned.equals("inf") || unsigned.equals("infinity")) {
      value = Double.POSITIVE_INFINITY;
    } else if (unsigned.equals("nan")) {
      value = Double.NaN;
    } else if (unsigned.startsWith("0x")) {
      value = Long.parseLong(unsigned.substring(2), 16);
    } else {
      value = Double.parseDouble(unsigned);
    }
    return negative ? -value : value;
  }

  private char peek() {
    return pos < text.length() ? text.charAt(pos) : '\0';
  }

  private void skipSpaces() {
    while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
      pos++;
    }
  }

  private ScriptParseException error(String message) {
    return new ScriptParseException(
        scriptName, line, message + " in series " + GoQuote.quote(text));
  }
}
