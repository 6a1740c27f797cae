"""What a poster is told when the forum will not take their comment."""


class PostingRefused(Exception):
    """Raised when a comment cannot be taken: the debate is closed, or the poster is
    suspended. The message is written for the poster."""
