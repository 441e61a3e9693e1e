package dev.vigil.alert.load;

/** The checks every SLO objective gets, whichever format wrote it. */
final class Objectives {
  private Objectives() {}

  /**
   * Reports an objective outside (0, 100) percent. 100 % is refused on purpose: it leaves no error
   * budget, so the burn rate of a single error is infinite and the alerts would page on any error.
   *
   * @param scale 100 when the field is in percent (Sloth), 1 when it is a ratio (OpenSLO target)
   */
  static boolean check(YamlMap m, String key, double value, double scale) {
    String max = scale == 1 ? "1" : "100";
    if (value >= scale) {
      m.problems()
          .add(
              m.nodeOr(key),
              m.field(key),
              "must be below "
                  + max
                  + " (got "
                  + YamlMap.plain(value)
                  + "): an objective of 100 % leaves no error budget, so any single error"
                  + " would exhaust it; use e.g. "
                  + (scale == 1 ? "0.999" : "99.9"));
      return false;
    }
    if (!(value > 0)) {
      m.problems()
          .add(m.nodeOr(key), m.field(key), "must be above 0 (got " + YamlMap.plain(value) + ")");
      return false;
    }
    return true;
  }

  static boolean check(YamlMap m, String key, double percent) {
    return check(m, key, percent, 100);
  }
}
