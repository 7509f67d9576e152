"""EventBridge Scheduler schedules that fire. moto stores schedules (moto.scheduler: one backend
per account and region, holding schedule groups, each a dict of Schedule objects) but never
invokes their targets; a background thread does here.

Every second the thread visits every ENABLED schedule of every account and region and fires it
when a window is due (expressions: schedule_expressions.py, in ScheduleExpressionTimezone; rate
and cron windows only from StartDate on and strictly before EndDate). It never backfills: a
schedule seen for the first time, or changed by UpdateSchedule (re-enabling included), counts
from the later of its last modification and five seconds ago; after the thread was held up,
the missed windows fire once, with the first missed window as the scheduled time. One-time
at() schedules, and recurring ones whose EndDate has passed, are complete after their last
firing; with ActionAfterCompletion DELETE they are then deleted.

Targets: an SQS queue ARN gets the Input as message body (SqsParameters.MessageGroupId for FIFO
queues, the execution id as deduplication id when the queue has no content-based
deduplication); an event bus ARN gets an event with Source and DetailType from
EventBridgeParameters, Detail = Input, Resources = [schedule ARN] and Time = scheduled time,
put through moto's events backend as PutEvents does, so the bus's rules deliver it. An absent
Input is sent as "{}". Input placeholders <aws.scheduler.schedule-arn>,
<aws.scheduler.scheduled-time> (2026-11-22T03:00:00Z), <aws.scheduler.execution-id> (unique per
firing) and <aws.scheduler.attempt-number> ("1") are substituted. Other targets, and failed
deliveries, are recorded as firings with an error. Retry policies and flexible time windows
are ignored: each firing is one attempt, at the window's start.

GET /moto-api/snaplife/scheduler/firings answers the recorded firings, oldest first, the last
1000: [{"scheduleArn", "name", "group", "scheduledTime", "target", "deliveredAt", "error",
"executionId", "trigger"}], trigger "schedule" or "manual", error null when delivered; query
parameters name and group filter them. DELETE on the same path forgets them.
POST /moto-api/snaplife/scheduler/fire {"name", "group": "default", "scheduledTime": "<ISO-8601,
default now to the second>", "accountId", "region"} fires one schedule once, now, whatever its
state, and answers its firing; accountId and region are only needed when the name is in more
than one account or region (404 when no schedule matches, 409 when several do). A manual
firing changes nothing in the schedule.
"""

import sys
import threading
import time
import traceback
import uuid
from collections import deque
from datetime import datetime, timedelta, timezone

from moto.events.models import events_backends
from moto.scheduler.models import scheduler_backends
from moto.sqs.models import sqs_backends

import schedule_expressions
from extension_support import ApiError, existing_backends, method_not_allowed, read_json, register

NAME = "scheduler"
TICK_SECONDS = 1.0
FIRST_SIGHT_GRACE = timedelta(seconds=5)
MAX_FIRINGS = 1000
UTC = timezone.utc


class DeliveryError(Exception):
    pass


def now_utc():
    return datetime.now(UTC)


def iso_second(moment):
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def to_datetime(value):
    """A schedule's date as moto keeps it (epoch seconds from JSON, or text) as aware UTC."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    try:
        return datetime.fromtimestamp(float(value), UTC)
    except (TypeError, ValueError):
        parsed = datetime.fromisoformat(str(value))
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def expression_of(schedule):
    anchor = to_datetime(schedule.start_date) or to_datetime(schedule.creation_date)
    return schedule_expressions.parse(
        schedule.schedule_expression, schedule.schedule_expression_timezone, anchor
    )


def next_window(schedule, expression, after):
    """The schedule's first window strictly after `after`, within StartDate and EndDate."""
    if expression.one_time:
        return expression.next_after(after)
    start, end = to_datetime(schedule.start_date), to_datetime(schedule.end_date)
    if start is not None and after < start:
        after = start - timedelta(microseconds=1)
    window = expression.next_after(after)
    if window is not None and end is not None and window >= end:
        return None
    return window


def substitute(text, schedule, scheduled_time, execution_id):
    for placeholder, value in (
        ("<aws.scheduler.schedule-arn>", schedule.arn),
        ("<aws.scheduler.scheduled-time>", iso_second(scheduled_time)),
        ("<aws.scheduler.execution-id>", execution_id),
        ("<aws.scheduler.attempt-number>", "1"),
    ):
        text = text.replace(placeholder, value)
    return text


def deliver(schedule, target, body, scheduled_time, execution_id):
    arn = target.get("Arn") or ""
    parts = arn.split(":", 5)
    if len(parts) != 6 or parts[0] != "arn":
        raise DeliveryError(f"unsupported target {arn!r}")
    service, region, account, resource = parts[2], parts[3], parts[4], parts[5]
    if service == "sqs":
        backend = sqs_backends[account][region]
        queue = backend.get_queue(resource)
        group_id = (target.get("SqsParameters") or {}).get("MessageGroupId")
        content_dedup = queue.attributes.get("ContentBasedDeduplication") == "true"
        backend.send_message(
            queue_name=resource,
            message_body=body,
            group_id=group_id,
            deduplication_id=execution_id if queue.fifo_queue and not content_dedup else None,
        )
    elif service == "events" and resource.startswith("event-bus/"):
        parameters = target.get("EventBridgeParameters") or {}
        entries = events_backends[account][region].put_events(
            [
                {
                    "Source": parameters.get("Source"),
                    "DetailType": parameters.get("DetailType"),
                    "Detail": body,
                    "EventBusName": arn,
                    "Resources": [schedule.arn],
                    "Time": scheduled_time.timestamp(),
                }
            ]
        )
        if entries and entries[0].get("ErrorCode"):
            raise DeliveryError(f"{entries[0]['ErrorCode']}: {entries[0].get('ErrorMessage')}")
    else:
        raise DeliveryError(f"unsupported target {arn!r} (only SQS queues and event buses)")


class Tracked:
    """What the thread knows of one schedule: for this object at this modification, the next
    window (None: complete) and whether it has fired."""

    def __init__(self, schedule, expression, next_window_at):
        self.schedule = schedule
        self.modified = schedule.last_modified_date
        self.expression = expression
        self.next = next_window_at
        self.fired = False

    def is_for(self, schedule):
        return self.schedule is schedule and self.modified == schedule.last_modified_date


class Scheduler:
    def __init__(self):
        self._lock = threading.Lock()
        self._tracked = {}
        self._invalid = {}
        self._firings = deque(maxlen=MAX_FIRINGS)

    def start(self):
        threading.Thread(target=self._run, name="snaplife-scheduler", daemon=True).start()

    def _run(self):
        while True:
            try:
                self.tick(now_utc())
            except Exception:  # keep ticking whatever happens
                traceback.print_exc(file=sys.stderr)
            time.sleep(TICK_SECONDS)

    def tick(self, now, backends=None):
        """Fires what is due at `now` in the given (account, region, backend)s, default all."""
        seen = set()
        if backends is None:
            backends = existing_backends(scheduler_backends)
        for account_id, region, backend in backends:
            for group in list(backend.schedule_groups.values()):
                for schedule in list(group.schedules.values()):
                    seen.add(schedule.arn)
                    try:
                        self._consider(backend, schedule, now)
                    except Exception:  # one odd schedule must not stop the others
                        traceback.print_exc(file=sys.stderr)
        for arn in set(self._tracked) - seen:
            del self._tracked[arn]

    def _consider(self, backend, schedule, now):
        arn = schedule.arn
        if (schedule.state or "ENABLED") != "ENABLED":
            self._tracked.pop(arn, None)
            return
        tracked = self._tracked.get(arn)
        if tracked is None or not tracked.is_for(schedule):
            modified = to_datetime(schedule.last_modified_date) or now
            try:
                expression = expression_of(schedule)
                start_from = max(modified, now - FIRST_SIGHT_GRACE)
                first = next_window(schedule, expression, start_from)
                tracked = Tracked(schedule, expression, first)
            except (schedule_expressions.ExpressionError, ValueError) as e:
                if self._invalid.get(arn) != schedule.last_modified_date:
                    self._invalid[arn] = schedule.last_modified_date
                    print(f"snaplife scheduler: {arn} not scheduled: {e}", file=sys.stderr)
                return
            self._tracked[arn] = tracked
        if tracked.next is not None and tracked.next <= now:
            self.fire(schedule, tracked.next, "schedule")
            tracked.fired = True
            tracked.next = next_window(schedule, tracked.expression, now)
        if tracked.next is None and self._completed(schedule, tracked, now):
            if schedule.action_after_completion == "DELETE":
                try:
                    backend.delete_schedule(schedule.group_name, schedule.name)
                except Exception:  # deleted meanwhile
                    pass
                self._tracked.pop(arn, None)

    @staticmethod
    def _completed(schedule, tracked, now):
        if tracked.expression.one_time:
            return tracked.fired
        end = to_datetime(schedule.end_date)
        return end is not None and now >= end

    def fire(self, schedule, scheduled_time, trigger):
        execution_id = str(uuid.uuid4())
        target = schedule.target or {}
        error = None
        try:
            body = substitute(target.get("Input") or "{}", schedule, scheduled_time, execution_id)
            deliver(schedule, target, body, scheduled_time, execution_id)
        except Exception as e:  # recorded, never raised: a bad target must not stop the thread
            error = f"{type(e).__name__}: {getattr(e, 'message', None) or e}"
        record = {
            "scheduleArn": schedule.arn,
            "name": schedule.name,
            "group": schedule.group_name,
            "scheduledTime": iso_second(scheduled_time),
            "target": target.get("Arn"),
            "deliveredAt": now_utc().isoformat(timespec="milliseconds").replace("+00:00", "Z"),
            "error": error,
            "executionId": execution_id,
            "trigger": trigger,
        }
        with self._lock:
            self._firings.append(record)
        return record

    def firings(self, name=None, group=None):
        with self._lock:
            return [
                f
                for f in self._firings
                if (name is None or f["name"] == name) and (group is None or f["group"] == group)
            ]

    def forget_firings(self):
        with self._lock:
            self._firings.clear()

    def find(self, name, group, account_id=None, region=None):
        found = []
        for account, region_name, backend in existing_backends(scheduler_backends):
            if account_id not in (None, account) or region not in (None, region_name):
                continue
            schedule_group = backend.schedule_groups.get(group)
            if schedule_group and name in schedule_group.schedules:
                found.append(schedule_group.schedules[name])
        if not found:
            raise ApiError(404, f"no schedule {name!r} in group {group!r}")
        if len(found) > 1:
            raise ApiError(409, f"several schedules match, give accountId and region: "
                                f"{[s.arn for s in found]}")
        return found[0]


SCHEDULER = Scheduler()


def firings_endpoint(request):
    if request.method == "DELETE":
        SCHEDULER.forget_firings()
        return 200, []
    if request.method != "GET":
        method_not_allowed(request)
    return 200, SCHEDULER.firings(request.args.get("name"), request.args.get("group"))


def fire_endpoint(request):
    if request.method != "POST":
        method_not_allowed(request)
    body = read_json(request)
    if not body.get("name"):
        raise ApiError(400, "name is required")
    schedule = SCHEDULER.find(
        body["name"], body.get("group") or "default", body.get("accountId"), body.get("region")
    )
    if body.get("scheduledTime"):
        try:
            scheduled_time = to_datetime(str(body["scheduledTime"]))
        except ValueError:
            message = f"scheduledTime {body['scheduledTime']!r} is not ISO-8601"
            raise ApiError(400, message) from None
    else:
        scheduled_time = now_utc().replace(microsecond=0)
    return 200, SCHEDULER.fire(schedule, scheduled_time, "manual")


def install():
    register("/scheduler/firings", firings_endpoint)
    register("/scheduler/fire", fire_endpoint)
    SCHEDULER.start()
