package dev.snaplife.cli.dlq;

import dev.snaplife.cli.AwsCalls;
import dev.snaplife.cli.AwsUnavailableException;
import dev.snaplife.contracts.routing.ResourceNames;
import dev.snaplife.contracts.routing.SnaplifeService;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.ListMessageMoveTasksResultEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The dead-letter queues of an environment's services: how full they are, what is in them, and
 * putting messages back on their source queue. Peeking never consumes: messages are received with a
 * short visibility timeout and released (visibility 0) as soon as they have been read. Replaying
 * sends first and deletes second, so an interruption can duplicate a message (harmless, consumers
 * are idempotent) but never lose one.
 */
public final class DeadLetterQueues {

  /** Sends a DLQ message's body and attributes to a queue; tests interpose a failing one. */
  @FunctionalInterface
  interface Sender {
    void send(SqsClient sqs, String queueUrl, Message message);
  }

  static final Sender RESEND =
      (sqs, queueUrl, message) ->
          sqs.sendMessage(
              b ->
                  b.queueUrl(queueUrl)
                      .messageBody(message.body())
                      .messageAttributes(userAttributes(message)));

  /** Long enough to read a batch and decide; a crashed peek releases its messages by then. */
  static final int PEEK_VISIBILITY_SECONDS = 30;

  /** A replay holds the messages it passes over until it has found the ones it wants. */
  static final int SCAN_VISIBILITY_SECONDS = 60;

  private final SqsClient sqs;
  private final ResourceNames names;
  private final AwsCalls calls;
  private final Sender sender;

  /**
   * @param where how to name the endpoint in an error message ("cannot reach AWS at ...")
   */
  public DeadLetterQueues(SqsClient sqs, ResourceNames names, String where) {
    this(sqs, names, where, RESEND);
  }

  DeadLetterQueues(SqsClient sqs, ResourceNames names, String where, Sender sender) {
    this.sqs = sqs;
    this.names = names;
    this.calls = new AwsCalls(names, where);
    this.sender = sender;
  }

  public ResourceNames names() {
    return names;
  }

  /** Every service's DLQ, in the order of {@link SnaplifeService}. */
  public List<QueueDepth> depths() {
    List<QueueDepth> depths = new ArrayList<>();
    for (SnaplifeService service : SnaplifeService.values()) {
      depths.add(depth(service));
    }
    return depths;
  }

  public QueueDepth depth(SnaplifeService service) {
    String queue = names.deadLetterQueue(service);
    String url = queueUrl(queue);
    Map<QueueAttributeName, String> attributes =
        attributes(
            queue,
            url,
            QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
            QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE);
    int visible = count(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES));
    int inFlight =
        count(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
    Instant oldest =
        visible == 0
            ? null
            : peekMessages(queue, url, Math.min(visible, 10)).stream()
                .map(DeadLetter::sentAt)
                .flatMap(Optional::stream)
                .min(Comparator.naturalOrder())
                .orElse(null);
    return new QueueDepth(service, queue, visible, inFlight, oldest);
  }

  /** Up to {@code limit} messages of the service's DLQ, left in it. */
  public List<DeadLetter> peek(SnaplifeService service, int limit) {
    String queue = names.deadLetterQueue(service);
    String url = queueUrl(queue);
    int visible =
        count(
            attributes(queue, url, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)
                .get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES));
    return peekMessages(queue, url, Math.min(limit, visible)).stream().map(DeadLetter::of).toList();
  }

  private List<Message> peekMessages(String queue, String url, int limit) {
    Map<String, Message> seen = new LinkedHashMap<>();
    try {
      while (seen.size() < limit) {
        List<Message> batch = receive(queue, url, PEEK_VISIBILITY_SECONDS);
        boolean anyNew = false;
        for (Message m : batch) {
          anyNew |= seen.put(m.messageId(), m) == null;
        }
        if (!anyNew) {
          break;
        }
      }
    } finally {
      release(queue, url, seen.values());
    }
    return seen.values().stream().limit(limit).toList();
  }

  /**
   * Replays the given messages of the service's DLQ to its source queue, each sent there before it
   * is deleted from the DLQ. Messages not asked for are released when the scan ends.
   */
  public List<Replay> replay(
      SnaplifeService service, Collection<String> messageIds, boolean dryRun) {
    String dlq = names.deadLetterQueue(service);
    String dlqUrl = queueUrl(dlq);
    String source = names.queue(service);
    String sourceUrl = queueUrl(source);
    Set<String> wanted = new LinkedHashSet<>(messageIds);
    Map<String, Replay> done = new HashMap<>();
    Map<String, Message> held = new LinkedHashMap<>();
    try {
      while (done.size() < wanted.size()) {
        List<Message> batch = receive(dlq, dlqUrl, SCAN_VISIBILITY_SECONDS);
        boolean anyNew = false;
        for (Message m : batch) {
          String id = m.messageId();
          anyNew |= !held.containsKey(id) && !done.containsKey(id);
          if (!wanted.contains(id) || done.containsKey(id)) {
            held.put(id, m); // the newest receipt handle is the one that releases it
          } else if (dryRun) {
            held.put(id, m);
            done.put(id, new Replay(id, Replay.Outcome.WOULD_REPLAY, "to " + source));
          } else {
            Replay replay = replayOne(dlq, dlqUrl, source, sourceUrl, m);
            if (replay.outcome() != Replay.Outcome.REPLAYED) {
              held.put(id, m);
            }
            done.put(id, replay);
          }
        }
        if (!anyNew) {
          break;
        }
      }
    } finally {
      release(dlq, dlqUrl, held.values());
    }
    return wanted.stream()
        .map(id -> done.getOrDefault(id, new Replay(id, Replay.Outcome.NOT_FOUND, "in " + dlq)))
        .toList();
  }

  private Replay replayOne(
      String dlq, String dlqUrl, String source, String sourceUrl, Message message) {
    String id = message.messageId();
    try {
      call(
          source,
          "SendMessage",
          () -> {
            sender.send(sqs, sourceUrl, message);
            return null;
          });
    } catch (RuntimeException e) {
      return new Replay(id, Replay.Outcome.FAILED, "not sent to " + source + ": " + e.getMessage());
    }
    try {
      call(
          dlq,
          "DeleteMessage",
          () -> sqs.deleteMessage(b -> b.queueUrl(dlqUrl).receiptHandle(message.receiptHandle())));
    } catch (RuntimeException e) {
      return new Replay(
          id,
          Replay.Outcome.FAILED,
          "sent to "
              + source
              + " but not deleted from "
              + dlq
              + " (it is in both; replaying it again is harmless): "
              + e.getMessage());
    }
    return new Replay(id, Replay.Outcome.REPLAYED, "to " + source);
  }

  /** The newest move task of the service's DLQ, if it ever had one. */
  public Optional<MoveTask> latestMove(SnaplifeService service) {
    String dlq = names.deadLetterQueue(service);
    String arn = arn(dlq, queueUrl(dlq));
    List<ListMessageMoveTasksResultEntry> results =
        call(dlq, "ListMessageMoveTasks", () -> sqs.listMessageMoveTasks(b -> b.sourceArn(arn)))
            .results();
    return results.stream().findFirst().map(DeadLetterQueues::moveTask);
  }

  /**
   * Starts SQS's own redrive of everything visible in the service's DLQ back to its source queue.
   *
   * @throws MoveRefusedException when a move task of that DLQ is still running
   */
  public MoveTask startMove(SnaplifeService service) {
    latestMove(service)
        .filter(MoveTask::running)
        .ifPresent(
            running -> {
              throw new MoveRefusedException(running);
            });
    String dlq = names.deadLetterQueue(service);
    String dlqArn = arn(dlq, queueUrl(dlq));
    String source = names.queue(service);
    String sourceArn = arn(source, queueUrl(source));
    try {
      call(
          dlq,
          "StartMessageMoveTask",
          () -> sqs.startMessageMoveTask(b -> b.sourceArn(dlqArn).destinationArn(sourceArn)));
    } catch (AwsUnavailableException e) {
      if (e.getCause() instanceof AwsServiceException refused
          && String.valueOf(refused.awsErrorDetails().errorMessage()).contains("already a task")) {
        throw new MoveRefusedException(latestMove(service).orElse(null));
      }
      throw e;
    }
    return latestMove(service).orElseThrow();
  }

  /** Follows the latest move task until it ends, telling {@code progress} of every change. */
  public MoveTask awaitMove(SnaplifeService service, Duration poll, Consumer<MoveTask> progress) {
    MoveTask last = latestMove(service).orElseThrow();
    progress.accept(last);
    while (last.running()) {
      try {
        Thread.sleep(poll);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return last;
      }
      MoveTask now = latestMove(service).orElseThrow();
      if (!now.equals(last)) {
        progress.accept(now);
      }
      last = now;
    }
    return last;
  }

  /** A move task of this DLQ is already running. */
  public static final class MoveRefusedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    MoveRefusedException(MoveTask running) {
      super(
          "a move task is already running for this dead-letter queue"
              + (running == null
                  ? ""
                  : " (" + running.moved() + " of " + running.toMove() + " moved)")
              + "; wait for it to end, or cancel it in the SQS console or with"
              + " `aws sqs cancel-message-move-task`");
    }
  }

  private static MoveTask moveTask(ListMessageMoveTasksResultEntry e) {
    return new MoveTask(
        e.status(),
        Optional.ofNullable(e.approximateNumberOfMessagesMoved()).orElse(0L),
        Optional.ofNullable(e.approximateNumberOfMessagesToMove()).orElse(0L),
        e.failureReason());
  }

  private List<Message> receive(String queue, String url, int visibilitySeconds) {
    return call(
            queue,
            "ReceiveMessage",
            () ->
                sqs.receiveMessage(
                    b ->
                        b.queueUrl(url)
                            .maxNumberOfMessages(10)
                            .visibilityTimeout(visibilitySeconds)
                            .waitTimeSeconds(1)
                            .messageAttributeNames("All")
                            .messageSystemAttributeNames(
                                MessageSystemAttributeName.SENT_TIMESTAMP,
                                MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT)))
        .messages();
  }

  /** Makes the messages visible again at once; any left over return after their timeout. */
  private void release(String queue, String url, Collection<Message> messages) {
    List<Message> all = List.copyOf(messages);
    for (int from = 0; from < all.size(); from += 10) {
      List<ChangeMessageVisibilityBatchRequestEntry> entries = new ArrayList<>();
      List<Message> chunk = all.subList(from, Math.min(from + 10, all.size()));
      for (int i = 0; i < chunk.size(); i++) {
        entries.add(
            ChangeMessageVisibilityBatchRequestEntry.builder()
                .id(Integer.toString(i))
                .receiptHandle(chunk.get(i).receiptHandle())
                .visibilityTimeout(0)
                .build());
      }
      call(
          queue,
          "ChangeMessageVisibilityBatch",
          () -> sqs.changeMessageVisibilityBatch(b -> b.queueUrl(url).entries(entries)));
    }
  }

  private String queueUrl(String queue) {
    return call(queue, "GetQueueUrl", () -> sqs.getQueueUrl(b -> b.queueName(queue))).queueUrl();
  }

  private String arn(String queue, String url) {
    return attributes(queue, url, QueueAttributeName.QUEUE_ARN).get(QueueAttributeName.QUEUE_ARN);
  }

  private Map<QueueAttributeName, String> attributes(
      String queue, String url, QueueAttributeName... names) {
    return call(
            queue,
            "GetQueueAttributes",
            () -> sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNames(names)))
        .attributes();
  }

  /** Turns the SDK's failures into what an engineer can act on, naming the queue. */
  private <T> T call(String queue, String operation, Supplier<T> call) {
    return calls.call(operation, "queue " + queue, call);
  }

  private AwsUnavailableException missing(String queue, Exception e) {
    return calls.missing("queue " + queue, e);
  }

  private static int count(String value) {
    try {
      return value == null ? 0 : Integer.parseInt(value);
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  /**
   * The message's own attributes, rebuilt with only their type and value; names SQS reserves for
   * itself ({@code AWS.}, {@code Amazon.}) cannot be sent and are dropped.
   */
  static Map<String, MessageAttributeValue> userAttributes(Message message) {
    Map<String, MessageAttributeValue> attributes = new LinkedHashMap<>();
    message
        .messageAttributes()
        .forEach(
            (name, value) -> {
              if (name.startsWith("AWS.") || name.startsWith("Amazon.")) {
                return;
              }
              MessageAttributeValue.Builder copy =
                  MessageAttributeValue.builder().dataType(value.dataType());
              if (value.binaryValue() != null) {
                copy.binaryValue(value.binaryValue());
              } else {
                copy.stringValue(value.stringValue());
              }
              attributes.put(name, copy.build());
            });
    return attributes;
  }
}
