package dev.vigil.promql.ast;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * PromQL string literals follow Go's quoting rules. This class quotes the way Go's {@code
 * strconv.Quote} does (the printer's canonical form) and unquotes the bodies of single- and
 * double-quoted literals.
 *
 * <p>Java strings cannot hold bytes that are not UTF-8: a {@code \xff} escape that leaves invalid
 * UTF-8 behind decodes to U+FFFD, where Prometheus keeps the raw byte.
 */
public final class GoQuote {

  private GoQuote() {}

  /** Renders {@code s} as a double-quoted Go string literal. */
  public static String quote(String s) {
    StringBuilder out = new StringBuilder(s.length() + 2).append('"');
    s.codePoints().forEach(cp -> appendQuoted(out, cp, '"'));
    return out.append('"').toString();
  }

  /** Renders {@code cp} as a single-quoted Go rune literal, as Go's {@code strconv.QuoteRune}. */
  public static String quoteRune(int cp) {
    StringBuilder out = new StringBuilder(8).append('\'');
    appendQuoted(out, cp, '\'');
    return out.append('\'').toString();
  }

  private static void appendQuoted(StringBuilder out, int cp, char quote) {
    if (cp == quote) {
      out.append('\\').append(quote);
      return;
    }
    switch (cp) {
      case '\\' -> out.append("\\\\");
      case 0x07 -> out.append("\\a");
      case '\b' -> out.append("\\b");
      case '\f' -> out.append("\\f");
      case '\n' -> out.append("\\n");
      case '\r' -> out.append("\\r");
      case '\t' -> out.append("\\t");
      case 0x0b -> out.append("\\v");
      default -> {
        if (isPrintable(cp)) {
          out.appendCodePoint(cp);
        } else if (cp < 0x80) {
          out.append(String.format("\\x%02x", cp));
        } else if (cp < 0x10000) {
          out.append(String.format("\\u%04x", cp));
        } else {
          out.append(String.format("\\U%08x", cp));
        }
      }
    }
  }

  /** Approximates Go's {@code unicode.IsPrint}: graphic characters and the ASCII space. */
  public static boolean isPrintable(int cp) {
    if (cp == ' ') {
      return true;
    }
    return switch (Character.getType(cp)) {
      case Character.CONTROL,
          Character.FORMAT,
          Character.SURROGATE,
          Character.PRIVATE_USE,
          Character.UNASSIGNED,
          Character.LINE_SEPARATOR,
          Character.PARAGRAPH_SEPARATOR,
          Character.SPACE_SEPARATOR ->
          false;
      default -> true;
    };
  }

  /**
   * Decodes the escapes in the body (between the quotes) of a literal quoted with {@code quote}
   * ({@code '"'} or {@code '\''}).
   *
   * @throws InvalidEscapeException naming the offset within {@code body} of the bad escape
   */
  public static String unquote(String body, char quote) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(body.length());
    int i = 0;
    while (i < body.length()) {
      int cp = body.codePointAt(i);
      if (cp != '\\') {
        writeUtf8(bytes, cp);
        i += Character.charCount(cp);
        continue;
      }
      if (i + 1 >= body.length()) {
        throw new InvalidEscapeException(i, "escape sequence not terminated");
      }
      char e = body.charAt(i + 1);
      switch (e) {
        case 'a' -> bytes.write(0x07);
        case 'b' -> bytes.write('\b');
        case 'f' -> bytes.write('\f');
        case 'n' -> bytes.write('\n');
        case 'r' -> bytes.write('\r');
        case 't' -> bytes.write('\t');
        case 'v' -> bytes.write(0x0b);
        case '\\' -> bytes.write('\\');
        case 'x' -> bytes.write(digits(body, i, 2, 16));
        case 'u' -> writeCodePoint(bytes, body, i, 4);
        case 'U' -> writeCodePoint(bytes, body, i, 8);
        case '0', '1', '2', '3', '4', '5', '6', '7' -> {
          int value = digits(body, i - 1, 3, 8);
          if (value > 255) {
            throw new InvalidEscapeException(i, "octal escape value > 255: " + value);
          }
          bytes.write(value);
          i += 4;
          continue;
        }
        default -> {
          if (e != quote) {
            throw new InvalidEscapeException(
                i, "unknown escape sequence " + String.format("U+%04X '%c'", (int) e, e));
          }
          bytes.write(e);
        }
      }
      i +=
          switch (e) {
            case 'x' -> 4;
            case 'u' -> 6;
            case 'U' -> 10;
            default -> 2;
          };
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }

  /** Reads {@code count} digits in {@code radix} starting right after the escape letter. */
  private static int digits(String body, int escapeStart, int count, int radix) {
    int start = escapeStart + 2;
    int value = 0;
    for (int k = start; k < start + count; k++) {
      if (k >= body.length()) {
        throw new InvalidEscapeException(escapeStart, "escape sequence not terminated");
      }
      char c = body.charAt(k);
      int d = Character.digit(c, radix);
      if (d < 0 || c > 0x7f) {
        throw new InvalidEscapeException(
            escapeStart,
            String.format("illegal character U+%04X '%c' in escape sequence", (int) c, c));
      }
      value = value * radix + d;
    }
    return value;
  }

  private static void writeCodePoint(ByteArrayOutputStream bytes, String body, int i, int n) {
    int cp = digits(body, i, n, 16);
    if (cp > Character.MAX_CODE_POINT || (cp >= 0xD800 && cp <= 0xDFFF)) {
      throw new InvalidEscapeException(i, "escape sequence is invalid Unicode code point");
    }
    writeUtf8(bytes, cp);
  }

  private static void writeUtf8(ByteArrayOutputStream bytes, int cp) {
    bytes.writeBytes(new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8));
  }

  /** A malformed escape in a string literal. */
  public static final class InvalidEscapeException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private final int offset;

    InvalidEscapeException(int offset, String message) {
      super(message);
      this.offset = offset;
    }

    /** Offset of the backslash within the literal's body. */
    public int offset() {
      return offset;
    }
  }
}
