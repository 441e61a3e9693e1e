package dev.vigil.logindex.store;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.OffsetAttribute;
import org.apache.lucene.analysis.tokenattributes.PositionIncrementAttribute;

/**
 * Emits {@link LogTokens} tokens lower-cased, each followed by its parts at the same position.
 * Reads the whole field value first: bodies are bounded by the record-size limit.
 */
final class LogTokenizer extends Tokenizer {
  private final CharTermAttribute term = addAttribute(CharTermAttribute.class);
  private final OffsetAttribute offset = addAttribute(OffsetAttribute.class);
  private final PositionIncrementAttribute posInc = addAttribute(PositionIncrementAttribute.class);
  private final StringBuilder text = new StringBuilder();
  private final List<int[]> tokens = new ArrayList<>();
  private final ArrayDeque<int[]> pending = new ArrayDeque<>();
  private int next;
  private boolean longMarked;
  private final boolean parts;

  LogTokenizer(boolean parts) {
    this.parts = parts;
  }

  @Override
  public boolean incrementToken() throws IOException {
    clearAttributes();
    if (!pending.isEmpty()) {
      int[] part = pending.poll();
      emit(part[0], part[1], 0);
      return true;
    }
    while (next < tokens.size()) {
      int[] t = tokens.get(next++);
      int start = t[0];
      int end = t[1];
      if (end - start > LogTokens.MAX_TOKEN_CHARS) {
        queueParts(start, end);
        if (!longMarked) {
          longMarked = true;
          term.setEmpty().append(LogTokens.LONG_TOKEN);
          offset.setOffset(correctOffset(start), correctOffset(end));
          posInc.setPositionIncrement(1);
          return true;
        }
        if (!pending.isEmpty()) {
          int[] part = pending.poll();
          emit(part[0], part[1], 1);
          return true;
        }
        continue;
      }
      emit(start, end, 1);
      if (parts) {
        queueParts(start, end);
      }
      return true;
    }
    return false;
  }

  private void queueParts(int start, int end) {
    int i = start;
    boolean whole = true;
    List<int[]> parts = new ArrayList<>();
    while (i < end) {
      while (i < end && !LogTokens.isPartChar(text.charAt(i))) {
        i++;
        whole = false;
      }
      int s = i;
      while (i < end && LogTokens.isPartChar(text.charAt(i))) {
        i++;
      }
      if (i > s) {
        if (s != start || i != end) {
          whole = false;
        }
        if (i - s <= LogTokens.MAX_TOKEN_CHARS) {
          parts.add(new int[] {s, i});
        }
      }
    }
    if (!whole) {
      pending.addAll(parts);
    }
  }

  private void emit(int start, int end, int increment) {
    term.setEmpty().append(LogTokens.lower(text, start, end));
    offset.setOffset(correctOffset(start), correctOffset(end));
    posInc.setPositionIncrement(increment);
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
    tokens.clear();
    pending.clear();
    next = 0;
    longMarked = false;
    LogTokens.split(text, (s, e) -> tokens.add(new int[] {s, e}));
  }

  @Override
  public void end() throws IOException {
    super.end();
    int last = correctOffset(text.length());
    offset.setOffset(last, last);
  }
}
