package dev.snaplife.snapshot.testing;

import dev.snaplife.contracts.event.SnapshotRef;
import dev.snaplife.snapshot.application.port.ReportedSnapshots;
import dev.snaplife.snapshot.application.port.RpoStates;
import dev.snaplife.snapshot.application.port.RunJournal;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** The service's own state in memory: the run journal, reported snapshots and the RPO watch. */
public final class InMemoryState implements RunJournal, ReportedSnapshots, RpoStates {

  public final Map<UUID, List<SnapshotRef>> journal = new ConcurrentHashMap<>();
  public final Set<String> reported = ConcurrentHashMap.newKeySet();
  public final Map<String, Instant> breaches = new ConcurrentHashMap<>();
  public final Map<String, Horizon> horizons = new ConcurrentHashMap<>();
  public final List<String> calls = new CopyOnWriteArrayList<>();

  @Override
  public List<SnapshotRef> plannedDeletions(UUID runId) {
    calls.add("journal.read");
    return journal.getOrDefault(runId, List.of());
  }

  @Override
  public void recordDeletions(UUID runId, List<SnapshotRef> planned) {
    calls.add("journal.write");
    journal.put(runId, List.copyOf(planned));
  }

  @Override
  public void markReported(String snapshotArn) {
    reported.add(snapshotArn);
  }

  @Override
  public Set<String> reported(Collection<String> snapshotArns) {
    calls.add("reported.read");
    Set<String> found = new HashSet<>(snapshotArns);
    found.retainAll(reported);
    return found;
  }

  @Override
  public Watch load() {
    calls.add("rpo.load");
    return new Watch(breaches, horizons);
  }

  @Override
  public boolean markBreached(String key, Instant since) {
    return breaches.putIfAbsent(key, since) == null;
  }

  @Override
  public void markRestored(String key) {
    breaches.remove(key);
  }

  @Override
  public void saveHorizon(String policy, Horizon horizon) {
    horizons.put(policy, horizon);
  }
}
