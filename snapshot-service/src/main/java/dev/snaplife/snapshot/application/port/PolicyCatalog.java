package dev.snaplife.snapshot.application.port;

import dev.snaplife.snapshot.domain.BackupPolicy;
import java.util.Collection;

/**
 * The policies this service runs, published where operators' tools can read them (the command line
 * refuses a request for a policy that does not exist rather than sending it to a dead-letter
 * queue).
 */
public interface PolicyCatalog {

  void publish(Collection<BackupPolicy> policies);
}
