package dev.snaplife.archive.application;

import dev.snaplife.archive.domain.ArchivePolicy;
import dev.snaplife.contracts.json.InvalidEventException;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** The configured archive policies, by name. */
public final class ArchivePolicies {

  private final Map<String, ArchivePolicy> byName = new TreeMap<>();

  public ArchivePolicies(Collection<ArchivePolicy> policies) {
    policies.forEach(p -> byName.put(p.name(), p));
  }

  /** The named policy; an unknown name in an event is bad input, not a transient failure. */
  public ArchivePolicy named(String name) {
    return find(name)
        .orElseThrow(
            () ->
                new InvalidEventException(
                    "no archive policy named '"
                        + name
                        + "' (configured: "
                        + byName.keySet()
                        + ")"));
  }

  public Optional<ArchivePolicy> find(String name) {
    return Optional.ofNullable(byName.get(name));
  }

  public Collection<ArchivePolicy> all() {
    return byName.values();
  }
}
