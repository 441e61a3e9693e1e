package dev.vigil.logindex.store;

import org.apache.lucene.analysis.Analyzer;

/**
 * The analyzer of the line field ({@link LineTokenizer}, case-exact, document format 2) and of the
 * body field of format-1 documents, described here: {@link LogTokens} tokens and their parts,
 * lower-cased. At index time a token is followed by its parts at the same position, so {@code
 * orders} finds {@code /api/orders/42}; a query takes the whole tokens only ({@link #forQueries}),
 * because parts at one position would make the query parser OR them and {@code "/cart/43"} would
 * find {@code /cart/42}.
 */
public final class LogAnalyzer extends Analyzer {
  private final boolean parts;
  private final boolean pack;

  /** The index-time analyzer of documents of formats 1 and 2. */
  public LogAnalyzer() {
    this(true, false);
  }

  private LogAnalyzer(boolean parts, boolean pack) {
    super(PER_FIELD_REUSE_STRATEGY); // the body and line fields tokenize differently
    this.parts = parts;
    this.pack = pack;
  }

  /** The index-time analyzer of format 3: long lower-case hex runs packed ({@link PackedHex}). */
  public static LogAnalyzer formatThree() {
    return new LogAnalyzer(true, true);
  }

  /**
   * The query-time analyzer: whole tokens (and, as indexed, the parts of over-long ones), a long
   * hex token also in its packed form.
   */
  public static LogAnalyzer forQueries() {
    return new LogAnalyzer(false, true);
  }

  @Override
  protected TokenStreamComponents createComponents(String fieldName) {
    return new TokenStreamComponents(
        fieldName.equals(LogFields.LINE)
            ? new LineTokenizer(parts, pack)
            : new LogTokenizer(parts));
  }
}
