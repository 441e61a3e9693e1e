package dev.vigil.logindex.query;

import dev.vigil.logindex.store.LogAnalyzer;
import dev.vigil.logindex.store.LogFields;
import dev.vigil.logindex.store.LogLine;
import dev.vigil.logindex.store.RecordCodec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.PositionIncrementAttribute;
import org.apache.lucene.analysis.tokenattributes.TermToBytesRefAttribute;
import org.apache.lucene.index.FieldInfo;
import org.apache.lucene.index.IndexOptions;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.ConstantScoreWeight;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.MultiPhraseQuery;
import org.apache.lucene.search.PhraseQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.QueryVisitor;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.ScorerSupplier;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.Weight;
import org.apache.lucene.util.BytesRef;

/**
 * A phrase on the line field that also answers in segments without positions (document format 3):
 * there, its terms select candidates and the phrase is matched on the line's own tokens, with the
 * index's analyzer, as Lucene matches it on indexed positions. Segments with positions run the
 * phrase as it is.
 */
final class LinePhraseQuery extends Query {
  // Only format-3 segments lack positions: their documents were tokenized by this analyzer.
  private static final Analyzer INDEX_ANALYZER = LogAnalyzer.formatThree();

  private final Query phrase;
  private final BytesRef[][] terms;
  private final int[] offsets;
  private final int slop;

  private LinePhraseQuery(Query phrase, BytesRef[][] terms, int[] offsets, int slop) {
    this.phrase = phrase;
    this.terms = terms;
    this.offsets = offsets;
    this.slop = slop;
  }

  /** {@code q} wrapped when it is a phrase on the line field, else {@code q} itself. */
  static Query of(Query q) {
    if (q instanceof PhraseQuery p && p.getField().equals(LogFields.LINE)) {
      Term[] t = p.getTerms();
      BytesRef[][] terms = new BytesRef[t.length][];
      for (int i = 0; i < t.length; i++) {
        terms[i] = new BytesRef[] {t[i].bytes()};
      }
      return new LinePhraseQuery(q, terms, p.getPositions(), p.getSlop());
    }
    if (q instanceof MultiPhraseQuery p
        && p.getTermArrays().length > 0
        && p.getTermArrays()[0][0].field().equals(LogFields.LINE)) {
      Term[][] t = p.getTermArrays();
      BytesRef[][] terms = new BytesRef[t.length][];
      for (int i = 0; i < t.length; i++) {
        terms[i] = Arrays.stream(t[i]).map(Term::bytes).toArray(BytesRef[]::new);
      }
      return new LinePhraseQuery(q, terms, p.getPositions(), p.getSlop());
    }
    return q;
  }

  @Override
  public Weight createWeight(IndexSearcher searcher, ScoreMode scoreMode, float boost)
      throws IOException {
    Weight positional = searcher.createWeight(searcher.rewrite(phrase), scoreMode, boost);
    BooleanQuery.Builder all = new BooleanQuery.Builder();
    for (BytesRef[] alternatives : terms) {
      BooleanQuery.Builder any = new BooleanQuery.Builder();
      for (BytesRef t : alternatives) {
        any.add(new TermQuery(new Term(LogFields.LINE, t)), Occur.SHOULD);
      }
      all.add(any.build(), Occur.FILTER);
    }
    Query checked =
        new RecordCheckQuery(
            all.build(),
            src -> matches(LogLine.of(RecordCodec.body(src.bytes, src.offset, src.length))),
            phrase.toString());
    Weight onText = searcher.createWeight(searcher.rewrite(checked), scoreMode, boost);
    return new ConstantScoreWeight(this, boost) {
      @Override
      public ScorerSupplier scorerSupplier(LeafReaderContext context) throws IOException {
        FieldInfo line = context.reader().getFieldInfos().fieldInfo(LogFields.LINE);
        if (line == null) {
          return null;
        }
        boolean positions =
            line.getIndexOptions().compareTo(IndexOptions.DOCS_AND_FREQS_AND_POSITIONS) >= 0;
        return (positions ? positional : onText).scorerSupplier(context);
      }

      @Override
      public boolean isCacheable(LeafReaderContext ctx) {
        return false;
      }
    };
  }

  /**
   * Lucene's phrase semantics on the line's tokens: with slop 0, every term at its offset from one
   * start; with slop s, one position per phrase term, each shifted back by its offset, spanning at
   * most s, and phrase terms that share a term at distinct positions (as Lucene keeps repeated
   * terms apart). Exhaustive, where Lucene's sloppy matcher is greedy: a line with repeated terms
   * may match here where it would not there, never the other way round.
   */
  boolean matches(String line) {
    Map<BytesRef, List<Integer>> at = positions(line);
    int n = terms.length;
    int[][] shifted = new int[n][];
    for (int i = 0; i < n; i++) {
      java.util.TreeSet<Integer> ps = new java.util.TreeSet<>();
      for (BytesRef t : terms[i]) {
        ps.addAll(at.getOrDefault(t, List.of()));
      }
      if (ps.isEmpty()) {
        return false;
      }
      int offset = offsets[i];
      shifted[i] = ps.stream().mapToInt(p -> p - offset).toArray();
    }
    if (slop == 0) {
      for (int start : shifted[0]) {
        if (allAt(shifted, start)) {
          return true;
        }
      }
      return false;
    }
    // The span's lowest shifted position is one of the candidates: try each as its start.
    for (int[] candidates : shifted) {
      for (int start : candidates) {
        if (assign(shifted, 0, start, new int[n])) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean allAt(int[][] shifted, int start) {
    for (int[] s : shifted) {
      if (Arrays.binarySearch(s, start) < 0) {
        return false;
      }
    }
    return true;
  }

  /**
   * Picks, for phrase terms i.., shifted positions in [start, start + slop], keeping repeats apart.
   */
  private boolean assign(int[][] shifted, int i, int start, int[] chosen) {
    if (i == shifted.length) {
      return true;
    }
    for (int v : shifted[i]) {
      if (v < start || v > start + slop || clashes(i, v, chosen)) {
        continue;
      }
      chosen[i] = v;
      if (assign(shifted, i + 1, start, chosen)) {
        return true;
      }
    }
    return false;
  }

  private boolean clashes(int i, int v, int[] chosen) {
    for (int j = 0; j < i; j++) {
      if (chosen[j] + offsets[j] == v + offsets[i] && share(terms[i], terms[j])) {
        return true;
      }
    }
    return false;
  }

  private static boolean share(BytesRef[] a, BytesRef[] b) {
    for (BytesRef x : a) {
      for (BytesRef y : b) {
        if (x.equals(y)) {
          return true;
        }
      }
    }
    return false;
  }

  /** The positions of the phrase's terms in the line, tokenized as the index does. */
  private Map<BytesRef, List<Integer>> positions(String line) {
    java.util.Set<BytesRef> wanted = new java.util.HashSet<>();
    for (BytesRef[] alternatives : terms) {
      wanted.addAll(Arrays.asList(alternatives));
    }
    Map<BytesRef, List<Integer>> at = new HashMap<>();
    try (TokenStream ts = INDEX_ANALYZER.tokenStream(LogFields.LINE, line)) {
      TermToBytesRefAttribute term = ts.addAttribute(TermToBytesRefAttribute.class);
      PositionIncrementAttribute inc = ts.addAttribute(PositionIncrementAttribute.class);
      ts.reset();
      int pos = -1;
      while (ts.incrementToken()) {
        pos += inc.getPositionIncrement();
        BytesRef t = term.getBytesRef();
        if (wanted.contains(t)) {
          at.computeIfAbsent(BytesRef.deepCopyOf(t), k -> new ArrayList<>()).add(pos);
        }
      }
      ts.end();
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a StringReader does not fail
    }
    return at;
  }

  @Override
  public void visit(QueryVisitor visitor) {
    phrase.visit(visitor);
  }

  @Override
  public String toString(String field) {
    return phrase.toString(field);
  }

  @Override
  public boolean equals(Object other) {
    return sameClassAs(other) && phrase.equals(((LinePhraseQuery) other).phrase);
  }

  @Override
  public int hashCode() {
    return 31 * classHash() + phrase.hashCode();
  }
}
