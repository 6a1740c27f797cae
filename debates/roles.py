"""The staff roles the forum ships with."""

# Created, with its permissions, by migration 0002_moderators_group.
MODERATORS_GROUP = "Moderators"
