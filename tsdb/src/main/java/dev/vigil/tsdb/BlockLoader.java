package dev.vigil.tsdb;

import dev.vigil.tsdb.block.Block;
import dev.vigil.tsdb.block.BlockFiles;
import dev.vigil.tsdb.block.CorruptBlockException;
import dev.vigil.tsdb.block.Ulid;
import dev.vigil.tsdb.wal.WriteAheadLog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens the blocks under {@code blocks/} at start and settles what a crash left behind: temporary
 * and half-deleted directories go; a damaged block moves to {@code quarantine/} (logged, counted,
 * never fatal); a block already merged into another (a crash between writing the merge and deleting
 * its parents) goes; a head block whose cut never reached its WAL checkpoint goes, as the WAL
 * replays its samples into the head.
 */
final class BlockLoader {
  private static final Logger log = LoggerFactory.getLogger(BlockLoader.class);

  private BlockLoader() {}

  static List<Block> load(
      Path root, TsdbStats stats, dev.vigil.tsdb.block.DecodedBlockChunks decoded)
      throws IOException {
    Path blocksDir = root.resolve("blocks");
    Files.createDirectories(blocksDir);
    List<Block> open = new ArrayList<>();
    for (Path tenantDir : list(blocksDir)) {
      if (!Files.isDirectory(tenantDir)) {
        continue;
      }
      for (Path dir : list(tenantDir)) {
        String name = dir.getFileName().toString();
        if (name.endsWith(BlockFiles.TMP) || name.endsWith(BlockFiles.DELETING)) {
          BlockFiles.deleteTree(dir);
        } else if (Ulid.isUlid(name) && Files.isDirectory(dir)) {
          try {
            Block b = Block.open(dir, decoded);
            if (!b.meta().id().equals(name)
                || !b.meta().tenant().equals(tenantDir.getFileName().toString())) {
              b.close();
              throw new CorruptBlockException(
                  dir.resolve("meta.json"),
                  "names block "
                      + b.meta().id()
                      + " of tenant "
                      + b.meta().tenant()
                      + " but lies in "
                      + tenantDir.getFileName()
                      + "/"
                      + name);
            }
            open.add(b);
          } catch (CorruptBlockException e) {
            quarantine(root, dir, e);
            stats.blocksQuarantined.incrementAndGet();
          }
        }
      }
    }
    Set<String> parents = new HashSet<>();
    open.forEach(b -> parents.addAll(b.meta().parents()));
    int checkpoint = WriteAheadLog.latestCheckpoint(root.resolve("wal"));
    int oldest = WriteAheadLog.oldestSegment(root.resolve("wal"));
    List<Block> live = new ArrayList<>();
    for (Block b : open) {
      long cut = b.meta().walCut();
      if (parents.contains(b.meta().id())) {
        log.info("deleting {}: already merged into a newer block", b);
        b.retire();
      } else if (cut >= 0
          && checkpoint < cut
          && (checkpoint >= 0 || (oldest >= 0 && oldest < cut))) {
        log.info("deleting {}: its head cut did not finish; the WAL replays its samples", b);
        stats.blocksRolledBack.incrementAndGet();
        b.retire();
      } else {
        live.add(b);
      }
    }
    return live;
  }

  /** Moves a damaged block aside, keeping it for inspection. */
  static void quarantine(Path root, Path dir, Exception cause) throws IOException {
    Path target =
        root.resolve("quarantine")
            .resolve(dir.getParent().getFileName())
            .resolve(dir.getFileName());
    Files.createDirectories(target.getParent());
    Files.move(dir, target, StandardCopyOption.ATOMIC_MOVE);
    log.error(
        "block {} is damaged and was moved to {}; its samples are not served: {}",
        dir,
        target,
        cause.getMessage());
  }

  private static List<Path> list(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.sorted().toList();
    }
  }
}
