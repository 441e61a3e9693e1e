package dev.vigil.logindex.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.WildcardQuery;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.util.automaton.Operations;
import org.junit.jupiter.api.Test;

/**
 * A pattern over packed hex runs matches exactly the runs whose digits it matches, for runs of odd
 * and even length: checked against the pattern applied to the digits, over random runs, needles at
 * every offset and wildcards.
 */
class PackedHexTest {
  @Test
  void patternsOverPackedRunsMatchWhatTheyMatchOnTheDigits() throws Exception {
    Random rnd = new Random(7);
    List<String> runs = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      StringBuilder sb = new StringBuilder();
      int n = PackedHex.MIN_DIGITS + rnd.nextInt(20);
      for (int j = 0; j < n; j++) {
        sb.append("0123456789abcdef".charAt(rnd.nextInt(i % 3 == 0 ? 3 : 16)));
      }
      runs.add(sb.toString());
    }
    try (ByteBuffersDirectory dir = new ByteBuffersDirectory()) {
      try (IndexWriter w = new IndexWriter(dir, new IndexWriterConfig())) {
        for (String run : runs) {
          assertThat(PackedHex.packable(run, 0, run.length())).isTrue();
          Document d = new Document();
          d.add(new StringField("f", PackedHex.term(run, 0, run.length()), Field.Store.NO));
          d.add(new StoredField("run", run));
          w.addDocument(d);
        }
      }
      try (DirectoryReader r = DirectoryReader.open(dir)) {
        IndexSearcher s = new IndexSearcher(r);
        List<String> patterns = new ArrayList<>(List.of("*0*", "0*", "*0", "*", "*00*", "a?1*"));
        for (int i = 0; i < 300; i++) {
          String run = runs.get(rnd.nextInt(runs.size()));
          int a = rnd.nextInt(run.length());
          int b = a + 1 + rnd.nextInt(Math.min(8, run.length() - a));
          String piece = run.substring(a, b);
          patterns.add(
              switch (i % 4) {
                case 0 -> "*" + piece + "*";
                case 1 -> piece + "*";
                case 2 -> "*" + piece;
                default -> "*" + piece.charAt(0) + "?" + piece.substring(1) + "*";
              });
        }
        for (String pattern : patterns) {
          String regex = pattern.replace("?", ".").replace("*", ".*");
          Set<String> want = new HashSet<>();
          runs.stream().filter(x -> x.matches(regex)).forEach(want::add);
          Query q =
              PackedHex.matching(
                  "f",
                  WildcardQuery.toAutomaton(
                      new Term("f", pattern), Operations.DEFAULT_DETERMINIZE_WORK_LIMIT));
          Set<String> got = new HashSet<>();
          if (q != null) {
            for (ScoreDoc d : s.search(q, 10_000).scoreDocs) {
              got.add(s.storedFields().document(d.doc).get("run"));
            }
          }
          assertThat(got).as(pattern).isEqualTo(want);
        }
      }
    }
    assertThat(PackedHex.packable("0123456789abcdeF", 0, 16)).as("upper case").isFalse();
    assertThat(PackedHex.packable("0123456789abcde", 0, 15)).as("short").isFalse();
    assertThat(
            PackedHex.matching(
                "f",
                WildcardQuery.toAutomaton(
                    new Term("f", "*xyz*"), Operations.DEFAULT_DETERMINIZE_WORK_LIMIT)))
        .isNull();
  }
}
