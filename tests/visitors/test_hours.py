"""Opening hours: open now / closes at, seasons, exceptions, after midnight, in Asia/Ho_Chi_Minh."""

from datetime import UTC, date, datetime, time

from visitors.hours import LOCAL_TZ, Exception_, Period, opening_state

DAILY = [Period(opens=time(6), closes=time(17))]


def at(y, m, d, hh, mm=0):
    return datetime(y, m, d, hh, mm, tzinfo=LOCAL_TZ)


def test_open_during_the_day_says_when_it_closes():
    state = opening_state(DAILY, [], at(2026, 12, 5, 10))
    assert state.known and state.is_open
    assert state.closes_at == at(2026, 12, 5, 17)


def test_closing_time_itself_is_closed_and_next_opening_is_tomorrow():
    state = opening_state(DAILY, [], at(2026, 12, 5, 17))
    assert not state.is_open
    assert state.opens_at == at(2026, 12, 6, 6)


def test_before_opening_opens_today():
    state = opening_state(DAILY, [], at(2026, 12, 5, 5, 59))
    assert not state.is_open and state.opens_at == at(2026, 12, 5, 6)


def test_a_utc_moment_is_read_in_vietnam_time():
    # 23:30 UTC on 4 December is 06:30 on 5 December in Hội An.
    state = opening_state(DAILY, [], datetime(2026, 12, 4, 23, 30, tzinfo=UTC))
    assert state.is_open and state.closes_at == at(2026, 12, 5, 17)


def test_no_hours_recorded_is_unknown_not_closed():
    assert opening_state([], [], at(2026, 12, 5, 10)).known is False


def test_seasons_including_one_over_the_new_year():
    summer = Period(opens=time(7, 30), closes=time(21, 30), start=(4, 1), end=(9, 30))
    winter = Period(opens=time(7, 30), closes=time(21), start=(10, 1), end=(3, 31))
    assert opening_state([summer, winter], [], at(2026, 7, 1, 21, 15)).closes_at == at(2026, 7, 1, 21, 30)
    assert opening_state([summer, winter], [], at(2026, 1, 2, 21, 15)).is_open is False
    assert opening_state([summer, winter], [], at(2026, 12, 31, 20)).closes_at == at(2026, 12, 31, 21)


def test_weekdays_closed_on_monday_opens_tuesday():
    museum = [Period(opens=time(8), closes=time(17), weekdays=frozenset({1, 2, 3, 4, 5, 6}))]
    monday = at(2026, 12, 7, 10)
    assert monday.weekday() == 0
    state = opening_state(museum, [], monday)
    assert not state.is_open and state.opens_at == at(2026, 12, 8, 8)


def test_exception_closes_a_regular_day_with_its_note():
    tet = [Exception_(day=date(2027, 2, 6), closed=True, note="Tết")]
    state = opening_state(DAILY, tet, at(2027, 2, 6, 10))
    assert not state.is_open and state.exception_note == "Tết"
    assert state.opens_at == at(2027, 2, 7, 6)


def test_exception_with_special_hours_replaces_the_regular_ones():
    late = [
        Exception_(day=date(2026, 12, 24), closed=False, opens=time(9), closes=time(22), note="Đêm phố cổ")
    ]
    assert opening_state(DAILY, late, at(2026, 12, 24, 7)).opens_at == at(2026, 12, 24, 9)
    assert opening_state(DAILY, late, at(2026, 12, 24, 21)).closes_at == at(2026, 12, 24, 22)


def test_hours_past_midnight_are_open_after_midnight():
    night = [Period(opens=time(18), closes=time(1))]
    state = opening_state(night, [], at(2026, 12, 6, 0, 30))
    assert state.is_open and state.closes_at == at(2026, 12, 6, 1)
    assert opening_state(night, [], at(2026, 12, 6, 1, 30)).opens_at == at(2026, 12, 6, 18)


def test_back_to_back_periods_read_as_one_opening():
    split = [Period(opens=time(7), closes=time(11)), Period(opens=time(11), closes=time(17))]
    assert opening_state(split, [], at(2026, 12, 5, 10)).closes_at == at(2026, 12, 5, 17)


def test_lunch_break_closed_then_opens_in_the_afternoon():
    split = [Period(opens=time(7), closes=time(11)), Period(opens=time(13, 30), closes=time(17))]
    state = opening_state(split, [], at(2026, 12, 5, 12))
    assert not state.is_open and state.opens_at == at(2026, 12, 5, 13, 30)


def test_closed_for_longer_than_the_horizon_gives_no_next_opening():
    closed = [Exception_(day=date(2026, 12, d)) for d in range(5, 31)]
    state = opening_state(DAILY, closed, at(2026, 12, 5, 10))
    assert state.known and not state.is_open and state.opens_at is None
