package dev.vigil.promql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.promql.ast.AggregateExpr;
import dev.vigil.promql.ast.BinaryExpr;
import dev.vigil.promql.ast.Call;
import dev.vigil.promql.ast.Expr;
import dev.vigil.promql.ast.MatrixSelector;
import dev.vigil.promql.ast.ParenExpr;
import dev.vigil.promql.ast.SubqueryExpr;
import dev.vigil.promql.ast.UnaryExpr;
import dev.vigil.promql.promqltest.ClearCommand;
import dev.vigil.promql.promqltest.EvalCommand;
import dev.vigil.promql.promqltest.LoadCommand;
import dev.vigil.promql.promqltest.ScriptParser;
import dev.vigil.promql.promqltest.TestScript;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs every query of Prometheus' promqltest files through the parser: queries the file expects to
 * work must parse and survive a print/parse round trip; for queries the file expects to fail, the
 * outcome is only reported (most of them fail at evaluation, not parsing).
 */
class ConformanceQueriesTest {

  /**
   * Queries we knowingly cannot parse yet, with the reason. Prometheus runs its test files with
   * experimental functions enabled, and so do we, so experimental functions need no entry here.
   */
  private static final Map<String, String> KNOWN_UNSUPPORTED = Map.of();

  /** Lower bounds on the commands per file, so a reader that silently stops early fails. */
  private static final Map<String, int[]> MIN_LOADS_AND_EVALS =
      Map.ofEntries(
          Map.entry("aggregators.test", new int[] {15, 100}),
          Map.entry("collision.test", new int[] {1, 1}),
          Map.entry("functions.test", new int[] {40, 300}),
          Map.entry("histograms.test", new int[] {10, 150}),
          Map.entry("literals.test", new int[] {0, 20}),
          Map.entry("name_label_dropping.test", new int[] {1, 10}),
          Map.entry("native_histograms.test", new int[] {40, 300}),
          Map.entry("range_queries.test", new int[] {5, 10}),
          Map.entry("selectors.test", new int[] {5, 20}),
          Map.entry("staleness.test", new int[] {1, 5}),
          Map.entry("trig_functions.test", new int[] {1, 10}));

  @TestFactory
  Stream<DynamicTest> everyQueryOfEveryFileParses() throws IOException, URISyntaxException {
    Path dir = Path.of(getClass().getResource("/promql/testdata").toURI());
    List<Path> files;
    try (Stream<Path> listing = Files.list(dir)) {
      files = listing.filter(p -> p.toString().endsWith(".test")).sorted().toList();
    }
    assertThat(files)
        .extracting(p -> p.getFileName().toString())
        .containsExactlyInAnyOrderElementsOf(MIN_LOADS_AND_EVALS.keySet());
    return files.stream()
        .map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), () -> check(f)));
  }

  /** The evaluator will ask for the position of any node when it reports a warning. */
  private static void assertEveryNodeHasAPosition(ParsedQuery query, Expr node) {
    PositionRange range = query.positionOf(node);
    assertThat(range.end()).isLessThanOrEqualTo(query.query().length());
    List<Expr> children =
        switch (node) {
          case AggregateExpr a ->
              a.parameter() == null ? List.of(a.expr()) : List.of(a.parameter(), a.expr());
          case BinaryExpr b -> List.of(b.lhs(), b.rhs());
          case Call c -> c.args();
          case ParenExpr p -> List.of(p.expr());
          case UnaryExpr u -> List.of(u.expr());
          case SubqueryExpr sq -> List.of(sq.expr());
          case MatrixSelector m -> List.of(m.selector());
          default -> List.of();
        };
    for (Expr child : children) {
      assertEveryNodeHasAPosition(query, child);
    }
  }

  private void check(Path file) throws IOException {
    String name = file.getFileName().toString();
    TestScript script = new ScriptParser().parse(file);
    long loads = script.count(LoadCommand.class);
    long evals = script.count(EvalCommand.class);
    long clears = script.count(ClearCommand.class);
    int[] min = MIN_LOADS_AND_EVALS.get(name);
    assertThat(loads).as("load commands in %s", name).isGreaterThanOrEqualTo(min[0]);
    assertThat(evals).as("eval commands in %s", name).isGreaterThanOrEqualTo(min[1]);
    // Every eval line of the file must have become a command: nothing skipped silently.
    long evalLines = Files.readAllLines(file).stream().filter(l -> l.startsWith("eval")).count();
    assertThat(evals).as("eval lines of %s", name).isEqualTo(evalLines);

    int parsed = 0;
    int experimentalOnly = 0;
    List<String> expectedFailuresThatParsed = new ArrayList<>();
    List<String> expectedFailuresRejected = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    for (EvalCommand eval : script.evals()) {
      String where = name + ":" + eval.line() + " " + eval.query();
      ParsedQuery query;
      try {
        query = PromQL.parse(eval.query(), ParserOptions.WITH_EXPERIMENTAL_FUNCTIONS);
      } catch (ParseException e) {
        if (eval.expectsFailure()) {
          expectedFailuresRejected.add(where + " -> " + e.getMessage());
        } else if (!KNOWN_UNSUPPORTED.containsKey(eval.query())) {
          problems.add(where + " -> " + e.getMessage());
        }
        continue;
      }
      parsed++;
      if (eval.expectsFailure()) {
        expectedFailuresThatParsed.add(where);
      }
      try {
        PromQL.parse(eval.query());
      } catch (ParseException e) {
        experimentalOnly++;
      }
      assertEveryNodeHasAPosition(query, query.expr());
      String printed = query.expr().toString();
      try {
        Expr again = PromQL.parse(printed, ParserOptions.WITH_EXPERIMENTAL_FUNCTIONS).expr();
        if (!again.equals(query.expr())) {
          problems.add(where + " -> round trip changed the tree: " + printed);
        }
      } catch (ParseException e) {
        problems.add(
            where + " -> printed form does not parse: " + printed + " (" + e.getMessage() + ")");
      }
    }
    System.out.printf(
        "%-26s loads=%3d clears=%3d evals=%4d parsed=%4d (need experimental functions: %d)"
            + " expect-fail: %d parse, %d rejected by parser%n",
        name,
        loads,
        clears,
        evals,
        parsed,
        experimentalOnly,
        expectedFailuresThatParsed.size(),
        expectedFailuresRejected.size());
    expectedFailuresRejected.forEach(
        s -> System.out.println("  expected failure, rejected at parse: " + s));
    assertThat(problems).as("queries of %s", name).isEmpty();
  }
}
