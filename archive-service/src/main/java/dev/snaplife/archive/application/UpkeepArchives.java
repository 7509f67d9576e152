package dev.snaplife.archive.application;

import dev.snaplife.archive.application.port.ArchiveJournal;
import dev.snaplife.archive.application.port.ArchiveStore;
import dev.snaplife.archive.domain.ArchivePolicy;
import dev.snaplife.archive.domain.ArchiveRecord;
import dev.snaplife.archive.domain.EarlyDeletion;
import dev.snaplife.contracts.event.ArchiveExpired;
import dev.snaplife.contracts.event.EventEnvelope;
import dev.snaplife.platform.command.CommandQueue;
import dev.snaplife.platform.command.OutgoingCommand;
import dev.snaplife.platform.publish.EventPublisher;
import dev.snaplife.platform.publish.OutgoingEvents;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hourly upkeep: expires the archives whose retention has passed, from the journal's due lists
 * (never from an S3 listing, so nothing Snaplife did not write is touched), and sends each archive
 * due for re-verification its own verification command. A day's list is marked swept only once all
 * of it is done, so a failure mid-way is picked up by the next tick.
 */
public final class UpkeepArchives {

  public static final String TIMER = dev.snaplife.contracts.routing.Routing.ARCHIVE_UPKEEP.name();

  private static final Logger log = LoggerFactory.getLogger(UpkeepArchives.class);

  private final ArchivePolicies policies;
  private final ArchiveJournal journal;
  private final ArchiveStore store;
  private final EventPublisher publisher;
  private final OutgoingEvents outgoing;
  private final CommandQueue commands;
  private final Clock clock;

  public UpkeepArchives(
      ArchivePolicies policies,
      ArchiveJournal journal,
      ArchiveStore store,
      EventPublisher publisher,
      OutgoingEvents outgoing,
      CommandQueue commands,
      Clock clock) {
    this.policies = policies;
    this.journal = journal;
    this.store = store;
    this.publisher = publisher;
    this.outgoing = outgoing;
    this.commands = commands;
    this.clock = clock;
  }

  public void run(UUID tickId) {
    LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    for (ArchiveJournal.DueDay day : journal.unswept(ArchiveJournal.Due.EXPIRY, today)) {
      // Deleted, published, then journalled: a crash in between repeats an idempotent delete, and
      // the event keeps its id (it is about the archive, whichever tick reports it).
      List<Expiry> expired = new ArrayList<>();
      for (String archiveId : day.archiveIds()) {
        expire(archiveId, tickId).ifPresent(expired::add);
      }
      publisher.publish(expired.stream().<EventEnvelope<?>>map(Expiry::event).toList());
      expired.forEach(e -> journal.save(e.archive().expired()));
      journal.swept(ArchiveJournal.Due.EXPIRY, day.day());
    }
    for (ArchiveJournal.DueDay day : journal.unswept(ArchiveJournal.Due.VERIFICATION, today)) {
      List<OutgoingCommand> verifications =
          day.archiveIds().stream().map(id -> VerifyArchive.scheduled(id, day.day())).toList();
      if (!verifications.isEmpty()) {
        commands.send(verifications);
      }
      journal.swept(ArchiveJournal.Due.VERIFICATION, day.day());
    }
  }

  private record Expiry(ArchiveRecord archive, EventEnvelope<ArchiveExpired> event) {}

  private Optional<Expiry> expire(String archiveId, UUID tickId) {
    Optional<ArchiveRecord> found = journal.find(archiveId);
    if (found.isEmpty() || found.get().status() != ArchiveRecord.Status.WRITTEN) {
      return Optional.empty();
    }
    ArchiveRecord archive = found.get();
    Instant now = clock.instant();
    if (archive.retainUntil().isAfter(now)) {
      return Optional.empty();
    }
    store.delete(archive.location());
    ArchivePolicy.Transition transition =
        policies.find(archive.policy()).map(ArchivePolicy::transition).orElse(null);
    String charge =
        EarlyDeletion.charge(archive.storageClass(), transition, archive.finishedAt(), now)
            .orElse(null);
    log.info("expired archive {} ({})", archiveId, archive.location().uri());
    return Optional.of(
        new Expiry(
            archive,
            outgoing.aboutSubject(
                tickId,
                archive.lifecycleId(),
                new ArchiveExpired(
                    archive.policy(),
                    archive.databaseIdentifier(),
                    archive.databaseName(),
                    archive.location(),
                    archive.finishedAt(),
                    charge),
                archive.location().uri())));
  }
}
