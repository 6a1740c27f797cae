"""The forum's models: debates and their comments, and what moderators work with."""

from .forum import (
    Article,
    Author,
    Comment,
    Debate,
    PostingRefused,
    cache_token,
    format_partial_date,
)
from .moderation import HouseRule, ModerationAction, Report, Suspension
from .stance import Balance, Stance

__all__ = [
    "Article",
    "Author",
    "Balance",
    "Comment",
    "Debate",
    "HouseRule",
    "ModerationAction",
    "PostingRefused",
    "Report",
    "Stance",
    "Suspension",
    "cache_token",
    "format_partial_date",
]
