package dev.snaplife.notifier.application.port;

import dev.snaplife.contracts.ledger.LifecycleEntry;

/**
 * The lifecycle ledger: every fact of every snapshot's and archive's life, kept as it is heard, for
 * {@code snaplife status}. Recording the same entry again changes nothing.
 */
public interface LifecycleLedger {

  void record(LifecycleEntry entry);
}
