package dev.snaplife.archive.application;

import dev.snaplife.archive.application.port.ArchiveJournal;
import dev.snaplife.archive.application.port.ArchiveStore;
import dev.snaplife.archive.application.port.DumpTools;
import dev.snaplife.archive.domain.ArchivePolicy;
import dev.snaplife.archive.domain.ArchiveRecord;
import dev.snaplife.contracts.event.ArchiveVerificationFailed;
import dev.snaplife.contracts.event.ArchiveVerified;
import dev.snaplife.contracts.event.EventEnvelope;
import dev.snaplife.contracts.event.Failure;
import dev.snaplife.contracts.event.TableRows;
import dev.snaplife.platform.command.Command;
import dev.snaplife.platform.command.CommandQueue;
import dev.snaplife.platform.command.OutgoingCommand;
import dev.snaplife.platform.publish.EventPublisher;
import dev.snaplife.platform.publish.OutgoingEvents;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Proves an archive restores: reads it back from S3, restores it into a scratch database (dropped
 * afterwards), and checks that the stored bytes have the journalled SHA-256 and the restored tables
 * the row counts the dump recorded. Runs after writing and again on the policy's re-verification
 * interval; each verification is a command of its own, so a long restore keeps its own message
 * invisible and a failure is retried alone. An archive in a class that must be restored first
 * (Flexible Retrieval, Deep Archive) gets a restore request and is checked again later.
 */
public final class VerifyArchive {

  public static final String COMMAND = "verify-archive";

  /** How long to wait before looking again at an archive whose S3 restore is under way. */
  static final Duration RESTORE_RECHECK = CommandQueue.MAX_DELAY;

  private static final Logger log = LoggerFactory.getLogger(VerifyArchive.class);

  /**
   * @param trigger {@code after-write}, {@code scheduled/<day>} or {@code restore-wait/<n>}
   */
  public record Request(String archiveId, String trigger) {}

  private final ArchivePolicies policies;
  private final ArchiveJournal journal;
  private final ArchiveStore store;
  private final DumpTools tools;
  private final EventPublisher publisher;
  private final OutgoingEvents outgoing;
  private final CommandQueue commands;
  private final Clock clock;

  public VerifyArchive(
      ArchivePolicies policies,
      ArchiveJournal journal,
      ArchiveStore store,
      DumpTools tools,
      EventPublisher publisher,
      OutgoingEvents outgoing,
      CommandQueue commands,
      Clock clock) {
    this.policies = policies;
    this.journal = journal;
    this.store = store;
    this.tools = tools;
    this.publisher = publisher;
    this.outgoing = outgoing;
    this.commands = commands;
    this.clock = clock;
  }

  static OutgoingCommand afterWrite(String archiveId) {
    return command(archiveId, "after-write", Duration.ZERO);
  }

  static OutgoingCommand scheduled(String archiveId, java.time.LocalDate day) {
    return command(archiveId, "scheduled/" + day, Duration.ZERO);
  }

  private static OutgoingCommand command(String archiveId, String trigger, Duration delay) {
    return new OutgoingCommand(
        COMMAND,
        OutgoingEvents.derive("verify-archive/" + archiveId + "/" + trigger),
        new Request(archiveId, trigger),
        delay);
  }

  public void verify(Command<Request> command) {
    String archiveId = command.payload().archiveId();
    Optional<ArchiveRecord> found = journal.find(archiveId);
    if (found.isEmpty() || found.get().status() != ArchiveRecord.Status.WRITTEN) {
      log.info(
          "not verifying {}: it is {}",
          archiveId,
          found.map(r -> r.status().name().toLowerCase()).orElse("not in the journal"));
      return;
    }
    ArchiveRecord archive = found.get();
    Failure failure;
    try (ArchiveStore.OpenedArchive opened =
        store.open(archive.location(), archive.compression())) {
      List<TableRows> restored = null;
      RuntimeException restoreFailure = null;
      try {
        restored = tools.restoreAndCount(archive.engine(), scratchName(), opened.content());
      } catch (RuntimeException e) {
        restoreFailure = e;
      }
      String sha256 = opened.sha256OfStoredBytes();
      failure = judge(archive, sha256, restored, restoreFailure);
    } catch (ArchiveStore.ArchiveUnavailableException e) {
      if (e.restoreRequested()) {
        log.info(
            "archive {} is being restored from its cold class: checking again later", archiveId);
        commands.send(
            command(archiveId, "restore-wait/" + clock.instant().toEpochMilli(), RESTORE_RECHECK));
        return;
      }
      failure = new Failure(e.getMessage(), "ArchiveMissing", false);
    }
    Instant now = clock.instant();
    journal.verified(archiveId, now, failure == null);
    Optional<ArchivePolicy> policy = policies.find(archive.policy());
    if (policy.isPresent() && policy.get().reverifyEvery() != null) {
      journal.due(
          ArchiveJournal.Due.VERIFICATION,
          WriteArchive.day(now.plus(policy.get().reverifyEvery())),
          archiveId);
    }
    EventEnvelope<?> outcome =
        failure == null
            ? outgoing.causedBy(
                command.id(),
                archive.lifecycleId(),
                new ArchiveVerified(
                    archive.policy(),
                    archive.databaseIdentifier(),
                    archive.databaseName(),
                    archive.engine().name().toLowerCase(),
                    archive.location(),
                    archive.sha256(),
                    archive.tables(),
                    archive.finishedAt()),
                archiveId)
            : outgoing.causedBy(
                command.id(),
                archive.lifecycleId(),
                new ArchiveVerificationFailed(
                    archive.policy(),
                    archive.databaseIdentifier(),
                    archive.databaseName(),
                    archive.location(),
                    archive.finishedAt(),
                    failure),
                archiveId);
    publisher.publish(List.of(outcome));
  }

  /** The first problem found, in the order that explains the others; null when it all holds. */
  static Failure judge(
      ArchiveRecord archive,
      String sha256,
      List<TableRows> restored,
      RuntimeException restoreFailure) {
    if (!sha256.equals(archive.sha256())) {
      return new Failure(
          "the object's SHA-256 is "
              + sha256
              + " but the journal recorded "
              + archive.sha256()
              + ": the archive was changed or damaged after it was written",
          "ChecksumMismatch",
          false);
    }
    if (restoreFailure != null) {
      return new Failure(
          "the archive does not restore: " + restoreFailure.getMessage(), "RestoreFailed", false);
    }
    Map<String, Long> expected = rows(archive.tables());
    Map<String, Long> actual = rows(restored);
    if (!expected.equals(actual)) {
      String differences =
          new java.util.TreeSet<>(
                  java.util.stream.Stream.concat(
                          expected.keySet().stream(), actual.keySet().stream())
                      .toList())
              .stream()
                  .filter(t -> !java.util.Objects.equals(expected.get(t), actual.get(t)))
                  .map(t -> t + ": dumped " + expected.get(t) + ", restored " + actual.get(t))
                  .collect(Collectors.joining("; "));
      return new Failure(
          "the restored row counts differ from the dump's: " + differences,
          "RowCountMismatch",
          false);
    }
    return null;
  }

  private static Map<String, Long> rows(List<TableRows> tables) {
    Map<String, Long> rows = new TreeMap<>();
    tables.forEach(t -> rows.put(t.table(), t.rows()));
    return rows;
  }

  /** Unique per verification, so a crashed one's leftover never blocks the next. */
  private static String scratchName() {
    byte[] random = new byte[6];
    ThreadLocalRandom.current().nextBytes(random);
    return "snaplife_verify_" + HexFormat.of().formatHex(random);
  }
}
