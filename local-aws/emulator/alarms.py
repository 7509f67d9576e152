"""CloudWatch alarms on SQS queue metrics that evaluate. moto stores metric alarms (one
CloudWatch backend per account and region, `alarms` by name) but never evaluates them; a
background thread does here, for the alarms it can read a value for.

Every intervalSeconds (default 5) the thread evaluates each alarm of every account and region
whose Namespace is AWS/SQS, MetricName ApproximateNumberOfMessagesVisible or
ApproximateAgeOfOldestMessage, with a QueueName dimension (metric-math alarms and other metrics
are left alone). The value is read from moto's SQS backend of the alarm's account and region at
that instant: visible = messages neither in flight nor delayed; age = whole seconds since the
oldest message not yet deleted was sent, 0 when there is none. Statistic, Period,
EvaluationPeriods and DatapointsToAlarm are not applied: each evaluation is one instantaneous
datapoint compared with Threshold by ComparisonOperator (GreaterThan[OrEqualTo]Threshold,
LessThan[OrEqualTo]Threshold; alarms with other operators are left alone). A queue that does
not exist is missing data, handled by TreatMissingData (missing, the default:
INSUFFICIENT_DATA; notBreaching: OK; breaching: ALARM; ignore: unchanged).

On a change of state the alarm gets its new StateValue, StateReason, StateReasonData and
StateUpdatedTimestamp (and a history item), and, when ActionsEnabled, every SNS topic among the
actions for the new state (AlarmActions, OKActions, InsufficientDataActions) is published to
through moto's SNS backend as CloudWatch does: Subject `ALARM: "<AlarmName>" in <region name>`
(`OK: ...`, `INSUFFICIENT_DATA: ...`; the region's long name, e.g. "US East (N. Virginia)", as
AWS writes it) and CloudWatch's JSON message (AlarmName, AlarmDescription, AWSAccountId,
AlarmConfigurationUpdatedTimestamp, NewStateValue, NewStateReason, StateChangeTime, Region,
AlarmArn, OldStateValue, OKActions, AlarmActions, InsufficientDataActions, Trigger {MetricName,
Namespace, StatisticType, Statistic, Unit, Dimensions [{value, name}], Period,
EvaluationPeriods, DatapointsToAlarm, ComparisonOperator, Threshold, TreatMissingData,
EvaluateLowSampleCountPercentile}). moto creates alarms in state OK, so an alarm whose
queue is empty at first stays OK silently.

GET /moto-api/snaplife/alarms answers {"intervalSeconds", "transitions": [the last 200 state
changes: {"alarmArn", "alarmName", "oldState", "newState", "value", "at", "notified": [topic
ARNs], "errors": [...]}]}; POST {"intervalSeconds": n} changes the interval (at once) and
answers the same; POST /moto-api/snaplife/alarms/evaluate evaluates every alarm now and answers
{"transitions": [the changes it made]}.
"""

import json
import operator
import sys
import threading
import time
import traceback
from collections import deque
from datetime import datetime, timezone

import botocore.loaders
from moto.cloudwatch.models import cloudwatch_backends
from moto.sns.models import sns_backends
from moto.sqs.models import sqs_backends

from extension_support import ApiError, existing_backends, method_not_allowed, read_json, register

NAME = "alarms"
DEFAULT_INTERVAL_SECONDS = 5.0
MIN_INTERVAL_SECONDS = 0.1
NAMESPACE = "AWS/SQS"
VISIBLE = "ApproximateNumberOfMessagesVisible"
AGE = "ApproximateAgeOfOldestMessage"
COMPARISONS = {
    "GreaterThanThreshold": (operator.gt, "greater than"),
    "GreaterThanOrEqualToThreshold": (operator.ge, "greater than or equal to"),
    "LessThanThreshold": (operator.lt, "less than"),
    "LessThanOrEqualToThreshold": (operator.le, "less than or equal to"),
}
MISSING_DATA_STATES = {
    "missing": "INSUFFICIENT_DATA",
    "notBreaching": "OK",
    "breaching": "ALARM",
    "ignore": None,
}
MAX_TRANSITIONS = 200
_REGION_NAMES = {}


def region_name(region):
    """AWS's long name of a region ("US East (N. Virginia)"), as CloudWatch notifications say."""
    if not _REGION_NAMES:
        endpoints = botocore.loaders.create_loader().load_data("endpoints")
        for partition in endpoints["partitions"]:
            for code, data in partition["regions"].items():
                _REGION_NAMES[code] = data.get("description", code)
    return _REGION_NAMES.get(region, region)


def cloudwatch_time(moment):
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "+0000"


def find_queue(account_id, region, name):
    regions = dict.get(sqs_backends, account_id)
    backend = dict.get(regions, region) if regions is not None else None
    return backend.queues.get(name) if backend is not None else None


def queue_metric(queue, metric_name, now):
    if metric_name == VISIBLE:
        return float(queue.approximate_number_of_messages)
    sent = [m.sent_timestamp for m in list(queue._messages) if m.sent_timestamp]
    return float(int(now - min(sent) / 1000.0)) if sent else 0.0


def actions_enabled(alarm):
    value = alarm.actions_enabled
    return value.lower() != "false" if isinstance(value, str) else value is not False


def watched_queue(alarm):
    if alarm.namespace != NAMESPACE or alarm.metric_name not in (VISIBLE, AGE):
        return None
    if alarm.metric_data_queries or alarm.comparison_operator not in COMPARISONS:
        return None
    if alarm.threshold is None:
        return None
    return next((d.value for d in alarm.dimensions if d.name == "QueueName"), None)


def notification(alarm, account_id, region, old_state):
    return {
        "AlarmName": alarm.name,
        "AlarmDescription": alarm.description,
        "AWSAccountId": account_id,
        "AlarmConfigurationUpdatedTimestamp": cloudwatch_time(
            alarm.configuration_updated_timestamp
        ),
        "NewStateValue": alarm.state_value,
        "NewStateReason": alarm.state_reason,
        "StateChangeTime": cloudwatch_time(alarm.state_updated_timestamp),
        "Region": region_name(region),
        "AlarmArn": alarm.alarm_arn,
        "OldStateValue": old_state,
        "OKActions": list(alarm.ok_actions or []),
        "AlarmActions": list(alarm.alarm_actions or []),
        "InsufficientDataActions": list(alarm.insufficient_data_actions or []),
        "Trigger": {
            "MetricName": alarm.metric_name,
            "Namespace": alarm.namespace,
            "StatisticType": "ExtendedStatistic" if alarm.extended_statistic else "Statistic",
            "Statistic": (alarm.statistic or "").upper() or None,
            "ExtendedStatistic": alarm.extended_statistic,
            "Unit": alarm.unit,
            "Dimensions": [{"value": d.value, "name": d.name} for d in alarm.dimensions],
            "Period": _number(alarm.period),
            "EvaluationPeriods": _number(alarm.evaluation_periods),
            "DatapointsToAlarm": _number(alarm.datapoints_to_alarm or alarm.evaluation_periods),
            "ComparisonOperator": alarm.comparison_operator,
            "Threshold": float(alarm.threshold),
            "TreatMissingData": alarm.treat_missing_data or "missing",
            "EvaluateLowSampleCountPercentile": alarm.evaluate_low_sample_count_percentile or "",
        },
    }


def _number(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return value


class Alarms:
    def __init__(self):
        self.interval = DEFAULT_INTERVAL_SECONDS
        self._wake = threading.Event()
        self._evaluation = threading.Lock()
        self._transitions = deque(maxlen=MAX_TRANSITIONS)

    def start(self):
        threading.Thread(target=self._run, name="snaplife-alarms", daemon=True).start()

    def _run(self):
        while True:
            try:
                self.evaluate_all()
            except Exception:  # keep evaluating whatever happens
                traceback.print_exc(file=sys.stderr)
            self._wake.wait(self.interval)
            self._wake.clear()

    def set_interval(self, seconds):
        self.interval = seconds
        self._wake.set()

    def transitions(self):
        return list(self._transitions)

    def evaluate_all(self):
        changes = []
        with self._evaluation:
            for account_id, region, backend in existing_backends(cloudwatch_backends):
                for alarm in list(backend.alarms.values()):
                    try:
                        change = self.evaluate(alarm, account_id, region)
                    except Exception:  # one odd alarm must not stop the others
                        traceback.print_exc(file=sys.stderr)
                        continue
                    if change:
                        changes.append(change)
        return changes

    def evaluate(self, alarm, account_id, region):
        queue_name = watched_queue(alarm)
        if queue_name is None:
            return None
        now = time.time()
        queue = find_queue(account_id, region, queue_name)
        threshold = float(alarm.threshold)
        value = None
        if queue is None:
            treatment = alarm.treat_missing_data or "missing"
            new_state = MISSING_DATA_STATES.get(treatment, "INSUFFICIENT_DATA")
            reason = "Insufficient Data: 1 datapoint was unknown."
        else:
            value = queue_metric(queue, alarm.metric_name, now)
            compare, relation = COMPARISONS[alarm.comparison_operator]
            breaching = compare(value, threshold)
            new_state = "ALARM" if breaching else "OK"
            stamp = datetime.fromtimestamp(now, timezone.utc).strftime("%d/%m/%y %H:%M:%S")
            reason = (
                f"Threshold Crossed: 1 datapoint [{value} ({stamp})] was "
                f"{'' if breaching else 'not '}{relation} the threshold ({threshold})."
            )
        if new_state is None or new_state == alarm.state_value:
            return None
        old_state = alarm.state_value
        stamp_iso = cloudwatch_time(datetime.fromtimestamp(now, timezone.utc))
        reason_data = {
            "version": "1.0",
            "queryDate": stamp_iso,
            "statistic": alarm.statistic,
            "period": _number(alarm.period),
            "recentDatapoints": [] if value is None else [value],
            "threshold": threshold,
        }
        if value is not None:
            reason_data["evaluatedDatapoints"] = [{"timestamp": stamp_iso, "value": value}]
        alarm.update_state(reason, json.dumps(reason_data), new_state)
        change = {
            "alarmArn": alarm.alarm_arn,
            "alarmName": alarm.name,
            "oldState": old_state,
            "newState": new_state,
            "value": value,
            "at": stamp_iso,
            "notified": [],
            "errors": [],
        }
        if actions_enabled(alarm):
            self._notify(alarm, account_id, region, old_state, change)
        self._transitions.append(change)
        return change

    @staticmethod
    def _notify(alarm, account_id, region, old_state, change):
        actions = {
            "ALARM": alarm.alarm_actions,
            "OK": alarm.ok_actions,
            "INSUFFICIENT_DATA": alarm.insufficient_data_actions,
        }[alarm.state_value]
        message = json.dumps(notification(alarm, account_id, region, old_state))
        subject = f'{alarm.state_value}: "{alarm.name}" in {region_name(region)}'[:100]
        for arn in actions or []:
            parts = arn.split(":")
            if len(parts) < 6 or parts[2] != "sns":
                continue  # Auto Scaling, EC2, SSM... actions are not emulated
            try:
                sns_backends[parts[4]][parts[3]].publish(message, arn=arn, subject=subject)
                change["notified"].append(arn)
            except Exception as e:  # a missing topic must not stop the evaluation
                change["errors"].append(f"{arn}: {type(e).__name__}: {e}")


ALARMS = Alarms()


def settings_endpoint(request):
    if request.method == "POST":
        body = read_json(request)
        unknown = set(body) - {"intervalSeconds"}
        if unknown:
            raise ApiError(400, f"unknown fields {sorted(unknown)}")
        if "intervalSeconds" in body:
            try:
                seconds = float(body["intervalSeconds"])
            except (TypeError, ValueError):
                raise ApiError(400, "intervalSeconds must be a number") from None
            if seconds < MIN_INTERVAL_SECONDS:
                raise ApiError(400, f"intervalSeconds must be at least {MIN_INTERVAL_SECONDS}")
            ALARMS.set_interval(seconds)
    elif request.method != "GET":
        method_not_allowed(request)
    return 200, {"intervalSeconds": ALARMS.interval, "transitions": ALARMS.transitions()}


def evaluate_endpoint(request):
    if request.method != "POST":
        method_not_allowed(request)
    return 200, {"transitions": ALARMS.evaluate_all()}


def install():
    register("/alarms", settings_endpoint)
    register("/alarms/evaluate", evaluate_endpoint)
    ALARMS.start()
