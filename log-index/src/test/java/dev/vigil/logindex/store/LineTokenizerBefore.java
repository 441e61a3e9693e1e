package dev.vigil.logindex.store;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.tokenattributes.BytesTermAttribute;
import org.apache.lucene.analysis.tokenattributes.OffsetAttribute;
import org.apache.lucene.analysis.tokenattributes.PositionIncrementAttribute;
import org.apache.lucene.util.BytesRef;

/**
 * The line tokenizer as it was before 2026-12-07 (commit 6fe41df), term for term: the reference
 * {@link LineTokenizerEquivalenceTest} holds the faster {@link LineTokenizer} to, so the index
 * terms of a line never change.
 */
final class LineTokenizerBefore extends Tokenizer {
  // Bytes, not characters: packed hex runs (PackedHex) are no UTF-8.
  private final BytesTermAttribute term = addAttribute(BytesTermAttribute.class);
  private final OffsetAttribute offset = addAttribute(OffsetAttribute.class);
  private final PositionIncrementAttribute posInc = addAttribute(PositionIncrementAttribute.class);
  private final boolean index;
  private final boolean pack;
  private final StringBuilder text = new StringBuilder();
  private final List<BytesRef> terms = new ArrayList<>();
  private final List<int[]> meta = new ArrayList<>(); // {posInc, start, end}
  private int next;

  /**
   * @param index index-time terms (case-exact, with runs) rather than query-time ones
   * @param pack long lower-case hex runs as {@link PackedHex} terms (document format 3); query-time
   *     tokens get that form besides the text one, so either kind of segment answers
   */
  LineTokenizerBefore(boolean index, boolean pack) {
    this.index = index;
    this.pack = pack;
  }

  @Override
  public boolean incrementToken() {
    if (next >= terms.size()) {
      return false;
    }
    clearAttributes();
    int[] m = meta.get(next);
    term.setBytesRef(terms.get(next));
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
            emit(start, end);
            if (index && LogTokens.termClass(text, start, end) == LogTokens.COMPOSITE) {
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
        emit(s, i);
      }
    }
  }

  /** A whole token or run: its class term, and its lowered form when that differs. */
  private void emit(int start, int end) {
    String exact = text.substring(start, end);
    String lower = LogTokens.lower(text, start, end);
    if (index && pack && PackedHex.packable(exact, 0, exact.length())) {
      add(PackedHex.term(exact, 0, exact.length()), start, end); // no upper case: nothing lowered
      return;
    }
    char cls = LogTokens.termClass(text, start, end);
    add(cls + (index ? exact : lower), start, end);
    if (!index || !lower.equals(exact)) {
      add(LogTokens.LOWERED + lower, start, end);
    }
    if (!index && pack && PackedHex.packable(lower, 0, lower.length())) {
      add(PackedHex.term(lower, 0, lower.length()), start, end);
    }
  }

  private void add(String t, int start, int end) {
    add(new BytesRef(t), start, end);
  }

  private void add(BytesRef t, int start, int end) {
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
