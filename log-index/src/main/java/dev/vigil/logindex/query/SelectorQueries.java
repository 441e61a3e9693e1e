package dev.vigil.logindex.query;

import dev.vigil.logindex.store.LogFields;
import dev.vigil.logindex.store.StreamLabels;
import dev.vigil.model.series.LabelMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.MatchNoDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermQuery;

/**
 * Turns a selector's equality matchers into keyword-term conditions (a superset: the selector is
 * checked exactly against each stream's labels afterwards). A resource label may come from several
 * attribute fields ({@code service.name}, {@code service_name}), so it becomes a disjunction over
 * the fields of this index whose sanitized name is the label.
 */
final class SelectorQueries {
  private SelectorQueries() {}

  static List<Query> of(List<LabelMatcher> selector, Set<String> fieldNames) {
    List<Query> queries = new ArrayList<>();
    for (LabelMatcher m : selector) {
      String v = m.value();
      if (m.type() != LabelMatcher.Type.EQUAL
          || v.isEmpty()
          || v.startsWith("[")
          || v.length() >= 1024) {
        continue; // lists and cut values are labelled differently from their keyword terms
      }
      if (m.name().equals(StreamLabels.SEVERITY_TEXT)) {
        queries.add(new TermQuery(new Term(LogFields.SEVERITY_TEXT, v)));
        continue;
      }
      if (m.name().equals(StreamLabels.DETECTED_LEVEL)) {
        queries.add(new TermQuery(new Term(LogFields.DETECTED_LEVEL, v)));
        continue;
      }
      BooleanQuery.Builder any = new BooleanQuery.Builder();
      int fields = 0;
      for (String f : fieldNames) {
        if (f.startsWith(LogFields.RESOURCE_PREFIX)
            && !f.endsWith(LogFields.NUMERIC_SUFFIX)
            && StreamLabels.sanitize(f.substring(LogFields.RESOURCE_PREFIX.length()))
                .equals(m.name())) {
          any.add(new TermQuery(new Term(f, v)), Occur.SHOULD);
          fields++;
        }
      }
      queries.add(
          fields == 0 ? new MatchNoDocsQuery("no field for label " + m.name()) : any.build());
    }
    return queries;
  }
}
