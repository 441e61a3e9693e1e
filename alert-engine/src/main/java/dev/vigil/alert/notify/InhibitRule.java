package dev.vigil.alert.notify;

import dev.vigil.model.series.Labels;
import java.util.List;

/**
 * Alertmanager's inhibit rule: while an alert matching {@code source} fires, alerts matching {@code
 * target} that carry the same values of the {@code equal} labels are not notified. An alert never
 * inhibits itself.
 */
public record InhibitRule(
    List<SilenceMatcher> source, List<SilenceMatcher> target, List<String> equal) {

  /**
   * Vigil's default: a firing page of an SLO holds back the ticket of the same SLO, as the SRE
   * Workbook intends (the ticket says the same thing, slower).
   */
  public static final InhibitRule TICKET_BY_PAGE =
      new InhibitRule(
          List.of(new SilenceMatcher("sloth_severity", "page", false, true)),
          List.of(new SilenceMatcher("sloth_severity", "ticket", false, true)),
          List.of("sloth_id"));

  public InhibitRule {
    source = List.copyOf(source);
    target = List.copyOf(target);
    equal = List.copyOf(equal);
  }

  /** Whether firing {@code sourceAlert} inhibits {@code targetAlert} under this rule. */
  public boolean inhibits(Labels sourceAlert, Labels targetAlert) {
    if (sourceAlert.equals(targetAlert)) {
      return false;
    }
    for (SilenceMatcher m : target) {
      if (!m.matches(targetAlert)) {
        return false;
      }
    }
    for (SilenceMatcher m : source) {
      if (!m.matches(sourceAlert)) {
        return false;
      }
    }
    for (String name : equal) {
      if (!sourceAlert.get(name).equals(targetAlert.get(name))) {
        return false;
      }
    }
    return true;
  }
}
