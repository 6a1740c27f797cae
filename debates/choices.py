"""Enumerations shared by the models and their querysets."""

from django.db import models


class DatePrecision(models.TextChoices):
    """How much of a stored date the sources actually confirm."""

    DAY = "day", "Day"
    MONTH = "month", "Month"
    YEAR = "year", "Year"


class CommentStatus(models.TextChoices):
    PUBLISHED = "published", "Published"
    REMOVED = "removed", "Removed by a moderator"
