"""The forum's models: debates and their comments, and what moderators work with."""

from .forum import (
    Article,
    Author,
    Comment,
    CommentRevision,
    Debate,
    PostingRefused,
    cache_token,
    format_partial_date,
)
from .moderation import HouseRule, ModerationAction, Report, Suspension
from .recommendation import Recommendation
from .stance import Balance, Stance

__all__ = [
    "Article",
    "Author",
    "Balance",
    "Comment",
    "CommentRevision",
    "Debate",
    "HouseRule",
    "ModerationAction",
    "PostingRefused",
    "Recommendation",
    "Report",
    "Stance",
    "Suspension",
    "cache_token",
    "format_partial_date",
]
