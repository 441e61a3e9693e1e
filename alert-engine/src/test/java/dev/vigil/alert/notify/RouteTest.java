package dev.vigil.alert.notify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.alert.eval.GroupTiming;
import dev.vigil.model.series.Labels;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class RouteTest {
  static final GroupTiming DEFAULTS =
      new GroupTiming(
          List.of("alertname"), Duration.ZERO, Duration.ofMinutes(1), Duration.ofHours(4));

  static Route route(List<SilenceMatcher> m, String receiver, boolean cont, Route... children) {
    return new Route(m, receiver, null, null, null, null, cont, List.of(children));
  }

  final Route tree =
      new Route(
          List.of(),
          "default",
          List.of("alertname", "sloth_id"),
          Duration.ofSeconds(10),
          null,
          null,
          false,
          List.of(
              new Route(
                  List.of(SilencesTest.eq("sloth_severity", "page")),
                  "pager",
                  null,
                  null,
                  null,
                  Duration.ofMinutes(30),
                  true,
                  List.of(route(List.of(SilencesTest.eq("team", "db")), "db-pager", false))),
              route(
                  List.of(new SilenceMatcher("sloth_severity", "page|ticket", true, true)),
                  "chat",
                  false),
              route(List.of(), "never", false)));

  @Test
  void firstMatchWinsUnlessItContinuesAndSettingsInherit() {
    List<Route.Match> page = tree.match(Labels.of("sloth_severity", "page"), null, DEFAULTS);
    assertThat(page).extracting(Route.Match::receiver).containsExactly("pager", "chat");
    assertThat(page.get(0).timing().repeatInterval()).isEqualTo(Duration.ofMinutes(30));
    assertThat(page.get(0).timing().groupWait()).isEqualTo(Duration.ofSeconds(10));
    assertThat(page.get(0).timing().groupBy()).containsExactly("alertname", "sloth_id");
    assertThat(page.get(1).timing().repeatInterval()).isEqualTo(Duration.ofHours(4));
    List<Route.Match> db =
        tree.match(Labels.of("sloth_severity", "page", "team", "db"), null, DEFAULTS);
    assertThat(db).extracting(Route.Match::receiver).containsExactly("db-pager", "chat");
    assertThat(db.get(0).timing().repeatInterval()).isEqualTo(Duration.ofMinutes(30));
    assertThat(tree.match(Labels.of("sloth_severity", "ticket"), null, DEFAULTS))
        .extracting(Route.Match::receiver)
        .containsExactly("chat");
    assertThat(tree.match(Labels.of("x", "y"), null, DEFAULTS))
        .extracting(Route.Match::receiver)
        .containsExactly("never");
    assertThat(route(List.of(), "root", false).match(Labels.of("x", "y"), null, DEFAULTS))
        .extracting(Route.Match::receiver)
        .containsExactly("root");
    assertThat(tree.receivers()).containsExactly("default", "pager", "db-pager", "chat", "never");
  }
}
