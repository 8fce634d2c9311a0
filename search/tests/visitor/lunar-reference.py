"""Writes lunar-months.txt: an independent reference for the Vietnamese lunar calendar, 2024-2034.

Month starts come from PyEphem's astronomy (`pip install ephem==4.2.1`: new moons, the December
solstice, the sun's apparent ecliptic longitude), with the Vietnamese calendar's rules at UTC+7:
- a month starts on the local (UTC+7) day of a new moon;
- month 11 is the month that holds the December solstice;
- when 13 months lie between two months 11, the first of them with no major solar term (the
  sun's longitude crossing a multiple of 30 degrees) is the leap month, numbered as the month
  before it.
It shares no code with calendrical_calculations (Reingold & Dershowitz's series), so the two
agreeing on every month start is evidence for both.

One line per month: lunar year, month, 1 for a leap month (else 0), the solar date of its first
day. Run: python3 lunar-reference.py > lunar-months.txt
"""
import datetime as dt
import math

import ephem

TZ = dt.timedelta(hours=7)
FIRST_YEAR, LAST_YEAR = 2024, 2034


def local_day(date):
    return (ephem.Date(date).datetime() + TZ).date()


def local_midnight(day):
    return ephem.Date(dt.datetime(day.year, day.month, day.day) - TZ)


def sun_longitude(date):
    sun = ephem.Sun()
    sun.compute(date)
    return float(ephem.Ecliptic(sun, epoch=date).lon)


def has_major_term(start, end):
    a = sun_longitude(local_midnight(start)) / (math.pi / 6)
    b = sun_longitude(local_midnight(end)) / (math.pi / 6)
    if b < a:
        b += 12
    return math.floor(b) > math.floor(a)


def month_starts(first, last):
    starts, moon = [], ephem.previous_new_moon(first)
    while moon < last:
        starts.append(local_day(moon))
        moon = ephem.next_new_moon(moon + 1)
    return starts


def month_eleven(starts, year):
    solstice = local_day(ephem.next_solstice(ephem.Date(dt.datetime(year, 12, 1))))
    return next(i for i in range(len(starts) - 1) if starts[i] <= solstice < starts[i + 1])


starts = month_starts(
    ephem.Date(dt.datetime(FIRST_YEAR - 2, 10, 1)), ephem.Date(dt.datetime(LAST_YEAR + 2, 3, 1))
)
for year in range(FIRST_YEAR - 1, LAST_YEAR + 1):
    a, b = month_eleven(starts, year), month_eleven(starts, year + 1)
    leap_at = None
    if b - a == 13:
        leap_at = next(i for i in range(a + 1, b) if not has_major_term(starts[i], starts[i + 1]))
    month = 10
    for i in range(a, b):
        leap = i == leap_at
        if not leap:
            month = month % 12 + 1
        lunar_year = year if month >= 11 else year + 1
        if FIRST_YEAR <= lunar_year <= LAST_YEAR:
            print(lunar_year, month, int(leap), starts[i].isoformat())
