package dev.vigil.logindex.query;

import dev.vigil.logindex.logql.Stage;
import dev.vigil.logindex.store.LogFields;
import dev.vigil.logindex.store.LogTokens;
import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.WildcardQuery;

/**
 * Translates a positive line filter into body-term conditions every matching line is sure to meet
 * (a superset; the filter itself is re-checked on the text). The needle is split with the body's
 * own tokenizer: a token with a separator on both sides inside the needle is a whole token of the
 * line too (a term); one touching the needle's start only ends a line token ({@code *tok}); one
 * touching its end only starts one ({@code tok*}); one touching both is inside one ({@code *tok*}).
 * Those open forms also accept the marker of a line with a token too long to index.
 */
final class LineFilterQueries {
  /** Open tokens shorter than this would expand to too many terms to be worth it. */
  static final int MIN_OPEN_TOKEN = 3;

  private LineFilterQueries() {}

  /** A prefilter for the line filter, or null when none is safe or useful. */
  static Query of(Stage.LineFilter f) {
    return switch (f.op()) {
      case CONTAINS -> contains(f.value());
      case MATCHES -> literal(f.value());
      case NOT_CONTAINS, NOT_MATCHES -> null;
    };
  }

  static Query contains(String needle) {
    List<Query> clauses = new ArrayList<>();
    LogTokens.split(
        needle,
        (start, end) -> {
          int rawEnd = end;
          while (rawEnd < needle.length() && !LogTokens.isSeparator(needle.charAt(rawEnd))) {
            rawEnd++; // the trailing . and : that splitting trimmed
          }
          if (end - start > LogTokens.MAX_TOKEN_CHARS) {
            return;
          }
          String term = LogTokens.lower(needle, start, end);
          boolean openLeft = start == 0;
          boolean openRight = rawEnd == needle.length();
          if (!openLeft && !openRight) {
            clauses.add(new TermQuery(new Term(LogFields.BODY, term)));
            return;
          }
          if (term.length() < MIN_OPEN_TOKEN) {
            return;
          }
          String pattern = (openLeft ? "*" : "") + term + (openRight ? "*" : "");
          clauses.add(
              new BooleanQuery.Builder()
                  .add(new WildcardQuery(new Term(LogFields.BODY, pattern)), Occur.SHOULD)
                  .add(new TermQuery(new Term(LogFields.BODY, LogTokens.LONG_TOKEN)), Occur.SHOULD)
                  .build());
        });
    if (clauses.isEmpty()) {
      return null;
    }
    BooleanQuery.Builder b = new BooleanQuery.Builder();
    clauses.forEach(q -> b.add(q, Occur.FILTER));
    return b.build();
  }

  /** A regular expression that is a plain literal is a substring test; others get no prefilter. */
  private static Query literal(String regex) {
    for (int i = 0; i < regex.length(); i++) {
      if ("\\^$.|?*+()[]{}".indexOf(regex.charAt(i)) >= 0) {
        return null;
      }
    }
    return contains(regex);
  }
}
