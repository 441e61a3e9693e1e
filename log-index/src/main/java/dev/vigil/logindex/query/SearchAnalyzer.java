package dev.vigil.logindex.query;

import dev.vigil.logindex.store.LogAnalyzer;
import dev.vigil.logindex.store.LogFields;
import java.io.IOException;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.DelegatingAnalyzerWrapper;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;

/**
 * Query-side analysis for plain search: the body analyzer on {@code body}, every other field is a
 * keyword and taken verbatim (as it was indexed).
 */
final class SearchAnalyzer extends DelegatingAnalyzerWrapper {
  private final Analyzer body = LogAnalyzer.forQueries();
  private final Analyzer keyword =
      new Analyzer() {
        @Override
        protected TokenStreamComponents createComponents(String fieldName) {
          return new TokenStreamComponents(new WholeInput());
        }
      };

  SearchAnalyzer() {
    super(PER_FIELD_REUSE_STRATEGY);
  }

  @Override
  protected Analyzer getWrappedAnalyzer(String fieldName) {
    return fieldName.equals(LogFields.BODY) || fieldName.equals(LogFields.LINE) ? body : keyword;
  }

  /** The whole input as one token. */
  private static final class WholeInput extends Tokenizer {
    private final CharTermAttribute term = addAttribute(CharTermAttribute.class);
    private boolean done;

    @Override
    public boolean incrementToken() throws IOException {
      if (done) {
        return false;
      }
      clearAttributes();
      char[] buf = new char[256];
      int n;
      while ((n = input.read(buf)) > 0) {
        term.append(new String(buf, 0, n));
      }
      done = true;
      return term.length() > 0;
    }

    @Override
    public void reset() throws IOException {
      super.reset();
      done = false;
    }
  }
}
