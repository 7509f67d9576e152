package dev.snaplife.platform.command;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** Sends commands to the service's own SQS queue, ten per SendMessageBatch. */
public final class SqsCommandQueue implements CommandQueue {

  static final int MAX_BATCH_ENTRIES = 10;
  static final int MAX_BATCH_BYTES = 256 * 1024;

  private final SqsAsyncClient sqs;
  private final String queueUrl;
  private final String source;
  private final JsonMapper mapper;
  private final Clock clock;

  public SqsCommandQueue(
      SqsAsyncClient sqs, String queueUrl, String source, JsonMapper mapper, Clock clock) {
    this.sqs = sqs;
    this.queueUrl = queueUrl;
    this.source = source;
    this.mapper = mapper;
    this.clock = clock;
  }

  @Override
  public void send(List<OutgoingCommand> commands) {
    Map<String, SendMessageBatchRequestEntry> batch = new LinkedHashMap<>();
    int bytes = 0;
    for (OutgoingCommand command : commands) {
      String body = body(command);
      int size = body.getBytes(StandardCharsets.UTF_8).length;
      if (size > MAX_BATCH_BYTES) {
        throw new IllegalArgumentException(
            "command " + command.name() + " is " + size + " bytes, over SQS's 256 KiB");
      }
      if (batch.size() == MAX_BATCH_ENTRIES || bytes + size > MAX_BATCH_BYTES) {
        sendBatch(batch);
        batch.clear();
        bytes = 0;
      }
      // Batch entry ids must be unique within a batch; the index keeps repeated commands apart.
      String entryId = "c" + batch.size();
      batch.put(
          entryId,
          SendMessageBatchRequestEntry.builder()
              .id(entryId)
              .messageBody(body)
              .delaySeconds((int) command.delay().toSeconds())
              .build());
      bytes += size;
    }
    if (!batch.isEmpty()) {
      sendBatch(batch);
    }
  }

  private void sendBatch(Map<String, SendMessageBatchRequestEntry> batch) {
    SendMessageBatchResponse response =
        sqs.sendMessageBatch(b -> b.queueUrl(queueUrl).entries(List.copyOf(batch.values()))).join();
    if (response.hasFailed() && !response.failed().isEmpty()) {
      List<String> reasons = new ArrayList<>();
      response.failed().forEach(f -> reasons.add(f.code() + ": " + f.message()));
      throw new IllegalStateException(
          response.failed().size() + " commands not accepted by the queue: " + reasons);
    }
  }

  private String body(OutgoingCommand command) {
    ObjectNode message = mapper.createObjectNode();
    message.put("version", "0");
    message.put("id", command.id().toString());
    message.put("source", source);
    message.put("detail-type", DETAIL_TYPE);
    message.put("time", clock.instant().toString());
    ObjectNode detail = message.putObject("detail");
    detail.put("command", command.name());
    detail.set("payload", mapper.valueToTree(command.payload()));
    return mapper.writeValueAsString(message);
  }
}
