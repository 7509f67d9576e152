package dev.snaplife.snapshot.application;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Runs one action per item with bounded concurrency: how a run makes hundreds of RDS calls in the
 * time of a few dozen, under the RDS client's throttling back-off. An action reports the failures
 * it expects as facts; the first unexpected one stops new items from starting and is rethrown once
 * the running ones end, so the message is retried (every action is idempotent).
 */
final class Parallel {

  private Parallel() {}

  static <T> void forEach(List<T> items, int concurrency, Consumer<T> action) {
    if (items.isEmpty()) {
      return;
    }
    if (concurrency <= 1 || items.size() == 1) {
      items.forEach(action);
      return;
    }
    AtomicReference<RuntimeException> failure = new AtomicReference<>();
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(concurrency, items.size()));
    try {
      List<Future<?>> running = new ArrayList<>();
      for (T item : items) {
        running.add(
            pool.submit(
                () -> {
                  if (failure.get() != null) {
                    return;
                  }
                  try {
                    action.accept(item);
                  } catch (RuntimeException e) {
                    failure.compareAndSet(null, e);
                  }
                }));
      }
      for (Future<?> f : running) {
        f.get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    } finally {
      pool.shutdownNow();
    }
    if (failure.get() != null) {
      throw failure.get();
    }
  }
}
