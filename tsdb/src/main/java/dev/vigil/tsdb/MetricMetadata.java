package dev.vigil.tsdb;

import dev.vigil.model.Tenant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The type, help and unit of each metric family, per tenant, as last reported by OTLP metric
 * descriptors or remote-write metadata: what {@code /api/v1/metadata} answers. Like Prometheus,
 * which keeps metadata from the latest scrapes, it lives in memory and refills as data arrives.
 * Thread-safe.
 */
public final class MetricMetadata {
  /**
   * One family's metadata, in Prometheus' terms ({@code counter}, {@code gauge}, {@code histogram},
   * {@code summary}, {@code unknown}).
   */
  public record Entry(String type, String help, String unit) {}

  private final Map<Tenant, Map<String, Entry>> byTenant = new ConcurrentHashMap<>();

  public void put(Tenant tenant, String family, String type, String help, String unit) {
    byTenant
        .computeIfAbsent(tenant, t -> new ConcurrentHashMap<>())
        .put(family, new Entry(type, help, unit));
  }

  /**
   * Families of a tenant, sorted by name, optionally one family only, at most {@code limit} (0 =
   * all).
   */
  public Map<String, List<Entry>> get(Tenant tenant, String family, int limit) {
    Map<String, Entry> all = byTenant.getOrDefault(tenant, Map.of());
    TreeMap<String, List<Entry>> out = new TreeMap<>();
    for (Map.Entry<String, Entry> e : new TreeMap<>(all).entrySet()) {
      if (family != null && !family.isEmpty() && !family.equals(e.getKey())) {
        continue;
      }
      if (limit > 0 && out.size() >= limit) {
        break;
      }
      out.put(e.getKey(), List.of(e.getValue()));
    }
    return out;
  }
}
