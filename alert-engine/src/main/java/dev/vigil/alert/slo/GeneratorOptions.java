package dev.vigil.alert.slo;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Settings of {@link SlothRuleGenerator}.
 *
 * @param extraLabels added to every recording rule, below the SLO's own labels (Sloth's {@code
 *     --extra-labels})
 * @param modePrefix first part of the {@code sloth_mode} info label; the generator appends {@code
 *     -prom} or {@code -openslo} after the input format, as Sloth's {@code cli-gen-prom}
 * @param version the {@code sloth_version} info label
 * @param burnWindowLabel whether alerts carry Vigil's {@code burn_window} label naming the window
 *     pair that fired ({@code 1h/5m}); off gives Sloth's rules exactly
 * @param maintenanceExclusion whether every window's error ratio is left out while the window
 *     overlaps one of the SLO's maintenance windows (the {@value #MAINTENANCE_METRIC} series the
 *     server writes), so maintenance neither spends the budget nor fires alerts
 */
public record GeneratorOptions(
    Map<String, String> extraLabels,
    String modePrefix,
    String version,
    boolean burnWindowLabel,
    boolean maintenanceExclusion) {

  /** 1 while a maintenance window covers the SLO ({@code sloth_id} label), written each cycle. */
  public static final String MAINTENANCE_METRIC = "vigil_slo_maintenance";

  /** What Vigil runs: its own mode and the {@code burn_window} label. */
  public static final GeneratorOptions VIGIL =
      new GeneratorOptions(Map.of(), "vigil", "vigil", true, true);

  public GeneratorOptions {
    extraLabels = Collections.unmodifiableSortedMap(new TreeMap<>(extraLabels));
    Objects.requireNonNull(modePrefix, "modePrefix");
    Objects.requireNonNull(version, "version");
  }

  /** The rules {@code sloth generate} writes, with its {@code --extra-labels}. */
  public static GeneratorOptions slothCli(Map<String, String> extraLabels, String version) {
    return new GeneratorOptions(extraLabels, "cli-gen", version, false, false);
  }
}
