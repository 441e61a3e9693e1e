package dev.vigil.tsdb.block;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * What {@code meta.json} says about a block (layout in {@code tsdb/FORMAT.md}).
 *
 * @param id the block's ULID, also its directory name
 * @param minTime the first sample's timestamp (inclusive)
 * @param maxTime the last sample's timestamp (inclusive)
 * @param level 1 for a block cut from the head, 1 + the highest parent level for a compacted one
 * @param sequence orders blocks by the age of their data: on equal timestamps the sample of the
 *     block with the higher sequence is the later write and wins
 * @param sources the level-1 blocks whose data this block holds (itself when level 1)
 * @param parents the blocks merged into this one; a parent still on disk at start is redundant
 * @param walCut for a block cut from the head, the WAL segment cut before it was written: the block
 *     counts only once a WAL checkpoint at or after that segment exists (else -1)
 */
public record BlockMeta(
    String id,
    String tenant,
    long minTime,
    long maxTime,
    long series,
    long chunks,
    long samples,
    int level,
    long sequence,
    List<String> sources,
    List<String> parents,
    long walCut,
    long chunksBytes,
    long indexBytes) {
  public static final String FILE = "meta.json";
  static final String FORMAT = "vigil-block";
  static final int VERSION = 1;
  private static final String CRC_KEY = "\"crc32c\":\"";

  public BlockMeta {
    sources = List.copyOf(sources);
    parents = List.copyOf(parents);
  }

  /** Bytes of the block's files on disk. */
  public long sizeBytes() {
    return chunksBytes + indexBytes;
  }

  String toJson() {
    StringBuilder b = new StringBuilder();
    b.append("{\"format\":\"")
        .append(FORMAT)
        .append("\",\"version\":")
        .append(VERSION)
        .append(",\n");
    b.append("\"id\":").append(MetaJson.quote(id)).append(",\n");
    b.append("\"tenant\":").append(MetaJson.quote(tenant)).append(",\n");
    b.append("\"minTime\":").append(minTime).append(",\n");
    b.append("\"maxTime\":").append(maxTime).append(",\n");
    b.append("\"stats\":{\"series\":").append(series).append(",\"chunks\":").append(chunks);
    b.append(",\"samples\":").append(samples).append("},\n");
    b.append("\"compaction\":{\"level\":").append(level).append(",\"sequence\":").append(sequence);
    b.append(",\"sources\":").append(list(sources)).append(",\"parents\":").append(list(parents));
    b.append("},\n");
    b.append("\"walCut\":").append(walCut).append(",\n");
    b.append("\"files\":{\"chunks\":").append(chunksBytes).append(",\"index\":").append(indexBytes);
    b.append("},\n");
    CRC32C crc = new CRC32C();
    crc.update(b.toString().getBytes(StandardCharsets.UTF_8));
    b.append(CRC_KEY).append(HexFormat.of().toHexDigits((int) crc.getValue())).append("\"}\n");
    return b.toString();
  }

  private static String list(List<String> l) {
    StringBuilder b = new StringBuilder("[");
    for (int i = 0; i < l.size(); i++) {
      b.append(i == 0 ? "" : ",").append(MetaJson.quote(l.get(i)));
    }
    return b.append(']').toString();
  }

  /** Writes {@code meta.json} into {@code dir} and syncs it. */
  void write(Path dir) throws IOException {
    Path file = dir.resolve(FILE);
    Files.writeString(file, toJson());
    try (var ch =
        java.nio.channels.FileChannel.open(file, java.nio.file.StandardOpenOption.WRITE)) {
      ch.force(true);
    }
  }

  /**
   * Reads and verifies {@code dir/meta.json}.
   *
   * @throws CorruptBlockException if it is missing, fails its checksum or lacks a field
   */
  public static BlockMeta read(Path dir) throws IOException {
    Path file = dir.resolve(FILE);
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new CorruptBlockException(file, "missing");
    }
    String text = new String(bytes, StandardCharsets.UTF_8);
    int at = text.lastIndexOf(CRC_KEY);
    if (!text.startsWith("{\"format\":\"" + FORMAT + "\"")
        || at < 0
        || text.length() < at + CRC_KEY.length() + 8) {
      throw new CorruptBlockException(
          file, "not a Vigil block meta.json (format or crc32c field missing)");
    }
    CRC32C crc = new CRC32C();
    crc.update(text.substring(0, at).getBytes(StandardCharsets.UTF_8));
    String stored = text.substring(at + CRC_KEY.length(), at + CRC_KEY.length() + 8);
    if (!stored.equals(HexFormat.of().toHexDigits((int) crc.getValue()))) {
      throw new CorruptBlockException(
          file,
          "checksum mismatch (stored "
              + stored
              + ", computed "
              + HexFormat.of().toHexDigits((int) crc.getValue())
              + ")");
    }
    try {
      Map<?, ?> m = (Map<?, ?>) MetaJson.parse(text);
      long version = num(m, "version");
      if (version != VERSION) {
        throw new CorruptBlockException(
            file,
            "meta version " + version + " is not supported (this Vigil reads " + VERSION + ")");
      }
      Map<?, ?> stats = (Map<?, ?>) m.get("stats");
      Map<?, ?> comp = (Map<?, ?>) m.get("compaction");
      Map<?, ?> files = (Map<?, ?>) m.get("files");
      return new BlockMeta(
          str(m, "id"),
          str(m, "tenant"),
          num(m, "minTime"),
          num(m, "maxTime"),
          num(stats, "series"),
          num(stats, "chunks"),
          num(stats, "samples"),
          (int) num(comp, "level"),
          num(comp, "sequence"),
          strings(comp, "sources"),
          strings(comp, "parents"),
          num(m, "walCut"),
          num(files, "chunks"),
          num(files, "index"));
    } catch (IllegalArgumentException | ClassCastException | NullPointerException e) {
      throw new CorruptBlockException(file, "malformed: " + e.getMessage(), e);
    }
  }

  private static long num(Map<?, ?> m, String key) {
    Object v = m.get(key);
    if (!(v instanceof Long l)) {
      throw new IllegalArgumentException("field " + key + " missing or not an integer");
    }
    return l;
  }

  private static String str(Map<?, ?> m, String key) {
    Object v = m.get(key);
    if (!(v instanceof String s)) {
      throw new IllegalArgumentException("field " + key + " missing or not a string");
    }
    return s;
  }

  private static List<String> strings(Map<?, ?> m, String key) {
    Object v = m.get(key);
    if (!(v instanceof List<?> l)) {
      throw new IllegalArgumentException("field " + key + " missing or not a list");
    }
    return l.stream().map(x -> (String) x).toList();
  }
}
