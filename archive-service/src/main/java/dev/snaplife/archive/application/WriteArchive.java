package dev.snaplife.archive.application;

import dev.snaplife.archive.application.port.ArchiveJournal;
import dev.snaplife.archive.application.port.ArchiveStore;
import dev.snaplife.archive.application.port.CredentialStore;
import dev.snaplife.archive.application.port.DumpTools;
import dev.snaplife.archive.domain.ArchiveName;
import dev.snaplife.archive.domain.ArchivePolicy;
import dev.snaplife.archive.domain.ArchiveRecord;
import dev.snaplife.archive.domain.Engine;
import dev.snaplife.archive.domain.StorageClass;
import dev.snaplife.contracts.event.ArchiveFailed;
import dev.snaplife.contracts.event.ArchiveRequested;
import dev.snaplife.contracts.event.ArchiveWritten;
import dev.snaplife.contracts.event.EventEnvelope;
import dev.snaplife.contracts.event.Failure;
import dev.snaplife.contracts.event.S3Location;
import dev.snaplife.contracts.event.TableRows;
import dev.snaplife.contracts.json.InvalidEventException;
import dev.snaplife.platform.command.CommandQueue;
import dev.snaplife.platform.publish.EventPublisher;
import dev.snaplife.platform.publish.OutgoingEvents;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes one archive: reads the login, runs the dump tool, streams its output compressed into the
 * archive object (the upload completes only once the tool has exited successfully, so a failed dump
 * leaves neither an object nor parts), journals it with its checksum, row counts and retention,
 * then publishes {@link ArchiveWritten} and asks for its verification. A request whose archive is
 * already journalled writes nothing new; a failed dump or a refused upload is an {@link
 * ArchiveFailed} with the reason, scrubbed of the login.
 */
public final class WriteArchive {

  private static final Logger log = LoggerFactory.getLogger(WriteArchive.class);

  private final ArchivePolicies policies;
  private final ArchiveJournal journal;
  private final CredentialStore credentials;
  private final DumpTools tools;
  private final ArchiveStore store;
  private final EventPublisher publisher;
  private final OutgoingEvents outgoing;
  private final CommandQueue commands;
  private final Clock clock;

  public WriteArchive(
      ArchivePolicies policies,
      ArchiveJournal journal,
      CredentialStore credentials,
      DumpTools tools,
      ArchiveStore store,
      EventPublisher publisher,
      OutgoingEvents outgoing,
      CommandQueue commands,
      Clock clock) {
    this.policies = policies;
    this.journal = journal;
    this.credentials = credentials;
    this.tools = tools;
    this.store = store;
    this.publisher = publisher;
    this.outgoing = outgoing;
    this.commands = commands;
    this.clock = clock;
  }

  /** The lifecycle every event of one archive belongs to. */
  public static UUID lifecycleOf(ArchiveName archive) {
    return OutgoingEvents.lifecycleIdOf("archive/" + archive.id());
  }

  public void write(EventEnvelope<ArchiveRequested> event) {
    ArchiveRequested request = event.data();
    ArchivePolicy policy = policies.named(request.policy());
    ArchiveName name;
    try {
      name =
          new ArchiveName(
              policy.name(),
              request.databaseIdentifier(),
              request.databaseName(),
              request.scheduledTime());
    } catch (IllegalArgumentException e) {
      throw new InvalidEventException(e.getMessage());
    }
    StorageClass storageClass = storageClassOf(request, policy);
    int retentionDays =
        request.retentionDays() != null ? request.retentionDays() : policy.retentionDays();
    if (retentionDays < 1) {
      throw new InvalidEventException("retentionDays must be at least 1, not " + retentionDays);
    }
    Optional<Engine> engine = Engine.ofRdsEngine(request.engine());
    if (engine.isEmpty()) {
      publisher.publish(
          List.of(
              failed(
                  event,
                  new Failure(
                      "engine " + request.engine() + " has no dump tool",
                      "UnsupportedEngine",
                      false),
                  0)));
      return;
    }
    Optional<ArchiveRecord> journalled = journal.find(name.id());
    if (journalled.isPresent()) {
      ArchiveRecord existing = journalled.get();
      if (existing.status() == ArchiveRecord.Status.WRITTEN) {
        log.info("archive {} is already written: publishing its event again", name.id());
        // A crash after journalling may have left its due lists unwritten: adding is idempotent.
        scheduleUpkeep(existing, policy);
        publisher.publish(List.of(written(event, existing, retentionDays)));
        if (policy.verifyAfterWrite()) {
          commands.send(VerifyArchive.afterWrite(existing.id()));
        }
        return;
      }
      if (existing.status() == ArchiveRecord.Status.EXPIRED) {
        log.info("archive {} was written and has expired: nothing to do", name.id());
        return;
      }
    }
    Instant now = clock.instant();
    ArchiveRecord started =
        new ArchiveRecord(
            name.id(),
            ArchiveRecord.Status.STARTED,
            journalled.map(r -> r.attempt() + 1).orElse(1),
            policy.name(),
            request.databaseIdentifier(),
            request.databaseName(),
            engine.get(),
            name.location(policy, engine.get()),
            storageClass,
            policy.compression(),
            request.scheduledTime(),
            now,
            null,
            0,
            null,
            List.of(),
            request.scheduledTime().plus(Duration.ofDays(retentionDays)),
            null,
            event.lifecycleId(),
            null);
    CredentialStore.Secret secret;
    try {
      secret = credentials.read(request.secretArn());
    } catch (CredentialStore.SecretUnavailableException e) {
      fail(event, started, new Failure(e.getMessage(), "SecretUnavailable", true));
      return;
    }
    journal.save(started);
    List<TableRows> tables = new ArrayList<>();
    ArchiveStore.Stored stored;
    try (DumpTools.RunningDump dump =
        tools.dump(engine.get(), secret.credentials(), request.databaseName())) {
      // The tool's exit is checked when its output ends, before the upload completes.
      InputStream checked = new CheckedAtEnd(dump.output(), () -> tables.addAll(dump.finish()));
      stored =
          store.write(
              started.location(), checked, policy.compression(), storageClass, policy.kmsKeyId());
    } catch (RuntimeException e) {
      Optional<DumpTools.ToolFailedException> tool =
          causeOf(e, DumpTools.ToolFailedException.class);
      if (tool.isPresent()) {
        DumpTools.ToolFailedException failure = tool.get();
        fail(
            event,
            started,
            new Failure(
                secret.credentials().scrub(failure.getMessage()),
                failure.errorCode(),
                failure.retryable()));
        return;
      }
      if (causeOf(e, ArchiveStore.RefusedException.class).isPresent()) {
        fail(
            event,
            started,
            new Failure(
                "writing "
                    + started.location().uri()
                    + " failed: "
                    + secret.credentials().scrub(e.getMessage()),
                "UploadFailed",
                false));
        return;
      }
      // Transient (S3 throttling or 5xx past the client's retries, a network failure): the
      // journal says so, and the platform redelivers the request after its backoff.
      journal.save(started.failed(clock.instant(), secret.credentials().scrub(e.getMessage())));
      throw e;
    }
    ArchiveRecord written =
        started.written(clock.instant(), stored.bytes(), stored.sha256(), tables);
    journal.save(written);
    scheduleUpkeep(written, policy);
    publisher.publish(List.of(written(event, written, retentionDays)));
    if (policy.verifyAfterWrite()) {
      commands.send(VerifyArchive.afterWrite(written.id()));
    }
    log.info(
        "archived {} to {}: {} bytes, sha256 {}, {} tables",
        written.id(),
        written.location().uri(),
        written.bytes(),
        written.sha256(),
        tables.size());
  }

  /** Puts a written archive on the due lists of its expiry and, if any, its re-verification. */
  private void scheduleUpkeep(ArchiveRecord written, ArchivePolicy policy) {
    journal.due(ArchiveJournal.Due.EXPIRY, expiryDay(written.retainUntil()), written.id());
    if (policy.reverifyEvery() != null && written.finishedAt() != null) {
      journal.due(
          ArchiveJournal.Due.VERIFICATION,
          day(written.finishedAt().plus(policy.reverifyEvery())),
          written.id());
    }
  }

  /** An archive expires on the day after its retention ends, so the whole day has passed. */
  static LocalDate expiryDay(Instant retainUntil) {
    return day(retainUntil).plusDays(1);
  }

  static LocalDate day(Instant instant) {
    return LocalDate.ofInstant(instant, ZoneOffset.UTC);
  }

  private static StorageClass storageClassOf(ArchiveRequested request, ArchivePolicy policy) {
    if (request.storageClass() == null) {
      return policy.storageClass();
    }
    try {
      return StorageClass.valueOf(request.storageClass().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new InvalidEventException(
          "storageClass '"
              + request.storageClass()
              + "' is not one of "
              + java.util.Arrays.toString(StorageClass.values()));
    }
  }

  private void fail(EventEnvelope<ArchiveRequested> event, ArchiveRecord started, Failure failure) {
    journal.save(started.failed(clock.instant(), failure.reason()));
    log.warn("archive {} failed: {}", started.id(), failure.reason());
    publisher.publish(List.of(failed(event, failure, started.attempt())));
  }

  private EventEnvelope<ArchiveFailed> failed(
      EventEnvelope<ArchiveRequested> event, Failure failure, int attempt) {
    ArchiveRequested request = event.data();
    return outgoing.causedBy(
        event,
        new ArchiveFailed(
            request.policy(), request.databaseIdentifier(), request.databaseName(), failure),
        "attempt/" + attempt);
  }

  private EventEnvelope<ArchiveWritten> written(
      EventEnvelope<ArchiveRequested> event, ArchiveRecord record, int retentionDays) {
    S3Location location = record.location();
    return outgoing.aboutSubject(
        event.eventId(),
        record.lifecycleId(),
        new ArchiveWritten(
            record.policy(),
            record.databaseIdentifier(),
            record.databaseName(),
            event.data().engine(),
            location,
            record.bytes(),
            record.sha256(),
            record.storageClass().name(),
            retentionDays,
            record.retainUntil()),
        location.uri());
  }

  static <T extends Throwable> Optional<T> causeOf(Throwable e, Class<T> type) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return Optional.of(type.cast(t));
      }
    }
    return Optional.empty();
  }

  /** Runs a check when the stream ends; its failure becomes the stream's, so nothing completes. */
  private static final class CheckedAtEnd extends FilterInputStream {
    private final Runnable check;
    private boolean checked;

    CheckedAtEnd(InputStream in, Runnable check) {
      super(in);
      this.check = check;
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b < 0) {
        atEnd();
      }
      return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      int n = super.read(buffer, offset, length);
      if (n < 0) {
        atEnd();
      }
      return n;
    }

    private void atEnd() throws IOException {
      if (!checked) {
        checked = true;
        try {
          check.run();
        } catch (RuntimeException e) {
          throw new IOException(e.getMessage(), e);
        }
      }
    }
  }
}
