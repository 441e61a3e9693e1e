package dev.vigil.logindex.store;

import org.apache.lucene.analysis.Analyzer;

/**
 * The body field's analyzer: {@link LogTokens} tokens and their parts, lower-cased. At index time a
 * token is followed by its parts at the same position, so {@code orders} finds {@code
 * /api/orders/42}; a query takes the whole tokens only ({@link #forQueries}), because parts at one
 * position would make the query parser OR them and {@code "/cart/43"} would find {@code /cart/42}.
 */
public final class LogAnalyzer extends Analyzer {
  private final boolean parts;

  /** The index-time analyzer. */
  public LogAnalyzer() {
    this(true);
  }

  private LogAnalyzer(boolean parts) {
    this.parts = parts;
  }

  /** The query-time analyzer: whole tokens (and, as indexed, the parts of over-long ones). */
  public static LogAnalyzer forQueries() {
    return new LogAnalyzer(false);
  }

  @Override
  protected TokenStreamComponents createComponents(String fieldName) {
    return new TokenStreamComponents(new LogTokenizer(parts));
  }
}
