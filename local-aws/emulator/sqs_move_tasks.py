"""SQS message move tasks (the dead-letter queue redrive API), which moto 5.2.5 answers with HTTP
500: StartMessageMoveTask, ListMessageMoveTasks and CancelMessageMoveTask, over either of SQS's
protocols (JSON, X-Amz-Target "AmazonSQS.<Operation>", as boto3 and the Java SDK v2 speak it;
query), as methods of moto's SQSResponse.

sqs-message-move-tasks: StartMessageMoveTask(SourceArn, DestinationArn?,
MaxNumberOfMessagesPerSecond?) answers {"TaskHandle"} and moves, from a background thread, the
messages that were visible in the source queue when it started (their number is
ApproximateNumberOfMessagesToMove): each is taken out of the source and sent to the destination
as a new message with its body, message attributes and (FIFO) group and deduplication ids; one
that a consumer received or deleted meanwhile is left alone. At MaxNumberOfMessagesPerSecond
(1 to 500) when given, n messages take about (n - 1) / rate seconds; else as fast as they go.
Status RUNNING, then COMPLETED; CANCELLED after CancelMessageMoveTask(TaskHandle), which stops
the move and answers {"ApproximateNumberOfMessagesMoved"}; FAILED with FailureReason when a
message cannot be sent (the destination deleted...), that message staying in the source.

The source must be a queue of the caller's account and region that is the dead-letter queue
(RedrivePolicy deadLetterTargetArn) of one of its queues. Without DestinationArn the messages go
back to that queue. AWS sends each message back to the queue it was dead-lettered from; moto
does not record it, so when several queues use the DLQ DestinationArn is required (a choice,
InvalidParameterValue). Errors, HTTP 400 all (moto's model gives none of SQS's exceptions a
status; AWS answers ResourceNotFoundException with 404):
- ResourceNotFoundException "The resource that you specified for the SourceArn parameter doesn't
  exist." (likewise DestinationArn), also from ListMessageMoveTasks;
- InvalidParameterValue "Source queue must be configured as a Dead Letter Queue.", "Source queue
  arn and destination queue arn cannot be the same.", a rate out of 1..500, several source
  queues without DestinationArn;
- InvalidParameterValue "There is already a task running. Only one active task is allowed for a
  source queue arn at a given time." while a task of that source is RUNNING;
- CancelMessageMoveTask: ResourceNotFoundException "Task does not exist." for an unknown handle,
  UnsupportedOperation for a task that is no longer running (moto adds the query-compatible
  code of botocore's model, so boto3 reads AWS.SimpleQueueService.UnsupportedOperation).

ListMessageMoveTasks(SourceArn, MaxResults 1 to 10, default 1, as AWS) answers the newest tasks
of the source first: TaskHandle (RUNNING only), Status, SourceArn, DestinationArn (when given),
MaxNumberOfMessagesPerSecond (when given), ApproximateNumberOfMessagesMoved,
ApproximateNumberOfMessagesToMove, FailureReason (FAILED only), StartedTimestamp (epoch
millis). The tasks live on moto's SQS backend: POST /moto-api/reset forgets them.
"""

import base64
import json
import threading
import time
import uuid

from moto.core.responses import ActionResult
from moto.sqs import responses as sqs_responses
from moto.sqs.exceptions import SQSException

NAME = "sqs-message-move-tasks"
TASKS = "_snaplife_move_tasks"  # on an SQSBackend: its tasks, oldest first
LOCK = threading.Lock()  # over every backend's task list and the tasks' states
MAX_RATE = 500
ALREADY_RUNNING = (
    "There is already a task running. Only one active task is allowed for a source queue arn "
    "at a given time."
)


def _error(code, message):
    return SQSException(code, message)


def _not_found(parameter):
    return _error(
        "ResourceNotFoundException",
        f"The resource that you specified for the {parameter} parameter doesn't exist.",
    )


class MoveTask:
    def __init__(self, source, destination, destination_arn, rate, to_move):
        self.handle = base64.b64encode(
            json.dumps({"taskId": str(uuid.uuid4()), "sourceArn": source.queue_arn}).encode()
        ).decode()
        self.source = source
        self.destination = destination
        self.source_arn = source.queue_arn
        self.destination_arn = destination_arn  # as requested: None when not given
        self.rate = rate
        self.to_move = to_move  # the messages to move, in order
        self.moved = 0
        self.status = "RUNNING"
        self.failure = None
        self.started = int(time.time() * 1000)
        self.cancelled = threading.Event()
        self.thread = None

    def entry(self):
        entry = {
            "Status": self.status,
            "SourceArn": self.source_arn,
            "ApproximateNumberOfMessagesMoved": self.moved,
            "ApproximateNumberOfMessagesToMove": len(self.to_move),
            "StartedTimestamp": self.started,
        }
        if self.status == "RUNNING":
            entry["TaskHandle"] = self.handle
        if self.destination_arn is not None:
            entry["DestinationArn"] = self.destination_arn
        if self.rate is not None:
            entry["MaxNumberOfMessagesPerSecond"] = self.rate
        if self.failure is not None:
            entry["FailureReason"] = self.failure
        return entry


def _tasks(backend):
    return backend.__dict__.setdefault(TASKS, [])


def _queue_by_arn(backend, arn, parameter):
    """A queue of the caller's account and region by its ARN."""
    parts = (arn or "").split(":")
    if len(parts) != 6 or parts[:3] != ["arn", "aws", "sqs"]:
        raise _error(
            "InvalidParameterValue",
            f"You must use this format to specify the {parameter}: "
            "arn:<partition>:<service>:<region>:<account-id>:<resource-id>",
        )
    queue = backend.queues.get(parts[5])
    if queue is None or queue.queue_arn != arn:
        raise _not_found(parameter)
    return queue


def _take(queue, message):
    """Takes the message out of the queue unless it was received or deleted meanwhile."""
    if not message.visible or message in queue.pending_messages:
        return False
    try:
        queue._messages.remove(message)
    except ValueError:
        return False
    return True


def _run(task, backend):
    started = time.monotonic()
    try:
        for index, message in enumerate(task.to_move):
            if task.rate is not None:
                delay = started + index / task.rate - time.monotonic()
                if delay > 0 and task.cancelled.wait(delay):
                    return
            if task.cancelled.is_set():
                return
            destination = task.destination
            if backend.queues.get(destination.name) is not destination:
                raise _error(
                    "AWS.SimpleQueueService.NonExistentQueue",
                    "The destination queue does not exist.",
                )
            if not _take(task.source, message):
                continue
            try:
                backend.send_message(
                    destination.name,
                    message.body,
                    message_attributes=message.message_attributes,
                    deduplication_id=message.deduplication_id if destination.fifo_queue else None,
                    group_id=message.group_id if destination.fifo_queue else None,
                )
            except Exception:
                task.source._messages.append(message)  # it stays in the source
                raise
            with LOCK:
                task.moved += 1
        with LOCK:
            if task.status == "RUNNING":
                task.status = "COMPLETED"
    except Exception as e:
        with LOCK:
            if task.status == "RUNNING":
                task.status = "FAILED"
                task.failure = getattr(e, "code", None) or type(e).__name__


def start_message_move_task(self):
    backend = self.sqs_backend
    source_arn = self._get_param("SourceArn")
    destination_arn = self._get_param("DestinationArn") or None
    rate = self._get_param("MaxNumberOfMessagesPerSecond")
    try:
        source = _queue_by_arn(backend, source_arn, "SourceArn")
    except SQSException as e:
        raise _not_found("SourceArn") if e.code == "InvalidParameterValue" else e
    if rate is not None:
        rate = int(rate)
        if not 1 <= rate <= MAX_RATE:
            raise _error(
                "InvalidParameterValue",
                f"Value {rate} for parameter MaxNumberOfMessagesPerSecond is invalid. "
                f"Reason: You must enter a number that's between 1 and {MAX_RATE}.",
            )
    sources = [
        queue
        for queue in list(backend.queues.values())
        if queue.redrive_policy
        and queue.redrive_policy.get("deadLetterTargetArn") == source.queue_arn
    ]
    if not sources:
        raise _error("InvalidParameterValue", "Source queue must be configured as a Dead Letter Queue.")
    if destination_arn is not None:
        destination = _queue_by_arn(backend, destination_arn, "DestinationArn")
        if destination is source:
            raise _error(
                "InvalidParameterValue",
                "Source queue arn and destination queue arn cannot be the same.",
            )
    elif len(sources) > 1:
        raise _error(
            "InvalidParameterValue",
            f"The dead-letter queue {source.queue_arn} is the dead-letter queue of "
            f"{len(sources)} queues: specify the DestinationArn.",
        )
    else:
        [destination] = sources
    with LOCK:
        tasks = _tasks(backend)
        if any(t.source is source and t.status == "RUNNING" for t in tasks):
            raise _error("InvalidParameterValue", ALREADY_RUNNING)
        task = MoveTask(source, destination, destination_arn, rate, list(source.messages))
        tasks.append(task)
    task.thread = threading.Thread(
        target=_run, args=(task, backend), name=f"snaplife-move-{source.name}", daemon=True
    )
    task.thread.start()
    return ActionResult({"TaskHandle": task.handle})


def list_message_move_tasks(self):
    backend = self.sqs_backend
    source = _queue_by_arn(backend, self._get_param("SourceArn"), "SourceArn")
    limit = self._get_param("MaxResults")
    limit = 1 if limit is None else int(limit)
    if not 1 <= limit <= 10:
        raise _error(
            "InvalidParameterValue",
            f"Value {limit} for parameter MaxResults is invalid. "
            "Reason: You must enter a number that's between 1 and 10.",
        )
    with LOCK:
        tasks = [t for t in _tasks(backend) if t.source is source]
        results = [t.entry() for t in reversed(tasks)][:limit]
    return ActionResult({"Results": results})


def cancel_message_move_task(self):
    handle = self._get_param("TaskHandle")
    with LOCK:
        task = next((t for t in _tasks(self.sqs_backend) if t.handle == handle), None)
        if task is None:
            raise _error("ResourceNotFoundException", "Task does not exist.")
        if task.status != "RUNNING":
            raise _error(
                "UnsupportedOperation",
                f"Only a RUNNING task can be cancelled; this one is {task.status}.",
            )
        task.status = "CANCELLED"
        task.cancelled.set()
    task.thread.join(10)  # at most the message being moved
    with LOCK:
        return ActionResult({"ApproximateNumberOfMessagesMoved": task.moved})


def install():
    sqs_responses.SQSResponse.start_message_move_task = start_message_move_task
    sqs_responses.SQSResponse.list_message_move_tasks = list_message_move_tasks
    sqs_responses.SQSResponse.cancel_message_move_task = cancel_message_move_task
