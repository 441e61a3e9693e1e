package dev.vigil.logindex.store;

import org.apache.lucene.index.Term;
import org.apache.lucene.search.AutomatonQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.automaton.Automaton;
import org.apache.lucene.util.automaton.Operations;

/**
 * Long lower-case hexadecimal runs (trace ids, session ids, hashes) as line terms of half their
 * length, document format 3: two digits to a byte, behind a class byte that says whether the last
 * byte holds one digit ({@link #ODD}, its low half zero) or two ({@link #EVEN}). Such runs are
 * nearly all unique, so each costs its length in the term dictionary; they were half of the line's
 * term bytes. A pattern over the digits (a needle inside a run, a plain-search wildcard) becomes an
 * automaton over the packed bytes ({@link #matching}), so what a packed run answers is exactly what
 * its digits would.
 */
public final class PackedHex {
  /**
   * Runs shorter than this stay text: numbers and short ids repeat, and repeated terms are cheap.
   */
  public static final int MIN_DIGITS = 16;

  public static final byte EVEN = 'p';
  public static final byte ODD = 'q';

  private static final char[] DIGITS = "0123456789abcdef".toCharArray();

  private PackedHex() {}

  /** Whether {@code s[start, end)} is packed when indexed: long enough, digits and a–f only. */
  public static boolean packable(CharSequence s, int start, int end) {
    if (end - start < MIN_DIGITS) {
      return false;
    }
    for (int i = start; i < end; i++) {
      if (nibble(s.charAt(i)) < 0) {
        return false;
      }
    }
    return true;
  }

  /** The term of a {@link #packable} run. */
  public static BytesRef term(CharSequence s, int start, int end) {
    int n = end - start;
    byte[] b = new byte[1 + (n + 1) / 2];
    b[0] = n % 2 == 0 ? EVEN : ODD;
    for (int i = 0; i < n; i++) {
      int v = nibble(s.charAt(start + i));
      b[1 + i / 2] |= (byte) (i % 2 == 0 ? v << 4 : v);
    }
    return new BytesRef(b);
  }

  /**
   * Writes the {@link #term} of the {@link #packable} run {@code s[start, end)} into {@code out} at
   * {@code at}: its {@code 1 + (end - start + 1) / 2} bytes, for a tokenizer that keeps every term
   * of a line in one buffer.
   */
  static void pack(char[] s, int start, int end, byte[] out, int at) {
    int n = end - start;
    out[at] = n % 2 == 0 ? EVEN : ODD;
    for (int i = 0; i + 1 < n; i += 2) {
      out[at + 1 + i / 2] = (byte) (nibble(s[start + i]) << 4 | nibble(s[start + i + 1]));
    }
    if (n % 2 != 0) {
      out[at + 1 + n / 2] = (byte) (nibble(s[end - 1]) << 4);
    }
  }

  /**
   * The packed runs whose digits {@code digits} (an automaton over characters) accepts, or null
   * when it accepts no string of lower-case hex digits at all.
   */
  public static Query matching(String field, Automaton digits) {
    Automaton d = Operations.determinize(digits, Operations.DEFAULT_DETERMINIZE_WORK_LIMIT);
    int n = d.getNumStates();
    Automaton.Builder b = new Automaton.Builder();
    int start = b.createState();
    int even = b.createState();
    for (int i = 1; i < n; i++) {
      b.createState();
    }
    int odd = b.createState();
    for (int i = 1; i < n; i++) {
      b.createState();
    }
    int end = b.createState();
    b.setAccept(end, true);
    b.addTransition(start, even, EVEN);
    b.addTransition(start, odd, ODD);
    for (int s = 0; s < n; s++) {
      b.setAccept(even + s, d.isAccept(s));
      for (int v = 0; v < 256; v++) {
        int half = d.step(s, DIGITS[v >> 4]);
        if (half < 0) {
          continue;
        }
        // An odd run's last byte: its low half is padding, not a digit, and nothing follows it.
        if ((v & 15) == 0 && d.isAccept(half)) {
          b.addTransition(odd + s, end, v);
        }
        int full = d.step(half, DIGITS[v & 15]);
        if (full >= 0) {
          b.addTransition(even + s, even + full, v);
          b.addTransition(odd + s, odd + full, v);
        }
      }
    }
    Automaton packed =
        Operations.determinize(b.finish(), Operations.DEFAULT_DETERMINIZE_WORK_LIMIT);
    if (Operations.isEmpty(packed)) {
      return null;
    }
    return new AutomatonQuery(new Term(field, new BytesRef(new byte[] {EVEN})), packed, true);
  }

  private static int nibble(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
  }
}
