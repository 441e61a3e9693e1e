package dev.vigil.logindex.store;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.OffsetAttribute;
import org.apache.lucene.analysis.tokenattributes.PositionIncrementAttribute;

/**
 * The line field's tokens (document format 2): {@link LogTokens} tokens as written, each term
 * prefixed with its class ({@link LogTokens#termClass}), followed at the same position by the
 * letter/digit runs of a composite token and by the {@link LogTokens#LOWERED} form of any of those
 * with upper-case letters. Case-exact terms are what let a {@code |=} needle be answered from the
 * term dictionary without reading the line; the class prefix keeps the terms a needle can be inside
 * together, so a needle of letters scans only the word runs, not the millions of hex ids.
 *
 * <p>At query time (plain search, case-insensitive as before) each whole token becomes its
 * lower-cased class term and its lowered term at one position, which the query parser ORs.
 */
final class LineTokenizer extends Tokenizer {
  private final CharTermAttribute term = addAttribute(CharTermAttribute.class);
  private final OffsetAttribute offset = addAttribute(OffsetAttribute.class);
  private final PositionIncrementAttribute posInc = addAttribute(PositionIncrementAttribute.class);
  private final boolean index;
  private final StringBuilder text = new StringBuilder();
  private final List<String> terms = new ArrayList<>();
  private final List<int[]> meta = new ArrayList<>(); // {posInc, start, end}
  private int next;

  LineTokenizer(boolean index) {
    this.index = index;
  }

  @Override
  public boolean incrementToken() {
    if (next >= terms.size()) {
      return false;
    }
    clearAttributes();
    int[] m = meta.get(next);
    term.setEmpty().append(terms.get(next));
    posInc.setPositionIncrement(m[0]);
    offset.setOffset(correctOffset(m[1]), correctOffset(m[2]));
    next++;
    return true;
  }

  @Override
  public void reset() throws IOException {
    super.reset();
    text.setLength(0);
    char[] buf = new char[4096];
    int n;
    while ((n = input.read(buf)) > 0) {
      text.append(buf, 0, n);
    }
    terms.clear();
    meta.clear();
    next = 0;
    boolean[] longMarked = {false};
    LogTokens.split(
        text,
        (start, end) -> {
          int before = terms.size();
          if (end - start > LogTokens.MAX_TOKEN_CHARS) {
            if (!longMarked[0]) {
              longMarked[0] = true;
              add(LogTokens.LINE_LONG_TOKEN, start, end);
            }
            runs(start, end);
          } else {
            char cls = LogTokens.termClass(text, start, end);
            String exact = text.substring(start, end);
            String lower = LogTokens.lower(text, start, end);
            add(cls + (index ? exact : lower), start, end);
            if (!index || !lower.equals(exact)) {
              add(LogTokens.LOWERED + lower, start, end);
            }
            if (index && cls == LogTokens.COMPOSITE) {
              runs(start, end);
            }
          }
          if (terms.size() > before) {
            meta.get(before)[0] = 1; // the token's first term advances; the rest share its position
          }
        });
  }

  /** The letter/digit runs of a token (each up to the term limit), as for a whole token. */
  private void runs(int start, int end) {
    int i = start;
    while (i < end) {
      while (i < end && !LogTokens.isPartChar(text.charAt(i))) {
        i++;
      }
      int s = i;
      while (i < end && LogTokens.isPartChar(text.charAt(i))) {
        i++;
      }
      if (i > s && i - s <= LogTokens.MAX_TOKEN_CHARS) {
        String exact = text.substring(s, i);
        String lower = LogTokens.lower(text, s, i);
        char cls = LogTokens.termClass(text, s, i);
        add(cls + (index ? exact : lower), s, i);
        if (!index || !lower.equals(exact)) {
          add(LogTokens.LOWERED + lower, s, i);
        }
      }
    }
  }

  private void add(String t, int start, int end) {
    terms.add(t);
    meta.add(new int[] {0, start, end});
  }

  @Override
  public void end() throws IOException {
    super.end();
    int last = correctOffset(text.length());
    offset.setOffset(last, last);
  }
}
