package dev.vigil.tsdb;

import dev.vigil.model.Tenant;
import dev.vigil.tsdb.block.Block;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The live blocks per tenant, replaced as a whole on every change (readers take the current map
 * without locking), and the readers holding them. Each change bumps a generation; a querier
 * registers under the generation it saw, so a head cut can wait until every querier opened before
 * its blocks were visible is closed before it removes those samples from memory.
 */
final class BlockSet {
  private static final Comparator<Block> BY_SEQUENCE =
      Comparator.comparingLong((Block b) -> b.meta().sequence()).thenComparing(b -> b.meta().id());

  private volatile Map<Tenant, List<Block>> byTenant = Map.of();

  /** Where every block of this set keeps the chunks read repeatedly decoded. */
  final dev.vigil.tsdb.block.DecodedBlockChunks decoded;

  BlockSet(dev.vigil.tsdb.block.DecodedBlockChunks decoded) {
    this.decoded = decoded;
  }

  private long generation;
  private final TreeMap<Long, Integer> readers = new TreeMap<>();
  private final AtomicLong nextSequence = new AtomicLong(1);

  /** Blocks pinned for one querier; {@link #release} unpins them and ends the registration. */
  final class Pinned {
    final List<Block> blocks;
    private final long generation;
    private boolean released;

    private Pinned(List<Block> blocks, long generation) {
      this.blocks = blocks;
      this.generation = generation;
    }

    void release() {
      synchronized (BlockSet.this) {
        if (released) {
          return;
        }
        released = true;
        readers.merge(generation, -1, (a, b) -> a + b == 0 ? null : a + b);
        BlockSet.this.notifyAll();
      }
      for (Block b : blocks) {
        b.release();
      }
    }
  }

  long nextSequence() {
    return nextSequence.getAndIncrement();
  }

  /** Pins the tenant's blocks overlapping {@code [minT, maxT]}, oldest data first. */
  synchronized Pinned pin(Tenant tenant, long minT, long maxT) {
    List<Block> out = new ArrayList<>();
    for (Block b : byTenant.getOrDefault(tenant, List.of())) {
      if (b.overlaps(minT, maxT) && b.tryAcquire()) {
        out.add(b);
      }
    }
    readers.merge(generation, 1, Integer::sum);
    return new Pinned(out, generation);
  }

  List<Block> of(Tenant tenant) {
    return byTenant.getOrDefault(tenant, List.of());
  }

  List<Block> all() {
    List<Block> out = new ArrayList<>();
    byTenant.values().forEach(out::addAll);
    return out;
  }

  Collection<Tenant> tenants() {
    return byTenant.keySet();
  }

  /** Adds blocks and retires others in one step; returns the new generation. */
  synchronized long replace(Collection<Block> added, Collection<Block> retired) {
    Map<Tenant, List<Block>> next = new HashMap<>();
    byTenant.forEach((t, l) -> next.put(t, new ArrayList<>(l)));
    for (Block b : retired) {
      List<Block> l = next.get(new Tenant(b.meta().tenant()));
      if (l != null) {
        l.remove(b);
      }
    }
    for (Block b : added) {
      next.computeIfAbsent(new Tenant(b.meta().tenant()), t -> new ArrayList<>()).add(b);
      nextSequence.accumulateAndGet(b.meta().sequence() + 1, Math::max);
    }
    Map<Tenant, List<Block>> frozen = new HashMap<>();
    next.forEach((t, l) -> {
      if (!l.isEmpty()) {
        l.sort(BY_SEQUENCE);
        frozen.put(t, List.copyOf(l));
      }
    });
    byTenant = Map.copyOf(frozen);
    generation++;
    for (Block b : retired) {
      b.retire();
    }
    return generation;
  }

  /** Takes a damaged block out of service; its directory moves to {@code target} once unused. */
  synchronized void quarantine(Block block, java.nio.file.Path target) {
    Map<Tenant, List<Block>> next = new HashMap<>(byTenant);
    Tenant t = new Tenant(block.meta().tenant());
    List<Block> l = new ArrayList<>(next.getOrDefault(t, List.of()));
    l.remove(block);
    if (l.isEmpty()) {
      next.remove(t);
    } else {
      next.put(t, List.copyOf(l));
    }
    byTenant = Map.copyOf(next);
    generation++;
    block.retireTo(target);
  }

  /** Waits until no querier registered before {@code gen} is open; false on timeout. */
  synchronized boolean awaitReadersBefore(long gen, long timeoutMillis)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    while (!readers.headMap(gen).isEmpty()) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      TimeUnit.NANOSECONDS.timedWait(this, left);
    }
    return true;
  }

  /** Drops the store's reference to every block (at close); files stay. */
  synchronized void closeAll() {
    for (Block b : all()) {
      b.close();
    }
    byTenant = Map.of();
  }
}
