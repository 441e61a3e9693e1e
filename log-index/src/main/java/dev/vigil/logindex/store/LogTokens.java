package dev.vigil.logindex.store;

/**
 * How log text splits into tokens, shared by the body analyzer and the line-filter translation so
 * the two can never disagree.
 *
 * <p>A token is a maximal run of characters other than whitespace and the separators {@value
 * #SEPARATORS}, minus trailing {@code .} and {@code :} (sentence ends, "error:"). So paths, dotted
 * names, IPs, host:port, UUIDs, hex ids and {@code key=value}'s value are whole tokens. Each
 * token's parts (split at any character that is not a letter or digit) are indexed too, at the same
 * position, so {@code 10.0.0.1} is findable as a whole and as {@code 10}, {@code 0}, {@code 1}.
 * Every decision is local (it depends only on the characters of the token and its two neighbours),
 * which is what lets a substring of a line be translated to term constraints safely.
 */
public final class LogTokens {
  static final String SEPARATORS = "\"'`,;()[]{}<>=|&?!*#$^+~\\";

  /** Tokens longer than this are not indexed as terms; {@link #LONG_TOKEN} marks their lines. */
  public static final int MAX_TOKEN_CHARS = 255;

  /** An indexed term standing for "this line has a token too long to index". */
  public static final String LONG_TOKEN = "\u0000long";

  /** Receives a token's bounds. */
  public interface Sink {
    void token(int start, int end);
  }

  private LogTokens() {}

  public static boolean isSeparator(char c) {
    return Character.isWhitespace(c) || SEPARATORS.indexOf(c) >= 0;
  }

  /** Calls the sink with each token's [start, end) in order. */
  public static void split(CharSequence s, Sink sink) {
    int n = s.length();
    int i = 0;
    while (i < n) {
      while (i < n && isSeparator(s.charAt(i))) {
        i++;
      }
      int start = i;
      while (i < n && !isSeparator(s.charAt(i))) {
        i++;
      }
      int end = i;
      while (end > start && (s.charAt(end - 1) == '.' || s.charAt(end - 1) == ':')) {
        end--;
      }
      if (end > start) {
        sink.token(start, end);
      }
    }
  }

  /**
   * {@link #split(CharSequence, Sink)} over the first {@code length} characters of an array: what
   * the line tokenizer reads every line into.
   */
  public static void split(char[] s, int length, Sink sink) {
    int i = 0;
    while (i < length) {
      while (i < length && isSeparatorFast(s[i])) {
        i++;
      }
      int start = i;
      while (i < length && !isSeparatorFast(s[i])) {
        i++;
      }
      int end = i;
      while (end > start && (s[end - 1] == '.' || s[end - 1] == ':')) {
        end--;
      }
      if (end > start) {
        sink.token(start, end);
      }
    }
  }

  /** {@link #isSeparator} of every ASCII character, looked up instead of searched. */
  private static final boolean[] ASCII_SEPARATORS = new boolean[128];

  static {
    for (char c = 0; c < 128; c++) {
      ASCII_SEPARATORS[c] = isSeparator(c);
    }
  }

  private static boolean isSeparatorFast(char c) {
    return c < 128 ? ASCII_SEPARATORS[c] : isSeparator(c);
  }

  /** Lower-cases code point by code point: context-free, so a substring's image is a substring. */
  public static String lower(CharSequence s, int start, int end) {
    StringBuilder sb = new StringBuilder(end - start);
    for (int i = start; i < end; ) {
      int cp = Character.codePointAt(s, i);
      sb.appendCodePoint(Character.toLowerCase(cp));
      i += Character.charCount(cp);
    }
    return sb.toString();
  }

  static boolean isPartChar(char c) {
    return Character.isLetterOrDigit(c);
  }

  // ---- term classes of the case-exact line field (document format 2, FORMAT.md)

  /** A run of letters and digits, all of them hexadecimal digits (ids, numbers). */
  public static final char HEX_RUN = 'x';

  /** A run of letters and digits with at least one that is not a hexadecimal digit (words). */
  public static final char WORD_RUN = 'a';

  /**
   * A whole token with other characters than letters and digits (paths, IPs, UUIDs, dotted names).
   */
  public static final char COMPOSITE = 'c';

  /** The lower-cased form of a token or run that has upper-case letters, for plain search. */
  public static final char LOWERED = 'l';

  /** The line field's term standing for "this line has a token too long to index". */
  public static final String LINE_LONG_TOKEN = "mlong";

  /** Whether every character is a letter or digit (so any occurrence lies inside one run). */
  public static boolean isRun(CharSequence s, int start, int end) {
    for (int i = start; i < end; i++) {
      if (!isPartChar(s.charAt(i))) {
        return false;
      }
    }
    return end > start;
  }

  /** Whether every character is an ASCII hexadecimal digit, in either case. */
  public static boolean isHex(CharSequence s, int start, int end) {
    for (int i = start; i < end; i++) {
      char c = s.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) {
        return false;
      }
    }
    return true;
  }

  /**
   * The class of a token or run: the first character of its line-field term. Case does not change
   * it, so the lower-cased form of a query token has the class of the token it came from.
   */
  public static char termClass(CharSequence s, int start, int end) {
    if (!isRun(s, start, end)) {
      return COMPOSITE;
    }
    return isHex(s, start, end) ? HEX_RUN : WORD_RUN;
  }
}
