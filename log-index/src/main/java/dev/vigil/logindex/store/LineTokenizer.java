package dev.vigil.logindex.store;

import java.io.IOException;
import java.util.Arrays;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.tokenattributes.BytesTermAttribute;
import org.apache.lucene.analysis.tokenattributes.OffsetAttribute;
import org.apache.lucene.analysis.tokenattributes.PositionIncrementAttribute;
import org.apache.lucene.util.ArrayUtil;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.UnicodeUtil;

/**
 * The line field's tokens (document formats 2 and 3): {@link LogTokens} tokens as written, each
 * term prefixed with its class ({@link LogTokens#termClass}), followed at the same position by the
 * letter/digit runs of a composite token and by the {@link LogTokens#LOWERED} form of any of those
 * with upper-case letters. Case-exact terms are what let a {@code |=} needle be answered from the
 * term dictionary without reading the line; the class prefix keeps the terms a needle can be inside
 * together, so a needle of letters scans only the word runs, not the millions of hex ids.
 *
 * <p>Format 3 writes a run of at least {@value PackedHex#MIN_DIGITS} lower-case hex digits as its
 * {@link PackedHex} term instead of its text.
 *
 * <p>At query time (plain search, case-insensitive as before) each whole token becomes its
 * lower-cased class term, its lowered term and (when it is a long hex run) its packed term at one
 * position, which the query parser ORs.
 *
 * <p>Every line of every record passes through here, so the index-time terms of an ASCII token are
 * written byte by byte into one buffer reused for the whole line, without a string or a {@link
 * BytesRef} per term; any other token (and every query-time one) takes the general path over
 * strings. Both give the same terms ({@code LineTokenizerEquivalenceTest}).
 */
final class LineTokenizer extends Tokenizer {
  // Bytes, not characters: packed hex runs (PackedHex) are no UTF-8.
  private final BytesTermAttribute term = addAttribute(BytesTermAttribute.class);
  private final OffsetAttribute offset = addAttribute(OffsetAttribute.class);
  private final PositionIncrementAttribute posInc = addAttribute(PositionIncrementAttribute.class);
  private final boolean index;
  private final boolean pack;
  private final BytesRef current = new BytesRef();
  private char[] text = new char[512];
  private int length;
  private byte[] bytes = new byte[1024]; // every term of the line, one after another
  private int bytesUsed;
  private int[] termStart = new int[64]; // per term: where its bytes start in bytes
  private int[] meta = new int[64 * 3]; // per term: position increment, start offset, end offset
  private int count;
  private int next;
  private boolean longMarked;

  /**
   * @param index index-time terms (case-exact, with runs) rather than query-time ones
   * @param pack long lower-case hex runs as {@link PackedHex} terms (document format 3); query-time
   *     tokens get that form besides the text one, so either kind of segment answers
   */
  LineTokenizer(boolean index, boolean pack) {
    this.index = index;
    this.pack = pack;
  }

  @Override
  public boolean incrementToken() {
    if (next >= count) {
      return false;
    }
    clearAttributes();
    int end = next + 1 < count ? termStart[next + 1] : bytesUsed;
    current.bytes = bytes;
    current.offset = termStart[next];
    current.length = end - termStart[next];
    term.setBytesRef(current);
    posInc.setPositionIncrement(meta[3 * next]);
    offset.setOffset(correctOffset(meta[3 * next + 1]), correctOffset(meta[3 * next + 2]));
    next++;
    return true;
  }

  @Override
  public void reset() throws IOException {
    super.reset();
    length = 0;
    int n;
    while ((n = input.read(text, length, text.length - length)) > 0) {
      length += n;
      if (length == text.length) {
        text = ArrayUtil.grow(text, length + 1);
      }
    }
    bytesUsed = 0;
    count = 0;
    next = 0;
    longMarked = false;
    LogTokens.split(text, length, this::token);
  }

  private void token(int start, int end) {
    int before = count;
    if (end - start > LogTokens.MAX_TOKEN_CHARS) {
      if (!longMarked) {
        longMarked = true;
        addString(LogTokens.LINE_LONG_TOKEN, start, end);
      }
      runs(start, end);
    } else if (emit(start, end)) {
      runs(start, end);
    }
    if (count > before) {
      meta[3 * before] = 1; // the token's first term advances; the rest share its position
    }
  }

  /** The letter/digit runs of a token (each up to the term limit), as for a whole token. */
  private void runs(int start, int end) {
    int i = start;
    while (i < end) {
      while (i < end && !LogTokens.isPartChar(text[i])) {
        i++;
      }
      int s = i;
      while (i < end && LogTokens.isPartChar(text[i])) {
        i++;
      }
      if (i > s && i - s <= LogTokens.MAX_TOKEN_CHARS) {
        emit(s, i);
      }
    }
  }

  /**
   * A whole token or run: its class term, and its lowered form when that differs. Returns whether
   * it was an index-time composite, whose runs follow it.
   */
  private boolean emit(int start, int end) {
    if (!index) {
      emitGeneral(start, end);
      return false;
    }
    boolean upper = false;
    boolean run = true;
    boolean hex = true;
    boolean lowerHex = true;
    for (int i = start; i < end; i++) {
      char c = text[i];
      if (c >= 0x80) {
        return emitGeneral(start, end);
      }
      boolean digit = c >= '0' && c <= '9';
      boolean lowerLetter = c >= 'a' && c <= 'z';
      boolean upperLetter = c >= 'A' && c <= 'Z';
      upper |= upperLetter;
      run &= digit || lowerLetter || upperLetter;
      lowerHex &= digit || (c >= 'a' && c <= 'f');
      hex &= digit || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }
    if (pack && lowerHex && end - start >= PackedHex.MIN_DIGITS) {
      int n = end - start;
      int at = startTerm(1 + (n + 1) / 2, start, end);
      PackedHex.pack(text, start, end, bytes, at); // no upper case: nothing lowered
      return false;
    }
    char cls = !run ? LogTokens.COMPOSITE : hex ? LogTokens.HEX_RUN : LogTokens.WORD_RUN;
    int at = startTerm(1 + end - start, start, end);
    bytes[at++] = (byte) cls;
    for (int i = start; i < end; i++) {
      bytes[at++] = (byte) text[i];
    }
    if (upper) {
      at = startTerm(1 + end - start, start, end);
      bytes[at++] = (byte) LogTokens.LOWERED;
      for (int i = start; i < end; i++) {
        char c = text[i];
        bytes[at++] = (byte) (c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c);
      }
    }
    return !run;
  }

  /** {@link #emit} for any text, over strings. */
  private boolean emitGeneral(int start, int end) {
    String exact = new String(text, start, end - start);
    String lower = LogTokens.lower(exact, 0, exact.length());
    if (index && pack && PackedHex.packable(exact, 0, exact.length())) {
      addBytes(PackedHex.term(exact, 0, exact.length()), start, end);
      return false;
    }
    char cls = LogTokens.termClass(exact, 0, exact.length());
    addString(cls + (index ? exact : lower), start, end);
    if (!index || !lower.equals(exact)) {
      addString(LogTokens.LOWERED + lower, start, end);
    }
    if (!index && pack && PackedHex.packable(lower, 0, lower.length())) {
      addBytes(PackedHex.term(lower, 0, lower.length()), start, end);
    }
    return index && cls == LogTokens.COMPOSITE;
  }

  private void addString(String t, int start, int end) {
    int at = startTerm(UnicodeUtil.maxUTF8Length(t.length()), start, end);
    // The same UTF-8 as new BytesRef(t), lone surrogates included.
    bytesUsed = UnicodeUtil.UTF16toUTF8(t, 0, t.length(), bytes, at);
  }

  private void addBytes(BytesRef t, int start, int end) {
    int at = startTerm(t.length, start, end);
    System.arraycopy(t.bytes, t.offset, bytes, at, t.length);
  }

  /**
   * Opens a term of at most {@code maxBytes} at the end of the buffer; returns where its bytes go.
   * The term ends where the next begins (or at {@link #bytesUsed}), so a caller writing fewer bytes
   * than it reserved sets {@link #bytesUsed} itself.
   */
  private int startTerm(int maxBytes, int start, int end) {
    if (count == termStart.length) {
      termStart = ArrayUtil.grow(termStart, count + 1);
      meta = Arrays.copyOf(meta, 3 * termStart.length);
    }
    int at = bytesUsed;
    bytes = ArrayUtil.grow(bytes, at + maxBytes);
    termStart[count] = at;
    meta[3 * count] = 0;
    meta[3 * count + 1] = start;
    meta[3 * count + 2] = end;
    count++;
    bytesUsed = at + maxBytes;
    return at;
  }

  @Override
  public void end() throws IOException {
    super.end();
    int last = correctOffset(length);
    offset.setOffset(last, last);
  }
}
