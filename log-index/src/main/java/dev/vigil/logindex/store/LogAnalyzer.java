package dev.vigil.logindex.store;

import org.apache.lucene.analysis.Analyzer;

/** The body field's analyzer: {@link LogTokens} tokens and their parts, lower-cased. */
public final class LogAnalyzer extends Analyzer {
  @Override
  protected TokenStreamComponents createComponents(String fieldName) {
    return new TokenStreamComponents(new LogTokenizer());
  }
}
