package dev.vigil.logindex.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.tokenattributes.BytesTermAttribute;
import org.apache.lucene.analysis.tokenattributes.OffsetAttribute;
import org.apache.lucene.analysis.tokenattributes.PositionIncrementAttribute;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The line tokenizer gives, for every line, the very terms (bytes, positions, offsets) it gave
 * before its fast path ({@link LineTokenizerBefore}): existing partitions and queries depend on
 * them. Checked over lines like the benchmark corpus's and over random lines of ASCII, separators,
 * upper case, long hex runs, over-long tokens and non-ASCII text (lone surrogates, letters whose
 * lower case differs, digits outside ASCII), in all four modes, each tokenizer reused across lines
 * as Lucene reuses it.
 */
class LineTokenizerEquivalenceTest {
  private static final String[] PIECES = {
    "a",
    "Z",
    "q",
    "0",
    "9",
    "f",
    "E",
    "abc",
    "ERROR",
    "Deadlock",
    " ",
    " ",
    "  ",
    "\t",
    "\n",
    ".",
    ":",
    "/",
    "-",
    "_",
    "=",
    "\"",
    "{",
    "}",
    "[",
    "]",
    ",",
    "@",
    "%",
    "é",
    "É",
    "İ",
    "ß",
    "Σ",
    "日",
    "😀",
    "\uD800",
    "\uDC00",
    "\u00A0",
    "\u2028",
    "１",
    "Ⅻ",
    "0123456789abcdef",
    "DEADBEEF",
    "0123456789abcdef0",
    "...",
    "::",
    "x.",
    "10.0.3.4:8080"
  };

  @ParameterizedTest(name = "index {0}, pack {1}")
  @CsvSource({"true, true", "true, false", "false, true", "false, false"})
  void sameTermsAsBeforeOnCorpusAndRandomLines(boolean index, boolean pack) throws IOException {
    Tokenizer before = new LineTokenizerBefore(index, pack);
    Tokenizer now = new LineTokenizer(index, pack);
    Random rnd = new Random(index ? (pack ? 1 : 2) : (pack ? 3 : 4));
    List<String> lines = new ArrayList<>(List.of("", " ", "....", "a", "ab:", "x".repeat(300)));
    for (int i = 0; i < 3000; i++) {
      lines.add(corpusLine(rnd));
    }
    for (int i = 0; i < 3000; i++) {
      lines.add(randomLine(rnd));
    }
    for (String line : lines) {
      assertThat(terms(now, line)).as(line).isEqualTo(terms(before, line));
    }
  }

  /** As {@code LogIndexBenchmark}'s corpus writes its bodies: JSON or plain, ids, paths, IPs. */
  private static String corpusLine(Random rnd) {
    String level = List.of("INFO", "DEBUG", "WARN", "ERROR").get(rnd.nextInt(4));
    String path = "/api/v1/orders/" + rnd.nextInt(100_000);
    String trace = HexFormat.of().toHexDigits(rnd.nextLong()) + HexFormat.of().toHexDigits(1L);
    return rnd.nextBoolean()
        ? "{\"ts\":\"2026-11-17T10:00:00Z\",\"level\":\""
            + level.toLowerCase()
            + "\",\"msg\":\"request completed\",\"method\":\"GET\",\"path\":\""
            + path
            + "\",\"status\":"
            + (rnd.nextBoolean() ? 200 : 503)
            + ",\"duration_ms\":"
            + rnd.nextInt(2000)
            + ",\"user_id\":\""
            + UUID.nameUUIDFromBytes(Integer.toString(rnd.nextInt(5000)).getBytes())
            + "\",\"trace_id\":\""
            + trace
            + "\"}"
        : level
            + " [checkout-"
            + rnd.nextInt(8)
            + "] "
            + (rnd.nextBoolean()
                ? "upstream call to 10.0." + rnd.nextInt(8) + ".7:8080 failed: connection reset"
                : "handled " + path + " in 12ms for session " + Long.toHexString(rnd.nextLong()))
            + (rnd.nextInt(10) == 0 ? " deadlock detected" : "");
  }

  private static String randomLine(Random rnd) {
    StringBuilder sb = new StringBuilder();
    int pieces = rnd.nextInt(40);
    for (int i = 0; i < pieces; i++) {
      if (rnd.nextInt(60) == 0) {
        sb.append((rnd.nextBoolean() ? "ab" : "é0").repeat(100 + rnd.nextInt(60))); // over-long
      } else if (rnd.nextInt(4) == 0) {
        // Runs about the packing threshold, of hex digits in either case and letters next to them.
        String digits = rnd.nextBoolean() ? "0123456789abcdef" : "0123456789abcdefgzABCDEFG";
        for (int n = 10 + rnd.nextInt(30); n > 0; n--) {
          sb.append(digits.charAt(rnd.nextInt(digits.length())));
        }
      } else {
        sb.append(PIECES[rnd.nextInt(PIECES.length)]);
      }
    }
    return sb.toString();
  }

  /** Each term as hex bytes, position increment and offsets, then the final offset. */
  private static List<String> terms(Tokenizer t, String line) throws IOException {
    BytesTermAttribute term = t.getAttribute(BytesTermAttribute.class);
    PositionIncrementAttribute posInc = t.getAttribute(PositionIncrementAttribute.class);
    OffsetAttribute offset = t.getAttribute(OffsetAttribute.class);
    List<String> out = new ArrayList<>();
    t.setReader(new StringReader(line));
    t.reset();
    while (t.incrementToken()) {
      var b = term.getBytesRef();
      out.add(
          HexFormat.of().formatHex(b.bytes, b.offset, b.offset + b.length)
              + " +"
              + posInc.getPositionIncrement()
              + " "
              + offset.startOffset()
              + "-"
              + offset.endOffset());
    }
    t.end();
    out.add("end " + offset.startOffset() + "-" + offset.endOffset());
    t.close();
    return out;
  }
}
