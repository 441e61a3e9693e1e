package dev.vigil.alert.notify;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * A small text file of lines with a header {@code <magic> <version> <crc32c of the rest>}, written
 * to a temporary file and renamed, so a crash leaves the old or the new content, never half of one
 * (the layout of the alert state file; see the module's FORMAT.md). The version is the layout of
 * the lines, which the caller chooses; a damaged file, or one of a version newer than the caller
 * reads, reads as {@link CorruptFile}.
 */
final class ChecksummedLines {
  private ChecksummedLines() {}

  /** The file exists but its header or checksum is wrong. */
  static final class CorruptFile extends IOException {
    CorruptFile(Path path) {
      super(path + " is damaged or of another version");
    }

    CorruptFile(Path path, int version, int newest) {
      super(
          path
              + " has format version "
              + version
              + ", written by a newer Vigil; this one reads versions up to "
              + newest);
    }
  }

  /** The lines of a file and the version of their layout. */
  record Versioned(int version, List<String> lines) {}

  static void write(Path path, String magic, List<String> lines) throws IOException {
    write(path, magic, 1, lines);
  }

  static void write(Path path, String magic, int version, List<String> lines) throws IOException {
    StringBuilder body = new StringBuilder();
    for (String l : lines) {
      body.append(l).append('\n');
    }
    byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
    CRC32C crc = new CRC32C();
    crc.update(bytes);
    if (path.getParent() != null) {
      Files.createDirectories(path.getParent());
    }
    Path tmp = path.resolveSibling(path.getFileName() + ".tmp");
    Files.writeString(
        tmp, magic + " " + version + " " + Long.toHexString(crc.getValue()) + "\n" + body);
    Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /** The lines of a version 1 file, or none when the file does not exist. */
  static List<String> read(Path path, String magic) throws IOException {
    return read(path, magic, 1).lines();
  }

  /**
   * The lines and their version (1 to {@code newest}); no lines, version {@code newest}, when the
   * file does not exist.
   */
  static Versioned read(Path path, String magic, int newest) throws IOException {
    List<String> out = new ArrayList<>();
    if (!Files.exists(path)) {
      return new Versioned(newest, out);
    }
    String text = Files.readString(path);
    int nl = text.indexOf('\n');
    String[] header = (nl < 0 ? text : text.substring(0, nl)).split(" ");
    String body = nl < 0 ? "" : text.substring(nl + 1);
    CRC32C crc = new CRC32C();
    crc.update(body.getBytes(StandardCharsets.UTF_8));
    if (header.length != 3
        || !header[0].equals(magic)
        || !header[1].matches("[1-9][0-9]{0,8}")
        || !header[2].equals(Long.toHexString(crc.getValue()))) {
      throw new CorruptFile(path);
    }
    int version = Integer.parseInt(header[1]);
    if (version > newest) {
      throw new CorruptFile(path, version, newest);
    }
    for (String line : body.split("\n")) {
      if (!line.isEmpty()) {
        out.add(line);
      }
    }
    return new Versioned(version, out);
  }

  static String enc(String s) {
    return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  static String dec(String s) {
    return java.net.URLDecoder.decode(s, StandardCharsets.UTF_8);
  }
}
