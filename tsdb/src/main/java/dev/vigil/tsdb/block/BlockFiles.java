package dev.vigil.tsdb.block;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;

/** Directory operations on blocks that must be crash-safe. */
public final class BlockFiles {
  /**
   * Suffix of a block directory being deleted: renamed first, so a crash never leaves half a block.
   */
  public static final String DELETING = ".deleting";

  public static final String TMP = ".tmp";

  private BlockFiles() {}

  /** Renames the block away (atomically), then deletes it. */
  public static void delete(Path blockDir) throws IOException {
    Path gone = blockDir.resolveSibling(blockDir.getFileName() + DELETING);
    Files.move(blockDir, gone, StandardCopyOption.ATOMIC_MOVE);
    deleteTree(gone);
  }

  public static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    Files.walkFileTree(
        dir,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
              throws IOException {
            Files.deleteIfExists(file);
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFileFailed(Path file, IOException exc) throws IOException {
            if (exc instanceof NoSuchFileException) {
              return FileVisitResult.CONTINUE;
            }
            throw exc;
          }

          @Override
          public FileVisitResult postVisitDirectory(Path d, IOException exc) throws IOException {
            Files.deleteIfExists(d);
            return FileVisitResult.CONTINUE;
          }
        });
  }
}
