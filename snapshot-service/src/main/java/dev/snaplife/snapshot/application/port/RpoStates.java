package dev.snaplife.snapshot.application.port;

import java.time.Instant;
import java.util.Optional;

/** Which databases are in breach of their policy's recovery point objective, and since when. */
public interface RpoStates {

  Optional<Instant> breachedSince(String policy, String database);

  void markBreached(String policy, String database, Instant since);

  void markRestored(String policy, String database);
}
