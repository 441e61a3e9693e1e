package dev.vigil.logindex.query;

import dev.vigil.logindex.logql.Stage;
import dev.vigil.logindex.store.LogFields;
import dev.vigil.logindex.store.LogTokens;
import dev.vigil.logindex.store.PackedHex;
import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.FieldExistsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.WildcardQuery;
import org.apache.lucene.util.automaton.Operations;

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

  /**
   * A prefilter for the line filter, or null when none is safe or useful: over documents of format
   * 2 ({@link LogFields#LINE}) and of format 1 ({@link LogFields#BODY}) alike, each matching only
   * the documents that have its field.
   */
  static Query of(Stage.LineFilter f) {
    String needle = substring(f);
    if (needle == null) {
      return null;
    }
    Query line = lineContains(needle);
    if (line == null) {
      return null;
    }
    Query body = contains(needle);
    if (body == null) {
      body = new FieldExistsQuery(LogFields.BODY); // every format-1 document stays a candidate
    }
    return new BooleanQuery.Builder().add(line, Occur.SHOULD).add(body, Occur.SHOULD).build();
  }

  /**
   * The needle of a positive substring test ({@code |=}, or {@code |~} of a literal), else null.
   */
  static String substring(Stage.LineFilter f) {
    return switch (f.op()) {
      case CONTAINS -> f.value();
      case MATCHES -> isLiteral(f.value()) ? f.value() : null;
      case NOT_CONTAINS, NOT_MATCHES -> null;
    };
  }

  /**
   * Whether, in a document of format 2 without the long-token marker, the line contains the needle
   * exactly when the prefilter says so. True for a non-empty needle of token characters that does
   * not end in {@code .} or {@code :}: such a needle occurs in a line only inside one token (tokens
   * are maximal runs of token characters; the trailing dots and colons a token loses are no part of
   * the needle's last character), and every indexed term is a case-exact piece of the line.
   */
  static boolean exact(String needle) {
    if (needle.isEmpty()) {
      return false;
    }
    for (int i = 0; i < needle.length(); i++) {
      if (LogTokens.isSeparator(needle.charAt(i))) {
        return false;
      }
    }
    char last = needle.charAt(needle.length() - 1);
    return last != '.' && last != ':';
  }

  /**
   * Format 2: documents whose line contains the needle, plus those with a token too long to index
   * (to be verified on the text). An exact needle is one condition; others get one per token of the
   * needle, as {@link #contains} does, case-exact.
   */
  static Query lineContains(String needle) {
    if (exact(needle)) {
      return withLongLines(insideToken(needle));
    }
    List<Query> clauses = new ArrayList<>();
    LogTokens.split(
        needle,
        (start, end) -> {
          int rawEnd = end;
          while (rawEnd < needle.length() && !LogTokens.isSeparator(needle.charAt(rawEnd))) {
            rawEnd++;
          }
          if (end - start > LogTokens.MAX_TOKEN_CHARS) {
            return;
          }
          boolean open = start == 0 || rawEnd == needle.length();
          String token = needle.substring(start, end);
          if (!open) {
            char cls = LogTokens.termClass(needle, start, end);
            Query text = new TermQuery(new Term(LogFields.LINE, cls + token));
            clauses.add(
                PackedHex.packable(token, 0, token.length())
                    ? new BooleanQuery.Builder()
                        .add(text, Occur.SHOULD)
                        .add(
                            new TermQuery(
                                new Term(LogFields.LINE, PackedHex.term(token, 0, token.length()))),
                            Occur.SHOULD)
                        .build()
                    : text);
          } else if (token.length() >= MIN_OPEN_TOKEN) {
            clauses.add(withLongLines(insideToken(token)));
          }
        });
    if (clauses.isEmpty()) {
      return null;
    }
    BooleanQuery.Builder b = new BooleanQuery.Builder();
    clauses.forEach(q -> b.add(q, Occur.FILTER));
    return b.build();
  }

  /**
   * Documents with a term containing the needle (which has no separator). A needle of letters and
   * digits lies inside one letter/digit run, indexed on its own ({@code a…}, or {@code x…} when
   * hexadecimal, or a packed run of format 3), so only those terms are scanned, and only the word
   * runs when the needle has a letter beyond {@code f}; any other needle lies inside a composite
   * token ({@code c…}).
   */
  static Query insideToken(String needle) {
    if (!LogTokens.isRun(needle, 0, needle.length())) {
      return wildcardInside(LogTokens.COMPOSITE, needle);
    }
    Query words = wildcardInside(LogTokens.WORD_RUN, needle);
    if (!LogTokens.isHex(needle, 0, needle.length())) {
      return words;
    }
    BooleanQuery.Builder b =
        new BooleanQuery.Builder()
            .add(words, Occur.SHOULD)
            .add(wildcardInside(LogTokens.HEX_RUN, needle), Occur.SHOULD);
    // Format 3 holds long lower-case hex runs packed; an upper-case needle is in none of them.
    Query packed =
        PackedHex.matching(
            LogFields.LINE,
            WildcardQuery.toAutomaton(
                new Term(LogFields.LINE, "*" + needle + "*"),
                Operations.DEFAULT_DETERMINIZE_WORK_LIMIT));
    if (packed != null) {
      b.add(packed, Occur.SHOULD);
    }
    return b.build();
  }

  private static Query wildcardInside(char cls, String needle) {
    // A needle without separators has no '*', '?' or '\\': nothing to escape.
    return new WildcardQuery(new Term(LogFields.LINE, cls + "*" + needle + "*"));
  }

  private static Query withLongLines(Query q) {
    return new BooleanQuery.Builder()
        .add(q, Occur.SHOULD)
        .add(new TermQuery(new Term(LogFields.LINE, LogTokens.LINE_LONG_TOKEN)), Occur.SHOULD)
        .build();
  }

  /** Whether every stage is a line filter whose needle is {@link #exact(String)}. */
  static boolean exact(List<Stage> stages) {
    if (stages.isEmpty()) {
      return false;
    }
    for (Stage s : stages) {
      if (!(s instanceof Stage.LineFilter f)) {
        return false;
      }
      String needle = substring(f);
      if (needle == null || !exact(needle)) {
        return false;
      }
    }
    return true;
  }

  /** Format 1: lower-cased body terms, a superset verified on the text. */
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

  /** A regular expression that is a plain literal is a substring test. */
  private static boolean isLiteral(String regex) {
    for (int i = 0; i < regex.length(); i++) {
      if ("\\^$.|?*+()[]{}".indexOf(regex.charAt(i)) >= 0) {
        return false;
      }
    }
    return true;
  }
}
