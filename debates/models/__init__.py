"""The forum's models, one module each, with its QuerySet and its rules beside it."""

from .article import Article
from .author import Author
from .automatic_flag import AutomaticFlag
from .comment import Comment, CommentRevision
from .data_export import DataExport
from .dates import format_partial_date
from .debate import Debate, cache_token
from .follow import Follow
from .house_rule import HouseRule
from .link_domain import LinkDomain
from .moderation_action import ModerationAction
from .outgoing_email import OutgoingEmail
from .recommendation import Recommendation
from .refusals import PostingRefused
from .report import Report
from .review_request import ReviewRequest
from .signature_change import SignatureChange
from .stance import Balance, Stance
from .suspension import Suspension
from .translation import DebateTranslation, HouseRuleTranslation, StanceTranslation
from .word_rule import WordRule

__all__ = [
    "Article",
    "Author",
    "AutomaticFlag",
    "Balance",
    "Comment",
    "CommentRevision",
    "DataExport",
    "Debate",
    "DebateTranslation",
    "Follow",
    "HouseRule",
    "HouseRuleTranslation",
    "LinkDomain",
    "ModerationAction",
    "OutgoingEmail",
    "PostingRefused",
    "Recommendation",
    "Report",
    "ReviewRequest",
    "SignatureChange",
    "Stance",
    "StanceTranslation",
    "Suspension",
    "WordRule",
    "cache_token",
    "format_partial_date",
]
