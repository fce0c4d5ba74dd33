"""Opening hours: is a place open at a given moment, and until when. Pure functions, no database.

Hours are kept as plain data so the same rules can be checked in tests, shown on a page and, later,
carried in an offline pack. Times are local to Asia/Ho_Chi_Minh (no daylight saving there, but
the conversion is still done through zoneinfo so an aware UTC moment gives the right local day).
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

LOCAL_TZ = ZoneInfo("Asia/Ho_Chi_Minh")
ALL_WEEK = frozenset(range(7))  # Monday = 0, as date.weekday()


@dataclass(frozen=True)
class Period:
    """Regular hours during a season: from (month, day) to (month, day), both inclusive.

    A season may run over the new year (1 Nov – 31 Mar). ``closes`` at or before ``opens`` means
    the place closes after midnight, on the next day.
    """

    opens: time
    closes: time
    weekdays: frozenset = ALL_WEEK
    start: tuple = (1, 1)
    end: tuple = (12, 31)
    label: str = ""

    def covers(self, day):
        key = (day.month, day.day)
        if self.start <= self.end:
            in_season = self.start <= key <= self.end
        else:
            in_season = key >= self.start or key <= self.end
        return in_season and day.weekday() in self.weekdays

    def interval(self, day):
        """(opening, closing) as naive local datetimes for an opening that starts on ``day``."""
        opening = datetime.combine(day, self.opens)
        closing = datetime.combine(day, self.closes)
        if closing <= opening:
            closing += timedelta(days=1)
        return opening, closing


@dataclass(frozen=True)
class Exception_:
    """A day that differs from the regular hours: closed (Tết, a ceremony) or special hours."""

    day: date
    closed: bool = True
    opens: time | None = None
    closes: time | None = None
    note: str = ""

    def interval(self):
        if self.closed or self.opens is None or self.closes is None:
            return None
        opening = datetime.combine(self.day, self.opens)
        closing = datetime.combine(self.day, self.closes)
        if closing <= opening:
            closing += timedelta(days=1)
        return opening, closing


@dataclass(frozen=True)
class OpeningState:
    known: bool
    is_open: bool = False
    closes_at: datetime | None = None  # local, when open
    opens_at: datetime | None = None  # local, when closed: the next opening within two weeks
    exception_note: str = ""
    reasons: list = field(default_factory=list)


def local(moment):
    """An aware moment in local time; a naive one is taken as already local."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=LOCAL_TZ)
    return moment.astimezone(LOCAL_TZ)


def intervals_for(day, periods, exceptions):
    """The opening intervals that start on ``day`` (naive local datetimes) and the note of an
    exception if one applies. An exception replaces the day's regular hours entirely."""
    for exception in exceptions:
        if exception.day == day:
            interval = exception.interval()
            return ([interval] if interval else []), exception.note
    return [period.interval(day) for period in periods if period.covers(day)], ""


def opening_state(periods, exceptions, moment, horizon_days=14):
    """Whether the place is open at ``moment`` and when it closes, or when it next opens.

    ``known`` is False when no hours are recorded at all: the page then says nothing rather than
    "closed".
    """
    if not periods and not exceptions:
        return OpeningState(known=False)
    now = local(moment).replace(tzinfo=None)
    today = now.date()
    # An opening that began yesterday may still run past midnight.
    for day in (today - timedelta(days=1), today):
        intervals, note = intervals_for(day, periods, exceptions)
        for opening, closing in sorted(intervals):
            if opening <= now < closing:
                # Back-to-back intervals (a lunch break of zero) read as one.
                closing = _extend(closing, periods, exceptions)
                return OpeningState(
                    known=True, is_open=True, closes_at=closing.replace(tzinfo=LOCAL_TZ), exception_note=note
                )
    today_note = intervals_for(today, periods, exceptions)[1]
    for offset in range(horizon_days + 1):
        day = today + timedelta(days=offset)
        intervals, _note = intervals_for(day, periods, exceptions)
        upcoming = sorted(opening for opening, _closing in intervals if opening > now)
        if upcoming:
            return OpeningState(
                known=True,
                is_open=False,
                opens_at=upcoming[0].replace(tzinfo=LOCAL_TZ),
                exception_note=today_note,
            )
    return OpeningState(known=True, is_open=False, exception_note=today_note)


def _extend(closing, periods, exceptions):
    for _ in range(3):
        intervals, _note = intervals_for(closing.date(), periods, exceptions)
        following = [end for start, end in intervals if start == closing]
        if not following:
            break
        closing = max(following)
    return closing
