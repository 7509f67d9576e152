package dev.snaplife.snapshot.application.port;

import java.time.Instant;
import java.util.Map;

/**
 * The recovery-point watch's memory, read in one call per tick: which databases are in breach and
 * since when, and per policy until when all its databases are known to be fresh (so a tick within
 * that horizon needs no snapshot describes).
 */
public interface RpoStates {

  Watch load();

  /** Records a breach; false when another instance recorded it first (keep its start). */
  boolean markBreached(String key, Instant since);

  void markRestored(String key);

  void saveHorizon(String policy, Horizon horizon);

  /**
   * @param breaches by "policy/kind/database", since when
   */
  record Watch(Map<String, Instant> breaches, Map<String, Horizon> horizons) {
    public Watch {
      breaches = Map.copyOf(breaches);
      horizons = Map.copyOf(horizons);
    }
  }

  /**
   * @param freshUntil the earliest time one of the policy's databases could breach
   * @param fleetDigest which databases the policy selected then; a new one voids the horizon
   */
  record Horizon(Instant freshUntil, String fleetDigest) {}
}
