package dev.vigil.tracestore;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.model.Tenant;
import dev.vigil.model.TraceId;
import dev.vigil.tracestore.query.Expr;
import dev.vigil.tracestore.query.SpanPredicate;
import dev.vigil.tracestore.query.TraceQlParser;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Random TraceQL queries answered by the Lucene index (everything flushed) must equal the in-memory
 * evaluation over the same spans: the index translation and the reference agree on every operator,
 * type and scope, including != on absent and multi-valued fields.
 */
class SearchEquivalenceTest {
  @TempDir Path dir;

  private static final String[] TEXT_FIELDS = {
    "name",
    "statusMessage",
    "event:name",
    "resource.service.name",
    "span.user.id",
    ".host.name",
    "event.exception.type",
    "span.http.route",
    "span.missing",
    ".service.version",
    "span.http.status_code"
  };
  private static final String[] TEXT_VALUES = {
    "GET /cart",
    "upstream failed",
    "cache.miss",
    "payment",
    "user-7",
    "mailer-7f9c",
    "java.io.IOException",
    "/checkout",
    "x",
    "1.1",
    "500",
    "SELECT inventory",
    "zzz",
    ""
  };
  private static final String[] REGEXES = {
    "GET .*", "user-1[0-9]", ".*-7f9c", "(POST|GET) /.*", "[a-z]+"
  };
  private static final String[] NUMBER_FIELDS = {
    "span.http.status_code",
    "span.sampling.ratio",
    ".http.status_code",
    "span.user.id",
    "span.missing"
  };
  private static final String[] NUMBERS = {"200", "500", "0.25", "0.5", "0", "-1", "1e3"};
  private static final String[] OPS = {"=", "!=", ">", ">=", "<", "<="};

  @Test
  void luceneAgreesWithTheReferenceOnRandomQueries() throws Exception {
    Tenant t = new Tenant("eq");
    List<StoredSpan> spans = new ArrayList<>();
    try (TraceStore store =
        TraceStore.open(
            dir, TraceStoreOptions.defaults().withMaintenanceInterval(Duration.ofHours(1)))) {
      TraceGenerator g = new TraceGenerator(3, 1_700_000_000_000_000_000L);
      for (int i = 0; i < 150; i++) {
        spans.addAll(g.trace());
      }
      store.sink().append(TraceGenerator.batch(t, spans));
      store.flush();
      Random r = new Random(99);
      int nonEmpty = 0;
      for (int i = 0; i < 250; i++) {
        String q = "{ " + expr(r, 0) + " }";
        Expr e = TraceQlParser.parse(q);
        Set<TraceId> expected =
            spans.stream()
                .filter(s -> SpanPredicate.matches(e, s))
                .map(s -> s.span().traceId())
                .collect(Collectors.toSet());
        Set<TraceId> got =
            store.search(t, TraceSearch.traceQl(q, 0, Long.MAX_VALUE, 10_000)).stream()
                .map(TraceSummary::traceId)
                .collect(Collectors.toSet());
        assertThat(got).as(q).isEqualTo(expected);
        nonEmpty += expected.isEmpty() || expected.size() == 150 ? 0 : 1;
      }
      assertThat(nonEmpty).as("queries selecting some but not all traces").isGreaterThan(60);
    }
  }

  private static String expr(Random r, int depth) {
    int k = r.nextInt(depth >= 2 ? 1 : 4);
    return switch (k) {
      case 0 -> condition(r);
      case 1 -> expr(r, depth + 1) + " && " + expr(r, depth + 1);
      case 2 -> expr(r, depth + 1) + " || " + expr(r, depth + 1);
      default -> "(" + expr(r, depth + 1) + ")";
    };
  }

  private static String condition(Random r) {
    return switch (r.nextInt(6)) {
      case 0 -> pick(r, TEXT_FIELDS) + " " + pick(r, OPS) + " \"" + pick(r, TEXT_VALUES) + "\"";
      case 1 ->
          pick(r, TEXT_FIELDS)
              + (r.nextBoolean() ? " =~ " : " !~ ")
              + "\""
              + pick(r, REGEXES)
              + "\"";
      case 2 -> pick(r, NUMBER_FIELDS) + " " + pick(r, OPS) + " " + pick(r, NUMBERS);
      case 3 -> "duration " + pick(r, OPS) + " " + (1 + r.nextInt(900)) + "ms";
      case 4 ->
          r.nextBoolean()
              ? "status"
                  + (r.nextBoolean() ? " = " : " != ")
                  + pick(r, new String[] {"error", "ok", "unset"})
              : "kind"
                  + (r.nextBoolean() ? " = " : " != ")
                  + pick(r, new String[] {"server", "client", "consumer"});
      default -> "span.cache.hit " + (r.nextBoolean() ? "=" : "!=") + " " + r.nextBoolean();
    };
  }

  private static String pick(Random r, String[] a) {
    return a[r.nextInt(a.length)];
  }
}
