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

  /** The index-time analyzer. */
  public LogAnalyzer() {
    this(true);
  }

  private LogAnalyzer(boolean parts) {
    super(PER_FIELD_REUSE_STRATEGY); // the body and line fields tokenize differently
    this.parts = parts;
  }

  /** The query-time analyzer: whole tokens (and, as indexed, the parts of over-long ones). */
  public static LogAnalyzer forQueries() {
    return new LogAnalyzer(false);
  }

  @Override
  protected TokenStreamComponents createComponents(String fieldName) {
    return new TokenStreamComponents(
        fieldName.equals(LogFields.LINE) ? new LineTokenizer(parts) : new LogTokenizer(parts));
  }
}
