package dev.vigil.logindex.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.lucene.index.SegmentCommitInfo;
import org.apache.lucene.index.SegmentInfos;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;

/**
 * Bytes per record of an index directory tree by kind of Lucene file (terms, postings, positions,
 * points, doc values, stored fields, norms), looking inside compound files, so a change to the
 * document shows where it paid.
 */
final class FileKinds {
  private FileKinds() {}

  static String of(Path root, long records) throws IOException {
    Map<String, Long> bytes = new TreeMap<>();
    List<Path> indexes;
    try (Stream<Path> s = Files.walk(root)) {
      indexes =
          s.filter(p -> p.getFileName().toString().startsWith("segments_"))
              .map(Path::getParent)
              .distinct()
              .toList();
    }
    for (Path index : indexes) {
      try (Directory dir = FSDirectory.open(index)) {
        Set<String> counted = new HashSet<>();
        for (SegmentCommitInfo sci : SegmentInfos.readLatestCommit(dir)) {
          if (sci.info.getUseCompoundFile()) {
            try (Directory cfs =
                sci.info.getCodec().compoundFormat().getCompoundReader(dir, sci.info)) {
              for (String f : cfs.listAll()) {
                bytes.merge(kind(f), cfs.fileLength(f), Long::sum);
              }
            }
            counted.addAll(sci.info.files());
          }
        }
        for (String f : dir.listAll()) {
          if (!counted.contains(f)) {
            bytes.merge(kind(f), dir.fileLength(f), Long::sum);
          }
        }
      }
    }
    StringBuilder sb = new StringBuilder("B/record by file kind:");
    bytes.forEach((k, v) -> sb.append(String.format(" %s %.1f", k, v / (double) records)));
    return sb.toString();
  }

  private static String kind(String file) {
    int dot = file.lastIndexOf('.');
    String ext = dot < 0 ? "" : file.substring(dot + 1);
    return switch (ext) {
      case "tim", "tip", "tmd" -> "terms";
      case "doc", "psm" -> "postings";
      case "pos", "pay" -> "positions";
      case "kdd", "kdi", "kdm" -> "points";
      case "dvd", "dvm" -> "docvalues";
      // Format 4 keeps the records in the partition's record file instead of stored fields.
      case "fdt", "fdx", "fdm", "vlr" -> "stored";
      case "nvd", "nvm" -> "norms";
      default -> "other";
    };
  }
}
