"""A debate's "Then and now": its background reading and its own events, dated."""

import datetime
from dataclasses import dataclass

from .dates import format_partial_date, machine_partial_date


@dataclass(frozen=True)
class TimelineEvent:
    """One dated line of a timeline: something the debate did, or an article of its
    background reading coming out. Dated only as precisely as the date is known."""

    on: datetime.date
    precision: str
    text: str
    article: object = None
    note: str = ""
    # Orders events of the same date: the news first (debates answer it), then
    # the debate's own events as they happened.
    rank: int = 0

    @property
    def date_display(self):
        return format_partial_date(self.on, self.precision)

    @property
    def date_attribute(self):
        return machine_partial_date(self.on, self.precision)

    @property
    def is_reading(self):
        return self.article is not None
