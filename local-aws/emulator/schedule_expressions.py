"""EventBridge Scheduler's schedule expressions as next-firing-time calculators (pure, no moto).

- rate(N minute|minutes|hour|hours|day|days): every N units from an anchor (StartDate, else the
  creation time), the first firing one period after the anchor.
- cron(minutes hours day-of-month month day-of-week year), AWS's six fields, evaluated in the
  schedule's time zone: *, ?, lists a,b, ranges a-b, steps */n a/n a-b/n, JAN-DEC, SUN-SAT or
  1-7 with 1 = Sunday, L (last day of the month) in day-of-month, nL / DAYL (last such weekday
  of the month) and n#k (k-th such weekday) in day-of-week. When both day fields are
  restricted, a day matching either fires (as classic cron; AWS requires one of them to be ?).
  Local times that do not exist (the skipped hour when clocks go forward) fire at the same
  instant as the hour after; repeated local times (clocks going back) fire once, at the first.
- at(yyyy-mm-ddThh:mm:ss): once, at that local time in the schedule's time zone.

Every calculator answers next_after(t): the first firing strictly after the aware datetime t,
as an aware UTC datetime, or None when there is none.
"""

import calendar
import re
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

UTC = timezone.utc
MONTHS = {m: i for i, m in enumerate(
    ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"], 1)}
WEEKDAYS = {d: i for i, d in enumerate(["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"], 1)}
RATE_UNITS = {"minute": 60, "hour": 3600, "day": 86400}
LAST_YEAR = 2199


class ExpressionError(ValueError):
    pass


def parse(expression, tz_name="UTC", anchor=None):
    """The calculator for a schedule expression; anchor (aware datetime) is needed by rate()."""
    expression = (expression or "").strip()
    match = re.fullmatch(r"(rate|cron|at)\((.*)\)", expression)
    if not match:
        raise ExpressionError(f"unsupported schedule expression {expression!r}")
    kind, body = match.group(1), match.group(2).strip()
    try:
        tz = ZoneInfo(tz_name or "UTC")
    except (KeyError, ValueError) as e:
        raise ExpressionError(f"unknown time zone {tz_name!r}") from e
    if kind == "rate":
        if anchor is None:
            raise ExpressionError("rate() needs an anchor")
        return Rate(body, anchor)
    if kind == "at":
        return At(body, tz)
    return Cron(body, tz)


def aws_weekday(day):
    """1 = Sunday ... 7 = Saturday."""
    return (day.weekday() + 1) % 7 + 1


class Rate:
    one_time = False

    def __init__(self, body, anchor):
        match = re.fullmatch(r"(\d+)\s+(minute|hour|day)s?", body)
        if not match or int(match.group(1)) < 1:
            raise ExpressionError(f"invalid rate({body})")
        self.period = int(match.group(1)) * RATE_UNITS[match.group(2)]
        self.anchor = anchor.astimezone(UTC).replace(microsecond=0)

    def next_after(self, after):
        elapsed = (after - self.anchor).total_seconds()
        periods = max(1, int(elapsed // self.period) + 1)
        return self.anchor + timedelta(seconds=periods * self.period)


class At:
    one_time = True

    def __init__(self, body, tz):
        try:
            local = datetime.strptime(body, "%Y-%m-%dT%H:%M:%S")
        except ValueError:
            raise ExpressionError(f"invalid at({body})") from None
        self.when = local.replace(tzinfo=tz).astimezone(UTC)

    def next_after(self, after):
        return self.when if self.when > after else None


def _number(token, names, low, high):
    token = token.upper()
    value = names.get(token) if names else None
    if value is None:
        if not token.isdigit():
            raise ExpressionError(f"invalid value {token!r}")
        value = int(token)
    if not low <= value <= high:
        raise ExpressionError(f"value {token} outside {low}-{high}")
    return value


def _values(field, low, high, names=None):
    """The set of numbers a plain cron field (no L, W, #) allows."""
    values = set()
    for part in field.split(","):
        if not part:
            raise ExpressionError(f"invalid field {field!r}")
        step = 1
        if "/" in part:
            part, step_text = part.split("/", 1)
            if not step_text.isdigit() or int(step_text) < 1:
                raise ExpressionError(f"invalid step in {field!r}")
            step = int(step_text)
        if part in ("*", "?"):
            start, end = low, high
        elif "-" in part:
            first, last = part.split("-", 1)
            start, end = _number(first, names, low, high), _number(last, names, low, high)
            if end < start:
                raise ExpressionError(f"invalid range in {field!r}")
        else:
            start = _number(part, names, low, high)
            end = high if step > 1 else start
        values.update(range(start, end + 1, step))
    return values


def _day_of_month_matcher(field):
    if field in ("*", "?"):
        return None
    if field == "L":
        return lambda d: d.day == calendar.monthrange(d.year, d.month)[1]
    if "W" in field.upper():
        raise ExpressionError("W in day-of-month is not supported")
    days = _values(field, 1, 31)
    return lambda d: d.day in days


def _day_of_week_matcher(field):
    if field in ("*", "?"):
        return None
    upper = field.upper()
    if upper == "L":
        upper = "7"  # alone, L means Saturday (Quartz)
    nth = re.fullmatch(r"(\w+)#([1-5])", upper)
    if nth:
        weekday, k = _number(nth.group(1), WEEKDAYS, 1, 7), int(nth.group(2))
        return lambda d: aws_weekday(d) == weekday and (d.day - 1) // 7 + 1 == k
    last = re.fullmatch(r"(\w+?)L", upper)
    if last:
        weekday = _number(last.group(1), WEEKDAYS, 1, 7)
        return lambda d: aws_weekday(d) == weekday and (
            d.day + 7 > calendar.monthrange(d.year, d.month)[1]
        )
    days = _values(upper, 1, 7, WEEKDAYS)
    return lambda d: aws_weekday(d) in days


class Cron:
    one_time = False

    def __init__(self, body, tz):
        fields = body.split()
        if len(fields) != 6:
            raise ExpressionError(f"cron() needs 6 fields, got {len(fields)}: {body!r}")
        minutes, hours, day_of_month, months, day_of_week, years = fields
        self.tz = tz
        self.minutes = sorted(_values(minutes, 0, 59))
        self.hours = sorted(_values(hours, 0, 23))
        self.months = sorted(_values(months.upper(), 1, 12, MONTHS))
        self.years = sorted(_values(years, 1970, LAST_YEAR))
        by_month_day = _day_of_month_matcher(day_of_month)
        by_weekday = _day_of_week_matcher(day_of_week)
        if by_month_day and by_weekday:
            self.day_matches = lambda d: by_month_day(d) or by_weekday(d)
        else:
            self.day_matches = by_month_day or by_weekday or (lambda d: True)

    def _days_from(self, first):
        for year in self.years:
            if year < first.year:
                continue
            for month in self.months:
                if (year, month) < (first.year, first.month):
                    continue
                for day in range(1, calendar.monthrange(year, month)[1] + 1):
                    candidate = date(year, month, day)
                    if candidate >= first and self.day_matches(candidate):
                        yield candidate

    def next_after(self, after):
        after = after.astimezone(UTC)
        # A day earlier than the local date, so no offset change can skip a firing.
        first = after.astimezone(self.tz).date() - timedelta(days=1)
        for day in self._days_from(first):
            for hour in self.hours:
                for minute in self.minutes:
                    local = datetime(day.year, day.month, day.day, hour, minute, tzinfo=self.tz)
                    instant = local.astimezone(UTC)
                    if instant > after:
                        return instant
        return None
