package dev.vigil.model.sink;

import dev.vigil.model.Batch;

/**
 * Where validated telemetry of one signal goes: a store, or a queue in front of one.
 *
 * <p>Contract:
 *
 * <ul>
 *   <li>{@link #append} returns normally only once the whole batch is accepted <em>durably</em> as
 *       the sink defines it (a store: in its write-ahead log, synced per its fsync policy). The
 *       collector acknowledges the sender only after that, so a success reply means the data
 *       survives a crash.
 *   <li>On failure it throws {@link SinkException} and none of the batch counts as stored; the
 *       sender is told to retry when {@link SinkException#retryable()}.
 *   <li>It is called concurrently from several threads; the batch is immutable and the sink may
 *       keep references to it.
 *   <li>{@link #close} is called once, after the last {@code append} has returned.
 * </ul>
 */
public interface TelemetrySink<T> extends AutoCloseable {

  void append(Batch<T> batch) throws SinkException;

  @Override
  default void close() throws Exception {}
}
