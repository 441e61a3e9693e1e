package dev.vigil.logindex.codec;

import org.apache.lucene.codecs.FilterCodec;
import org.apache.lucene.codecs.StoredFieldsFormat;
import org.apache.lucene.codecs.lucene104.Lucene104Codec;
import org.apache.lucene.codecs.lucene90.compressing.Lucene90CompressingStoredFieldsFormat;

/**
 * The codec of log segments written before 2026-12-07, kept so that they stay readable (a merge
 * rewrites them with {@link LogCodec}): Lucene 10.4's codec with zstd stored fields ({@link
 * ZstdChunks}). Log records of one stream are near-copies of each other (the same resource, the
 * same JSON keys and message templates), which LZ4 (no entropy coding) leaves largely in place: on
 * the benchmark corpus zstd over chunks of {@value #CHUNK_BYTES} bytes stores a record in 94 B
 * where Lucene's LZ4 mode takes 134 and its DEFLATE mode 96. Public with a no-argument constructor
 * because Lucene loads codecs by the name a segment records.
 */
public final class LogCodecVersion1 extends FilterCodec {
  /** The name segments record; renaming it makes every existing segment unreadable. */
  public static final String NAME = "VigilLog1";

  /** Uncompressed bytes per chunk: a read of one record decompresses (at most) this much. */
  static final int CHUNK_BYTES = 128 * 1024;

  /** Caps the documents of a chunk, as Lucene does, so a chunk of tiny records stays small. */
  static final int MAX_DOCS_PER_CHUNK = 2048;

  private final StoredFieldsFormat storedFields =
      new Lucene90CompressingStoredFieldsFormat(
          "VigilLogZstdStoredFields", new ZstdChunks(), CHUNK_BYTES, MAX_DOCS_PER_CHUNK, 10);

  public LogCodecVersion1() {
    super(NAME, new Lucene104Codec(Lucene104Codec.Mode.BEST_SPEED));
  }

  @Override
  public StoredFieldsFormat storedFieldsFormat() {
    return storedFields;
  }
}
