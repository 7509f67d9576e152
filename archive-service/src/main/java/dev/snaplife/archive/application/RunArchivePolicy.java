package dev.snaplife.archive.application;

import dev.snaplife.archive.application.port.CredentialStore;
import dev.snaplife.archive.application.port.DatabaseDirectory;
import dev.snaplife.archive.domain.ArchiveName;
import dev.snaplife.archive.domain.ArchivePolicy;
import dev.snaplife.archive.domain.Engine;
import dev.snaplife.contracts.event.ArchiveFailed;
import dev.snaplife.contracts.event.ArchiveRequested;
import dev.snaplife.contracts.event.ArchiveRunRequested;
import dev.snaplife.contracts.event.EventEnvelope;
import dev.snaplife.contracts.event.Failure;
import dev.snaplife.platform.publish.EventPublisher;
import dev.snaplife.platform.publish.OutgoingEvents;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A run of an archive policy: selects its databases and requests one archive per database and
 * logical database, each its own message on the bus, so a dump is retried alone, runs on whichever
 * replica takes it, and a run of a hundred databases is not one handler of a hundred dumps. What
 * cannot be archived (an engine without a dump tool, a missing secret) is an {@link ArchiveFailed}
 * saying why, and the rest of the run goes on.
 */
public final class RunArchivePolicy {

  private final ArchivePolicies policies;
  private final DatabaseDirectory directory;
  private final CredentialStore credentials;
  private final EventPublisher publisher;
  private final OutgoingEvents outgoing;

  public RunArchivePolicy(
      ArchivePolicies policies,
      DatabaseDirectory directory,
      CredentialStore credentials,
      EventPublisher publisher,
      OutgoingEvents outgoing) {
    this.policies = policies;
    this.directory = directory;
    this.credentials = credentials;
    this.publisher = publisher;
    this.outgoing = outgoing;
  }

  public void run(EventEnvelope<ArchiveRunRequested> event) {
    ArchiveRunRequested run = event.data();
    ArchivePolicy policy = policies.named(run.policy());
    Set<String> only =
        run.databaseIdentifiers() == null
            ? Set.of()
            : new LinkedHashSet<>(run.databaseIdentifiers());
    List<EventEnvelope<?>> out = new ArrayList<>();
    Set<String> found = new LinkedHashSet<>();
    for (DatabaseDirectory.Database database : directory.select(policy.selection())) {
      if (!only.isEmpty() && !only.contains(database.identifier())) {
        continue;
      }
      found.add(database.identifier());
      out.addAll(requestsFor(event, policy, database));
    }
    for (String missing : only) {
      if (!found.contains(missing)) {
        out.add(
            failed(
                event,
                policy,
                missing,
                null,
                new Failure(
                    "policy '"
                        + policy.name()
                        + "' does not select a database '"
                        + missing
                        + "' in this account and region",
                    "NotSelected",
                    false)));
      }
    }
    publisher.publish(out);
  }

  private List<EventEnvelope<?>> requestsFor(
      EventEnvelope<ArchiveRunRequested> event,
      ArchivePolicy policy,
      DatabaseDirectory.Database database) {
    if (Engine.ofRdsEngine(database.rdsEngine()).isEmpty()) {
      return List.of(
          failed(
              event,
              policy,
              database.identifier(),
              null,
              new Failure(
                  "engine "
                      + database.rdsEngine()
                      + " has no dump tool: Snaplife archives PostgreSQL, MySQL and MariaDB"
                      + " (Aurora included)",
                  "UnsupportedEngine",
                  false)));
    }
    String secretName = policy.secretName(database.identifier());
    CredentialStore.Secret secret;
    try {
      secret = credentials.read(secretName);
    } catch (CredentialStore.SecretUnavailableException e) {
      return List.of(
          failed(
              event,
              policy,
              database.identifier(),
              null,
              new Failure(e.getMessage(), "SecretUnavailable", true)));
    }
    List<String> names = policy.databaseNames();
    if (names.isEmpty()) {
      String dbname = secret.credentials().databaseName();
      if (dbname == null) {
        return List.of(
            failed(
                event,
                policy,
                database.identifier(),
                null,
                new Failure(
                    "the secret "
                        + secretName
                        + " names no dbname and the policy lists no database-names: nothing"
                        + " says which database to dump",
                    "NoDatabaseName",
                    false)));
      }
      names = List.of(dbname);
    }
    List<EventEnvelope<?>> out = new ArrayList<>();
    for (String name : names) {
      ArchiveName archive;
      try {
        archive =
            new ArchiveName(policy.name(), database.identifier(), name, scheduledTimeOf(event));
      } catch (IllegalArgumentException e) {
        out.add(
            failed(
                event,
                policy,
                database.identifier(),
                null,
                new Failure(e.getMessage(), "InvalidName", false)));
        continue;
      }
      out.add(
          outgoing.causedBy(
              event,
              WriteArchive.lifecycleOf(archive),
              new ArchiveRequested(
                  policy.name(),
                  database.identifier(),
                  database.rdsEngine(),
                  name,
                  secret.arn(),
                  scheduledTimeOf(event),
                  null,
                  null),
              database.identifier() + "/" + name));
    }
    return out;
  }

  private static java.time.Instant scheduledTimeOf(EventEnvelope<ArchiveRunRequested> event) {
    return event.data().scheduledTime();
  }

  private EventEnvelope<ArchiveFailed> failed(
      EventEnvelope<ArchiveRunRequested> event,
      ArchivePolicy policy,
      String databaseIdentifier,
      String databaseName,
      Failure failure) {
    return outgoing.causedBy(
        event,
        new ArchiveFailed(policy.name(), databaseIdentifier, databaseName, failure),
        databaseIdentifier);
  }
}
