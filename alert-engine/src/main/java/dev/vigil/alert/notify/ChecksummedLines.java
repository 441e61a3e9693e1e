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
 * A small text file of lines with a header {@code <magic> 1 <crc32c of the rest>}, written to a
 * temporary file and renamed, so a crash leaves the old or the new content, never half of one (the
 * layout of the alert state file). A damaged file reads as {@link CorruptFile}.
 */
final class ChecksummedLines {
  private ChecksummedLines() {}

  /** The file exists but its header or checksum is wrong. */
  static final class CorruptFile extends IOException {
    CorruptFile(Path path) {
      super(path + " is damaged or of another version");
    }
  }

  static void write(Path path, String magic, List<String> lines) throws IOException {
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
    Files.writeString(tmp, magic + " 1 " + Long.toHexString(crc.getValue()) + "\n" + body);
    Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /** The lines, or none when the file does not exist. */
  static List<String> read(Path path, String magic) throws IOException {
    List<String> out = new ArrayList<>();
    if (!Files.exists(path)) {
      return out;
    }
    String text = Files.readString(path);
    int nl = text.indexOf('\n');
    String[] header = (nl < 0 ? text : text.substring(0, nl)).split(" ");
    String body = nl < 0 ? "" : text.substring(nl + 1);
    CRC32C crc = new CRC32C();
    crc.update(body.getBytes(StandardCharsets.UTF_8));
    if (header.length != 3
        || !header[0].equals(magic)
        || !header[1].equals("1")
        || !header[2].equals(Long.toHexString(crc.getValue()))) {
      throw new CorruptFile(path);
    }
    for (String line : body.split("\n")) {
      if (!line.isEmpty()) {
        out.add(line);
      }
    }
    return out;
  }

  static String enc(String s) {
    return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  static String dec(String s) {
    return java.net.URLDecoder.decode(s, StandardCharsets.UTF_8);
  }
}
