package dev.vigil.alert.eval;

import dev.vigil.model.Tenant;
import dev.vigil.model.series.Labels;
import java.io.IOException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * Pending and firing alerts on disk, so a restart resumes them. Text, one alert per line, fields
 * tab-separated and URL-encoded: tenant, group, rule, state, activeAt, firedAt (ms or -), value,
 * generator URL, labels ({@code name=value&…}), annotations; the first line is {@code
 * vigil-alert-state 1 <crc32c of the rest>}. Written to a temporary file and renamed, so a crash
 * leaves the old or the new state, never half of one; a damaged file is ignored with a warning.
 */
final class AlertStateFile {
  private static final String MAGIC = "vigil-alert-state";
  private final Path path;

  AlertStateFile(Path path) {
    this.path = path;
  }

  void write(List<Alert> alerts) throws IOException {
    StringBuilder body = new StringBuilder();
    for (Alert a : alerts) {
      if (a.state() == AlertState.RESOLVED) {
        continue;
      }
      body.append(enc(a.tenant().id()))
          .append('\t')
          .append(enc(a.group()))
          .append('\t')
          .append(enc(a.rule()))
          .append('\t')
          .append(a.state().name())
          .append('\t')
          .append(a.activeAt().toEpochMilli())
          .append('\t')
          .append(a.firedAt() == null ? "-" : Long.toString(a.firedAt().toEpochMilli()))
          .append('\t')
          .append(Double.doubleToRawLongBits(a.value()))
          .append('\t')
          .append(enc(a.generatorUrl()))
          .append('\t')
          .append(enc(pairs(a.labels().toMap())))
          .append('\t')
          .append(enc(pairs(a.annotations())))
          .append('\n');
    }
    byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
    CRC32C crc = new CRC32C();
    crc.update(bytes);
    Files.createDirectories(path.getParent());
    Path tmp = path.resolveSibling(path.getFileName() + ".tmp");
    Files.writeString(tmp, MAGIC + " 1 " + Long.toHexString(crc.getValue()) + "\n" + body);
    Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  List<Alert> read() {
    List<Alert> out = new ArrayList<>();
    if (!Files.exists(path)) {
      return out;
    }
    try {
      String text = Files.readString(path);
      int nl = text.indexOf('\n');
      String[] header = (nl < 0 ? text : text.substring(0, nl)).split(" ");
      String body = nl < 0 ? "" : text.substring(nl + 1);
      CRC32C crc = new CRC32C();
      crc.update(body.getBytes(StandardCharsets.UTF_8));
      if (header.length != 3
          || !header[0].equals(MAGIC)
          || !header[1].equals("1")
          || !header[2].equals(Long.toHexString(crc.getValue()))) {
        org.slf4j.LoggerFactory.getLogger(AlertStateFile.class)
            .warn("{} is damaged or of another version; alert state starts empty", path);
        return out;
      }
      for (String line : body.split("\n")) {
        if (line.isEmpty()) {
          continue;
        }
        String[] f = line.split("\t", -1);
        Labels labels = Labels.of(unpairs(dec(f[8])));
        Map<String, String> annotations = unpairs(dec(f[9]));
        out.add(
            new Alert(
                new Tenant(dec(f[0])),
                dec(f[1]),
                dec(f[2]),
                labels,
                annotations,
                AlertState.valueOf(f[3]),
                Instant.ofEpochMilli(Long.parseLong(f[4])),
                f[5].equals("-") ? null : Instant.ofEpochMilli(Long.parseLong(f[5])),
                null,
                Double.longBitsToDouble(Long.parseLong(f[6])),
                dec(f[7])));
      }
    } catch (IOException | RuntimeException e) {
      org.slf4j.LoggerFactory.getLogger(AlertStateFile.class)
          .warn("cannot read alert state {}: {}", path, e.toString());
      return new ArrayList<>();
    }
    return out;
  }

  private static String pairs(Map<String, String> map) {
    StringBuilder sb = new StringBuilder();
    map.forEach(
        (k, v) -> sb.append(sb.isEmpty() ? "" : "&").append(enc(k)).append('=').append(enc(v)));
    return sb.toString();
  }

  private static Map<String, String> unpairs(String s) {
    Map<String, String> m = new LinkedHashMap<>();
    if (s.isEmpty()) {
      return m;
    }
    for (String p : s.split("&")) {
      int eq = p.indexOf('=');
      m.put(dec(p.substring(0, eq)), dec(p.substring(eq + 1)));
    }
    return m;
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private static String dec(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    return path.toString();
  }
}
