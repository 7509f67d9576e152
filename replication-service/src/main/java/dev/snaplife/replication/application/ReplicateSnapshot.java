package dev.snaplife.replication.application;

import dev.snaplife.contracts.event.EventEnvelope;
import dev.snaplife.contracts.event.SnapshotCopyRequested;
import dev.snaplife.contracts.event.SnapshotCreated;
import dev.snaplife.contracts.event.SnapshotRef;
import dev.snaplife.contracts.event.SnapshotReplicationFailed.Step;
import dev.snaplife.contracts.event.SnapshotShared;
import dev.snaplife.platform.command.Command;
import dev.snaplife.platform.command.CommandQueue;
import dev.snaplife.platform.command.OutgoingCommand;
import dev.snaplife.platform.publish.EventPublisher;
import dev.snaplife.platform.publish.OutgoingEvents;
import dev.snaplife.replication.application.port.Keys;
import dev.snaplife.replication.application.port.RdsSnapshots;
import dev.snaplife.replication.application.port.RdsSnapshots.StepRefused;
import dev.snaplife.replication.domain.Destination;
import dev.snaplife.replication.domain.Location;
import dev.snaplife.replication.domain.Replica;
import dev.snaplife.replication.domain.ReplicaNaming;
import dev.snaplife.replication.domain.ReplicaTags;
import dev.snaplife.replication.domain.ReplicationRule;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The first steps of a snapshot's replication, on {@code SnapshotCreated}: for each rule that
 * selects it, re-encrypt a default-key snapshot with the customer key (AWS will not share one
 * encrypted with {@code aws/rds}), share it with the rule's accounts, and request one copy per
 * destination, each as its own event. A redelivery repeats nothing: the share is idempotent, the
 * re-encrypted copy has a deterministic name, and the events have derived ids.
 */
public final class ReplicateSnapshot {

  public static final String RESUME = "replication-resume";

  /** About a day of checks, at most 15 minutes apart, before a snapshot is given up on. */
  static final int GIVE_UP_AFTER = 100;

  private static final Logger log = LoggerFactory.getLogger(ReplicateSnapshot.class);

  /**
   * A snapshot replication comes back to: still being created, or being re-encrypted.
   *
   * @param attempt how many times it has come back, for the backoff
   */
  public record Resume(
      UUID causeEventId, UUID lifecycleId, SnapshotCreated created, String rule, int attempt) {}

  private final ReplicationRules rules;
  private final RdsSnapshots snapshots;
  private final Keys keys;
  private final EventPublisher publisher;
  private final OutgoingEvents outgoing;
  private final CommandQueue commands;
  private final ReplicationFailures failures;

  public ReplicateSnapshot(
      ReplicationRules rules,
      RdsSnapshots snapshots,
      Keys keys,
      EventPublisher publisher,
      OutgoingEvents outgoing,
      CommandQueue commands) {
    this.rules = rules;
    this.snapshots = snapshots;
    this.keys = keys;
    this.publisher = publisher;
    this.outgoing = outgoing;
    this.commands = commands;
    this.failures = new ReplicationFailures(publisher, outgoing);
  }

  public void onCreated(EventEnvelope<SnapshotCreated> event) {
    SnapshotCreated created = event.data();
    SnapshotRef source = created.snapshot();
    Location home = rules.home();
    if (!source.accountId().equals(home.accountId()) || !source.region().equals(home.region())) {
      log.info(
          "{} is in {}/{}, not in {}: replicated where it was taken",
          source.snapshotIdentifier(),
          source.accountId(),
          source.region(),
          home);
      return;
    }
    List<ReplicationRule> candidates = candidates(created);
    if (candidates.isEmpty()) {
      return;
    }
    // One describe for every rule: the snapshot's tags (rule conditions, and what copies carry)
    // and its state.
    Optional<Replica> found = describe(source);
    for (ReplicationRule rule : candidates) {
      replicate(event.eventId(), event.lifecycleId(), created, rule, 0, found);
    }
  }

  /** A snapshot that was not ready comes back. */
  public void resume(Command<Resume> command) {
    Resume resume = command.payload();
    Optional<ReplicationRule> rule = rules.rule(resume.rule());
    if (rule.isEmpty()) {
      log.warn("rule {} is no longer configured: not resuming its replication", resume.rule());
      return;
    }
    replicate(
        resume.causeEventId(),
        resume.lifecycleId(),
        resume.created(),
        rule.get(),
        resume.attempt(),
        describe(resume.created().snapshot()));
  }

  /** The rules that may select the snapshot; tag conditions are checked on its tags later. */
  private List<ReplicationRule> candidates(SnapshotCreated created) {
    SnapshotRef s = created.snapshot();
    return rules.rules().stream()
        // Tag conditions hold trivially here; they are checked on the described snapshot.
        .filter(r -> r.selects(created.policy(), s.databaseKind(), s.sourceIdentifier(), r.tags()))
        .toList();
  }

  private Optional<Replica> describe(SnapshotRef ref) {
    return snapshots.find(rules.home(), ref.databaseKind(), ref.snapshotIdentifier());
  }

  private void replicate(
      UUID cause,
      UUID lifecycle,
      SnapshotCreated created,
      ReplicationRule rule,
      int attempt,
      Optional<Replica> found) {
    SnapshotRef ref = created.snapshot();
    Location home = rules.home();
    if (found.isEmpty()) {
      failed(
          cause,
          lifecycle,
          created,
          rule,
          Step.SHARE,
          "SnapshotNotFound",
          ref.snapshotIdentifier()
              + " no longer exists in "
              + home
              + ": it was deleted before it could be replicated",
          false);
      return;
    }
    Replica source = found.get();
    if (!rule.selects(created.policy(), source.kind(), source.sourceIdentifier(), source.tags())) {
      return;
    }
    if (source.inProgress()) {
      stillCreating(cause, lifecycle, created, rule, attempt, source);
      return;
    }
    if (!source.isAvailable()) {
      failed(
          cause,
          lifecycle,
          created,
          rule,
          Step.SHARE,
          "SnapshotUnusable",
          source.identifier() + " is " + source.status() + ": it cannot be shared or copied",
          false);
      return;
    }
    try {
      Replica shareable = shareable(cause, lifecycle, created, rule, source, attempt);
      if (shareable == null) {
        return;
      }
      List<EventEnvelope<?>> events = new ArrayList<>();
      share(cause, lifecycle, created, rule, shareable).ifPresent(events::add);
      events.addAll(requestCopies(cause, lifecycle, created, rule, shareable, source.tags()));
      if (!events.isEmpty()) {
        // One PutEvents: the share's fact and the copy requests it allows.
        publisher.publish(events);
      }
    } catch (StepRefused refused) {
      if (refused.retryable() && refused.errorCode().startsWith("InvalidDB")) {
        stillCreating(cause, lifecycle, created, rule, attempt, source);
        return;
      }
      Step step = refused instanceof ReencryptRefused ? Step.REENCRYPT : Step.SHARE;
      failed(
          cause,
          lifecycle,
          created,
          rule,
          step,
          refused.errorCode(),
          refused.getMessage(),
          refused.retryable());
    }
  }

  /**
   * The snapshot to share and copy: the source itself, or, when it is encrypted with the
   * AWS-managed key and must leave the account, its copy re-encrypted with the customer key. Null
   * while that copy is being made (the snapshot comes back).
   */
  private Replica shareable(
      UUID cause,
      UUID lifecycle,
      SnapshotCreated created,
      ReplicationRule rule,
      Replica source,
      int attempt) {
    Location home = rules.home();
    boolean leavesAccount = !rule.accountsToShareWith(home).isEmpty();
    if (!leavesAccount
        || !source.encrypted()
        || source.kmsKeyId() == null
        || !keys.awsManaged(home, source.kmsKeyId())) {
      return source;
    }
    if (rules.reencryptKeyId() == null) {
      throw new ReencryptRefused(
          "DefaultKeyNotShareable",
          source.identifier()
              + " is encrypted with the AWS-managed key aws/rds, which AWS does not allow to be"
              + " shared: set snaplife.replication.reencrypt-kms-key-id to a customer-managed key"
              + " in "
              + home.region()
              + " so Snaplife re-encrypts it before sharing");
    }
    String target = ReplicaNaming.reencryptedIdentifier(source.identifier());
    Optional<Replica> existing = snapshots.find(home, source.kind(), target);
    Replica reencrypted;
    if (existing.isPresent()) {
      reencrypted = existing.get();
    } else {
      try {
        reencrypted =
            snapshots.copy(
                home,
                source,
                target,
                rules.reencryptKeyId(),
                reencryptedTags(lifecycle, created, rule, source),
                false);
        log.info(
            "{} is on the AWS-managed key: re-encrypting it as {} with {}",
            source.identifier(),
            target,
            rules.reencryptKeyId());
      } catch (RdsSnapshots.AlreadyExists e) {
        reencrypted =
            snapshots
                .find(home, source.kind(), target)
                .orElseThrow(() -> new IllegalStateException(target + " exists and does not"));
      } catch (StepRefused refused) {
        throw new ReencryptRefused(refused.errorCode(), refused.getMessage());
      }
    }
    if (!source.arn().equals(reencrypted.tags().get(ReplicaTags.REENCRYPTED_FROM))) {
      throw new ReencryptRefused(
          "NameTaken",
          target
              + " exists in "
              + home
              + " but is not Snaplife's re-encrypted copy of "
              + source.arn()
              + ": rename or delete it");
    }
    if (!reencrypted.isAvailable()) {
      comeBack(cause, lifecycle, created, rule, attempt, "being re-encrypted as " + target);
      return null;
    }
    return reencrypted;
  }

  private Map<String, String> reencryptedTags(
      UUID lifecycle, SnapshotCreated created, ReplicationRule rule, Replica source) {
    Map<String, String> tags =
        new java.util.LinkedHashMap<>(
            ReplicaTags.forCopy(
                rules.environment(),
                lifecycle,
                source.arn(),
                rule.name(),
                "reencrypted",
                created.policy()));
    tags.put(ReplicaTags.REENCRYPTED_FROM, source.arn());
    return tags;
  }

  private Optional<EventEnvelope<SnapshotShared>> share(
      UUID cause, UUID lifecycle, SnapshotCreated created, ReplicationRule rule, Replica snapshot) {
    List<String> accounts = rule.accountsToShareWith(rules.home());
    if (accounts.isEmpty()) {
      return Optional.empty();
    }
    List<String> refused = new ArrayList<>();
    accounts.stream().filter(a -> !rules.allowed(a)).forEach(refused::add);
    if (!refused.isEmpty()) {
      // Checked at start-up too; this guards a configuration changed under a running service.
      throw new StepRefused(
          "AccountNotAllowed",
          "refusing to share "
              + snapshot.identifier()
              + " with "
              + refused
              + ": not on snaplife.replication.allowed-accounts",
          false);
    }
    snapshots.share(rules.home(), snapshot, accounts);
    SnapshotRef ref = ref(snapshot);
    // About the snapshot, not the cause: however often its creation is reported, one fact.
    return Optional.of(
        outgoing.aboutSubject(
            cause,
            lifecycle,
            new SnapshotShared(ref, created.policy(), accounts),
            rule.name() + "/" + snapshot.arn()));
  }

  /** One request per destination; the copies carry the original's tags, not the re-encrypted's. */
  private List<EventEnvelope<?>> requestCopies(
      UUID cause,
      UUID lifecycle,
      SnapshotCreated created,
      ReplicationRule rule,
      Replica snapshot,
      Map<String, String> sourceTags) {
    SnapshotRef ref = ref(snapshot);
    List<EventEnvelope<?>> requests = new ArrayList<>();
    for (Destination d : rule.destinations()) {
      SnapshotCopyRequested request =
          new SnapshotCopyRequested(
              ref,
              created.policy(),
              rule.name(),
              d.name(),
              d.accountId(),
              d.region(),
              ReplicaTags.carriedOver(sourceTags));
      requests.add(
          outgoing.aboutSubject(
              cause, lifecycle, request, rule.name() + "/" + d.name() + "/" + snapshot.arn()));
    }
    return requests;
  }

  /** A step of this snapshot's replication failed at home; on-call hears what to fix. */
  private void failed(
      UUID cause,
      UUID lifecycle,
      SnapshotCreated created,
      ReplicationRule rule,
      Step step,
      String code,
      String reason,
      boolean retryable) {
    failures.publish(
        cause,
        lifecycle,
        created.snapshot(),
        created.policy(),
        rule.name(),
        step,
        null,
        rules.home(),
        code,
        reason,
        retryable);
  }

  /**
   * A snapshot not yet available: on-call hears it once (a snapshot-service publishes only what is
   * available, so something else is wrong), and replication comes back to it.
   */
  private void stillCreating(
      UUID cause,
      UUID lifecycle,
      SnapshotCreated created,
      ReplicationRule rule,
      int attempt,
      Replica source) {
    if (attempt >= GIVE_UP_AFTER) {
      failed(
          cause,
          lifecycle,
          created,
          rule,
          Step.SHARE,
          "SnapshotNeverAvailable",
          source.identifier()
              + " is still "
              + source.status()
              + " after "
              + attempt
              + " checks: replication gave up; report it created again once it is available",
          false);
      return;
    }
    if (attempt == 0) {
      failed(
          cause,
          lifecycle,
          created,
          rule,
          Step.SHARE,
          "SnapshotNotAvailable",
          source.identifier()
              + " is "
              + source.status()
              + ", not available, so it cannot be shared or copied yet: replication tries again"
              + " with a growing delay until it is available",
          true);
    }
    comeBack(cause, lifecycle, created, rule, attempt, "still " + source.status());
  }

  private void comeBack(
      UUID cause,
      UUID lifecycle,
      SnapshotCreated created,
      ReplicationRule rule,
      int attempt,
      String why) {
    Duration delay = rules.checkDelay(attempt);
    log.info(
        "{} is {}: replication ({}) comes back in {}",
        created.snapshot().snapshotIdentifier(),
        why,
        rule.name(),
        delay);
    commands.send(
        new OutgoingCommand(
            RESUME,
            UUID.nameUUIDFromBytes(
                (cause + "/" + rule.name() + "/resume/" + attempt)
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8)),
            new Resume(cause, lifecycle, created, rule.name(), attempt + 1),
            delay));
  }

  /** The snapshot as an event describes it, for a copy that needs no describe of its own. */
  static Replica replicaOf(SnapshotRef ref) {
    String arn = ref.snapshotArn();
    return new Replica(
        ref.databaseKind(),
        ref.snapshotIdentifier(),
        arn,
        ref.sourceIdentifier(),
        "available",
        ref.snapshotCreatedAt(),
        ref.engine(),
        ref.engineVersion(),
        ref.encrypted(),
        ref.kmsKeyId(),
        ref.allocatedStorageGiB(),
        Map.of());
  }

  static SnapshotRef ref(Replica r) {
    return new SnapshotRef(
        r.arn(),
        r.identifier(),
        r.kind(),
        r.sourceIdentifier(),
        r.engine(),
        r.engineVersion(),
        r.accountId(),
        r.region(),
        r.encrypted(),
        r.kmsKeyId(),
        r.createdAt(),
        r.allocatedStorageGiB());
  }

  /** Re-encryption's own refusal, so its failure event names the step. */
  private static final class ReencryptRefused extends StepRefused {
    private static final long serialVersionUID = 1L;

    ReencryptRefused(String errorCode, String reason) {
      super(errorCode, reason, false);
    }
  }
}
