package dev.snaplife.snapshot.application.port;

import dev.snaplife.contracts.event.Failure;

/** RDS refused a snapshot request; the failure says why and whether a later retry may work. */
public class SnapshotRequestRejected extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final transient Failure failure;

  public SnapshotRequestRejected(Failure failure) {
    super(failure.reason());
    this.failure = failure;
  }

  public Failure failure() {
    return failure;
  }
}
