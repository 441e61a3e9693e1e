package dev.vigil.server;

import dev.vigil.logindex.LogIndex;
import dev.vigil.logindex.LogIndexStats;
import dev.vigil.logindex.RefusalReason;
import dev.vigil.tsdb.Tsdb;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;

/** The stores' own figures on /metrics, read when scraped. */
final class StoreMetrics {
  private StoreMetrics() {}

  static void registerTsdb(PrometheusRegistry registry, Tsdb tsdb) {
    GaugeWithCallback.builder()
        .name("vigil_tsdb_head_series")
        .help("Active series in the tsdb head.")
        .callback(cb -> cb.call(tsdb.seriesCount()))
        .register(registry);
    GaugeWithCallback.builder()
        .name("vigil_tsdb_head_chunk_bytes")
        .help("Bytes of compressed chunk data in the head.")
        .callback(cb -> cb.call(tsdb.headChunkBytes()))
        .register(registry);
    GaugeWithCallback.builder()
        .name("vigil_tsdb_head_chunk_bytes_per_series")
        .help("Head chunk bytes per active series.")
        .callback(cb ->
            cb.call(
                tsdb.seriesCount() == 0 ? 0 : (double) tsdb.headChunkBytes() / tsdb.seriesCount()))
        .register(registry);
    GaugeWithCallback.builder()
        .name("vigil_tsdb_head_chunk_bytes_per_sample")
        .help("Head chunk bytes per sample appended since start.")
        .callback(cb ->
            cb.call(
                tsdb.stats().samplesAppended() == 0
                    ? 0
                    : (double) tsdb.headChunkBytes() / tsdb.stats().samplesAppended()))
        .register(registry);
    CounterWithCallback.builder()
        .name("vigil_tsdb_samples_appended_total")
        .help("Samples stored, in order or merged out of order.")
        .callback(cb -> cb.call(tsdb.stats().samplesAppended()))
        .register(registry);
    CounterWithCallback.builder()
        .name("vigil_tsdb_samples_out_of_order_total")
        .help("Samples accepted out of order within the window.")
        .callback(cb -> cb.call(tsdb.stats().samplesOutOfOrder()))
        .register(registry);
    CounterWithCallback.builder()
        .name("vigil_tsdb_samples_refused_total")
        .help("Samples refused, by reason.")
        .labelNames("reason")
        .callback(cb -> {
          cb.call(tsdb.stats().samplesTooOld(), "too_old");
          cb.call(tsdb.stats().samplesSeriesLimit(), "series_limit");
        })
        .register(registry);
    CounterWithCallback.builder()
        .name("vigil_tsdb_exemplars_appended_total")
        .help("Exemplars stored in the head's exemplar rings.")
        .callback(cb -> cb.call(tsdb.stats().exemplarsAppended()))
        .register(registry);
    CounterWithCallback.builder()
        .name("vigil_tsdb_exemplars_refused_total")
        .help("Exemplars refused, by reason.")
        .labelNames("reason")
        .callback(cb -> {
          cb.call(tsdb.stats().exemplarsOutOfOrder(), "out_of_order");
          cb.call(tsdb.stats().exemplarsSeriesLimit(), "series_limit");
          cb.call(tsdb.stats().exemplarsOff(), "storage_off");
        })
        .register(registry);
    GaugeWithCallback.builder()
        .name("vigil_tsdb_exemplars_in_storage")
        .help("Exemplars held in memory (a ring per tenant, tsdb.max-exemplars each).")
        .callback(cb -> cb.call(tsdb.exemplarCount()))
        .register(registry);
    CounterWithCallback.builder()
        .name("vigil_tsdb_series_created_total")
        .help("Series created in the head.")
        .callback(cb -> cb.call(tsdb.stats().seriesCreated()))
        .register(registry);
    GaugeWithCallback.builder()
        .name("vigil_tsdb_blocks")
        .help("Blocks on disk.")
        .callback(cb -> cb.call(tsdb.blockStats().blockCount()))
        .register(registry);
    GaugeWithCallback.builder()
        .name("vigil_tsdb_block_bytes")
        .help("Bytes of blocks on disk.")
        .callback(cb -> cb.call(tsdb.blockStats().blockBytes()))
        .register(registry);
    CounterWithCallback.builder()
        .name("vigil_tsdb_head_cuts_total")
        .help("Times the head was cut into blocks.")
        .callback(cb -> cb.call(tsdb.blockStats().headCuts()))
        .register(registry);
    CounterWithCallback.builder()
        .name("vigil_tsdb_compactions_total")
        .help("Block merges.")
        .callback(cb -> cb.call(tsdb.blockStats().compactions()))
        .register(registry);
    CounterWithCallback.builder()
        .name("vigil_tsdb_retention_deleted_blocks_total")
        .help("Blocks deleted by retention.")
        .callback(cb -> cb.call(tsdb.blockStats().retentionDeletions()))
        .register(registry);
    CounterWithCallback.builder()
        .name("vigil_tsdb_blocks_quarantined_total")
        .help("Damaged blocks moved aside at start.")
        .callback(cb -> cb.call(tsdb.blockStats().blocksQuarantined()))
        .register(registry);
    CounterWithCallback.builder()
        .name("vigil_tsdb_maintenance_failures_total")
        .help("Failed cuts, merges or retention runs.")
        .callback(cb -> cb.call(tsdb.blockStats().maintenanceFailures()))
        .register(registry);
    GaugeWithCallback.builder()
        .name("vigil_tsdb_decoded_chunk_bytes")
        .help("Heap held by head chunks kept decoded because they are read repeatedly.")
        .callback(cb -> cb.call(tsdb.stats().decodedChunkBytes()))
        .register(registry);
    CounterWithCallback.builder()
        .name("vigil_tsdb_decoded_chunk_reads_total")
        .help(
            "Head chunk reads by how they were served: decoded (cached), decode (into it) or"
                + " resume (an open chunk's appended samples decoded onto its cached ones).")
        .labelNames("result")
        .callback(cb -> {
          cb.call(tsdb.stats().decodedChunkHits(), "hit");
          cb.call(tsdb.stats().decodedChunkDecodes(), "decode");
          cb.call(tsdb.stats().decodedChunkResumes(), "resume");
        })
        .register(registry);
    GaugeWithCallback.builder()
        .name("vigil_tsdb_decoded_block_chunk_bytes")
        .help("Heap held by block chunks kept decoded because they are read repeatedly.")
        .callback(cb -> cb.call(tsdb.blockStats().decodedBlockChunkBytes()))
        .register(registry);
    CounterWithCallback.builder()
        .name("vigil_tsdb_decoded_block_chunk_reads_total")
        .help("Block chunk reads served decoded: hit (cached) or decode (into the cache).")
        .labelNames("result")
        .callback(cb -> {
          cb.call(tsdb.blockStats().decodedBlockChunkHits(), "hit");
          cb.call(tsdb.blockStats().decodedBlockChunkDecodes(), "decode");
        })
        .register(registry);
    CounterWithCallback.builder()
        .name("vigil_tsdb_wal_corruptions_total")
        .help("Damaged WAL spots cut off when the tsdb opened.")
        .callback(cb -> cb.call(tsdb.stats().walCorruptions()))
        .register(registry);
  }

  static void registerLogIndex(PrometheusRegistry registry, LogIndex logs) {
    CounterWithCallback.builder()
        .name("vigil_log_records_accepted_total")
        .help("Log records stored (durable) since start.")
        .callback(cb -> cb.call(stats(logs).accepted()))
        .register(registry);
    CounterWithCallback.builder()
        .name("vigil_log_records_refused_total")
        .help("Log records refused by the log index's limits, by reason.")
        .labelNames("reason")
        .callback(cb -> {
          LogIndexStats st = stats(logs);
          for (RefusalReason r : RefusalReason.values()) {
            cb.call(st.refused(r), r.label());
          }
        })
        .register(registry);
    GaugeWithCallback.builder()
        .name("vigil_log_index_bytes")
        .help("Bytes of the log index's Lucene partitions on disk.")
        .callback(cb -> cb.call(stats(logs).indexBytes()))
        .register(registry);
    GaugeWithCallback.builder()
        .name("vigil_log_index_partitions")
        .help("Log partitions (tenant x day) on disk.")
        .callback(cb -> cb.call(stats(logs).partitionsOnDisk()))
        .register(registry);
    GaugeWithCallback.builder()
        .name("vigil_log_tails_open")
        .help("Live tails (/loki/api/v1/tail) open.")
        .callback(cb -> cb.call(logs.openTails()))
        .register(registry);
  }

  static void registerTraceStore(
      PrometheusRegistry registry, dev.vigil.tracestore.TraceStore traces) {
    CounterWithCallback.builder()
        .name("vigil_trace_spans_appended_total")
        .help("Spans made durable in the trace store's log since start.")
        .callback(cb -> cb.call(stats(traces).appendedSpans()))
        .register(registry);
    GaugeWithCallback.builder()
        .name("vigil_trace_buffered_spans")
        .help("Spans in memory, waiting for their segment (searchable already).")
        .callback(cb -> cb.call(stats(traces).bufferedSpans()))
        .register(registry);
    GaugeWithCallback.builder()
        .name("vigil_trace_segments")
        .help("Segment files of the trace store.")
        .callback(cb -> cb.call(stats(traces).segments()))
        .register(registry);
    GaugeWithCallback.builder()
        .name("vigil_trace_segment_bytes")
        .help("Bytes of the trace store's segment files.")
        .callback(cb -> cb.call(stats(traces).segmentBytes()))
        .register(registry);
    GaugeWithCallback.builder()
        .name("vigil_trace_index_bytes")
        .help("Bytes of the trace store's search index files.")
        .callback(cb -> cb.call(stats(traces).indexBytes()))
        .register(registry);
    GaugeWithCallback.builder()
        .name("vigil_trace_segment_spans")
        .help("Spans in the trace store's segment files.")
        .callback(cb -> cb.call(stats(traces).segmentSpans()))
        .register(registry);
    GaugeWithCallback.builder()
        .name("vigil_trace_wal_bytes")
        .help("Bytes of the trace store's write-ahead log.")
        .callback(cb -> cb.call(stats(traces).walBytes()))
        .register(registry);
    CounterWithCallback.builder()
        .name("vigil_trace_flushes_total")
        .help("Buffers written as segments since start.")
        .callback(cb -> cb.call(stats(traces).flushes()))
        .register(registry);
    CounterWithCallback.builder()
        .name("vigil_trace_compactions_total")
        .help("Segment merges since start.")
        .callback(cb -> cb.call(stats(traces).compactions()))
        .register(registry);
    CounterWithCallback.builder()
        .name("vigil_trace_segments_deleted_total")
        .help("Segments deleted by retention since start.")
        .callback(cb -> cb.call(stats(traces).deletedSegments()))
        .register(registry);
    CounterWithCallback.builder()
        .name("vigil_trace_wal_corruptions_total")
        .help("Torn or corrupt log tails found and cut at start.")
        .callback(cb -> cb.call(stats(traces).walCorruptions()))
        .register(registry);
    GaugeWithCallback.builder()
        .name("vigil_trace_quarantined_segments")
        .help("Corrupt segment files moved aside (*.corrupt) at start.")
        .callback(cb -> cb.call(stats(traces).quarantinedSegments()))
        .register(registry);
  }

  private static dev.vigil.tracestore.TraceStoreStats stats(
      dev.vigil.tracestore.TraceStore traces) {
    try {
      return traces.stats();
    } catch (IOException e) {
      throw new UncheckedIOException("trace store stats unreadable", e);
    }
  }

  /** The scrape fails visibly rather than reporting zeros when the sizes cannot be read. */
  private static LogIndexStats stats(LogIndex logs) {
    try {
      return logs.stats();
    } catch (IOException e) {
      throw new UncheckedIOException("log index stats unreadable", e);
    }
  }
}
