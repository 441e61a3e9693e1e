package dev.vigil.alert.notify;

import static dev.vigil.alert.notify.ChecksummedLines.dec;
import static dev.vigil.alert.notify.ChecksummedLines.enc;

import dev.vigil.model.Tenant;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Acknowledged alerts by tenant and fingerprint, persisted on each change so a restart does not
 * start paging an acknowledged incident again. An acknowledgement ends when its alert resolves
 * ({@link #clear}). Thread-safe.
 */
public final class Acknowledgements {
  private static final Logger log = LoggerFactory.getLogger(Acknowledgements.class);
  private static final String MAGIC = "vigil-acks";
  private final Path file;
  private final Clock clock;
  private final Map<String, Acknowledgement> acks = new LinkedHashMap<>();

  /**
   * @param file where acknowledgements are kept, or null for memory only
   */
  public Acknowledgements(Path file, Clock clock) {
    this.file = file;
    this.clock = clock;
    if (file != null) {
      try {
        for (String line : ChecksummedLines.read(file, MAGIC)) {
          String[] f = line.split("\t", -1);
          Acknowledgement a =
              new Acknowledgement(
                  new Tenant(dec(f[0])),
                  dec(f[1]),
                  dec(f[2]),
                  dec(f[3]),
                  java.time.Instant.ofEpochMilli(Long.parseLong(f[4])));
          acks.put(key(a.tenant(), a.fingerprint()), a);
        }
      } catch (IOException | RuntimeException e) {
        log.warn("cannot read acknowledgements {}: {}; starting with none", file, e.toString());
        acks.clear();
      }
    }
  }

  /**
   * Records who acknowledged the alert; a second acknowledgement replaces the first.
   *
   * @throws SilenceRejected when {@code by} is missing or a text is too long
   */
  public synchronized Acknowledgement acknowledge(
      Tenant tenant, String fingerprint, String by, String comment) throws SilenceRejected {
    if (by == null || by.isBlank()) {
      throw new SilenceRejected("by", "is required: who acknowledges the alert");
    }
    if (by.length() > Silences.MAX_TEXT) {
      throw new SilenceRejected("by", "longer than " + Silences.MAX_TEXT + " characters");
    }
    String c = comment == null ? "" : comment;
    if (c.length() > Silences.MAX_TEXT) {
      throw new SilenceRejected("comment", "longer than " + Silences.MAX_TEXT + " characters");
    }
    Acknowledgement a = new Acknowledgement(tenant, fingerprint, by, c, clock.instant());
    acks.put(key(tenant, fingerprint), a);
    persist();
    return a;
  }

  public synchronized Optional<Acknowledgement> get(Tenant tenant, String fingerprint) {
    return Optional.ofNullable(acks.get(key(tenant, fingerprint)));
  }

  /** Ends the acknowledgement of an alert (it resolved, or someone took the ack back). */
  public synchronized boolean clear(Tenant tenant, String fingerprint) {
    boolean removed = acks.remove(key(tenant, fingerprint)) != null;
    if (removed) {
      persist();
    }
    return removed;
  }

  private static String key(Tenant tenant, String fingerprint) {
    return tenant.id() + "\u0000" + fingerprint;
  }

  private void persist() {
    if (file == null) {
      return;
    }
    List<String> lines =
        acks.values().stream()
            .map(a ->
                String.join(
                    "\t",
                    enc(a.tenant().id()),
                    enc(a.fingerprint()),
                    enc(a.by()),
                    enc(a.comment()),
                    Long.toString(a.at().toEpochMilli())))
            .toList();
    try {
      ChecksummedLines.write(file, MAGIC, lines);
    } catch (IOException e) {
      log.warn("could not persist acknowledgements to {}: {}", file, e.toString());
    }
  }
}
