package dev.snaplife.snapshot.application;

import dev.snaplife.contracts.json.InvalidEventException;
import dev.snaplife.snapshot.domain.BackupPolicy;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** The configured backup policies by name. */
public final class Policies {

  private final Map<String, BackupPolicy> byName = new TreeMap<>();

  public Policies(Collection<BackupPolicy> policies) {
    policies.forEach(p -> byName.put(p.name(), p));
  }

  /** The named policy; an unknown name in an event is bad input, not a transient failure. */
  public BackupPolicy named(String name) {
    return find(name)
        .orElseThrow(
            () ->
                new InvalidEventException(
                    "no backup policy named '" + name + "' (configured: " + byName.keySet() + ")"));
  }

  public Optional<BackupPolicy> find(String name) {
    return Optional.ofNullable(byName.get(name));
  }

  public Collection<BackupPolicy> all() {
    return byName.values();
  }
}
