package dev.vigil.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.alert.notify.Route;
import dev.vigil.model.series.Labels;
import dev.vigil.server.alerting.AlertingConfig;
import java.io.StringReader;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The {@code rules:} section of vigil.yml: receivers, route tree, inhibit rules, strictly read. */
class RulesConfigTest {
  static AlertingConfig parse(String yaml) throws ConfigException {
    return VigilConfigFile.parse(new StringReader(yaml), "vigil.yml").alerting();
  }

  static final String ROUTED =
      """
      rules:
        webhooks:
          - {name: pager, url: "http://127.0.0.1:9000/page"}
          - {name: tickets, url: "http://127.0.0.1:9000/ticket"}
        group-by: [alertname]
        group-wait: 10s
        group-interval: 1m
        repeat-interval: 2h
        route:
          receiver: tickets
          routes:
            - matchers: ['sloth_severity="page"', 'team=~"db|web"']
              receiver: pager
              repeat-interval: 15m
              continue: true
            - matchers: ["sloth_severity!~page"]
              group-by: [sloth_id]
        inhibit-rules:
          - source-matchers: ['severity="critical"']
            target-matchers: ['severity="warning"']
            equal: [service]
      """;

  @Test
  void routesTimingAndInhibitRulesAreRead() throws Exception {
    AlertingConfig c = parse(ROUTED);
    assertThat(c.timing().groupBy()).containsExactly("alertname");
    assertThat(c.timing().groupWait()).isEqualTo(Duration.ofSeconds(10));
    assertThat(c.timing().groupInterval()).isEqualTo(Duration.ofMinutes(1));
    assertThat(c.timing().repeatInterval()).isEqualTo(Duration.ofHours(2));
    List<Route.Match> page =
        c.route().match(Labels.of("sloth_severity", "page", "team", "db"), null, c.timing());
    // The page route continues, but no later sibling matches a page: the root does not take it.
    assertThat(page).extracting(Route.Match::receiver).containsExactly("pager");
    assertThat(page.get(0).timing().repeatInterval()).isEqualTo(Duration.ofMinutes(15));
    assertThat(page.get(0).timing().groupBy()).containsExactly("alertname");
    assertThat(c.route().match(Labels.of("sloth_severity", "page"), null, c.timing()))
        .extracting(Route.Match::receiver)
        .containsExactly("tickets");
    List<Route.Match> ticket =
        c.route().match(Labels.of("sloth_severity", "ticket"), null, c.timing());
    assertThat(ticket).extracting(Route.Match::receiver).containsExactly("tickets");
    assertThat(ticket.get(0).timing().groupBy()).containsExactly("sloth_id");
    assertThat(c.inhibitRules()).hasSize(1);
    assertThat(
            c.inhibitRules()
                .get(0)
                .inhibits(
                    Labels.of("severity", "critical", "service", "a"),
                    Labels.of("severity", "warning", "service", "a")))
        .isTrue();
    // Without inhibit-rules, a page holds back its SLO's ticket.
    assertThat(parse("rules: {dir: r}").inhibitRules()).hasSize(1);
    assertThat(parse("rules: {inhibit-rules: []}").inhibitRules()).isEmpty();
  }

  @Test
  void theReadmesRulesSectionIsValid() throws Exception {
    String readme =
        java.nio.file.Files.readString(
            java.nio.file.Path.of(System.getProperty("user.dir")).getParent().resolve("README.md"));
    String block = readme.substring(readme.indexOf("```yaml\ndata-dir:") + 8);
    block = block.substring(0, block.indexOf("```"));
    String rules = block.substring(block.indexOf("\nrules:") + 1);
    rules = rules.substring(0, rules.indexOf("\ntls:") + 1);
    AlertingConfig c = parse(rules);
    assertThat(c.route()).isNotNull();
    assertThat(c.webhooks()).extracting(AlertingConfig.Webhook::name).containsExactly("oncall");
    assertThat(c.inhibitRules()).hasSize(1);
  }

  @Test
  void mistakesNameTheLineAndKey() {
    assertThatThrownBy(() -> parse(ROUTED.replace("receiver: pager", "receiver: pagr")))
        .hasMessageContaining("vigil.yml: line")
        .hasMessageContaining("receiver 'pagr' is not one of rules.webhooks (pager, tickets)");
    assertThatThrownBy(() -> parse(ROUTED.replace("'team=~\"db|web\"'", "'team=~(db'")))
        .hasMessageContaining("rules.route.routes[0].matchers[1]");
    assertThatThrownBy(() -> parse(ROUTED.replace("'team=~\"db|web\"'", "'team=~\"(db\"'")))
        .hasMessageContaining("rules.route.routes[0].matchers[1]: invalid regular expression");
    assertThatThrownBy(() -> parse(ROUTED.replace("continue: true", "continue: yes please")))
        .hasMessageContaining("rules.route.routes[0].continue must be true or false");
    assertThatThrownBy(() -> parse(ROUTED.replace("repeat-interval: 15m", "repeat_interval: 15m")))
        .hasMessageContaining("unknown key 'repeat_interval' in rules.route.routes[0]");
    assertThatThrownBy(() -> parse(ROUTED.replace("group-wait: 10s", "group-wait: soon")))
        .hasMessageContaining("rules.group-wait");
    assertThatThrownBy(() ->
            parse(
                ROUTED.replace(
                    "receiver: tickets\n", "receiver: tickets\n    matchers: ['a=\"b\"']\n")))
        .hasMessageContaining("the root route matches every alert");
    assertThatThrownBy(() -> parse(ROUTED.replace("name: tickets", "name: pager")))
        .hasMessageContaining("rules.webhooks[1].name: 'pager' is used by an earlier webhook");
    assertThatThrownBy(() -> parse(ROUTED.replace("source-matchers", "source")))
        .hasMessageContaining("unknown key 'source' in rules.inhibit-rules[0]");
  }
}
