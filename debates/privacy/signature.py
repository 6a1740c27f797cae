"""Changing the signature a reader posts under."""

from django.db import transaction

from ..models import Author, Comment, SignatureChange


@transaction.atomic
def change_signature(
    *, author: Author, name: str, place: str, resign: bool
) -> SignatureChange | None:
    """Sign as `name`, `place` from now on. The comments already posted keep the
    signature they were posted under, or with `resign`, take the new one; either
    way the change is kept for moderators. None if nothing changed."""
    author = Author.objects.select_for_update().get(pk=author.pk)
    if (name, place) == (author.name, author.place) and not resign:
        return None
    earlier = Comment.objects.filter(author=author)
    if resign:
        earlier.exclude(signed_name="").update(signed_name="", signed_place="")
    else:
        earlier.filter(signed_name="").update(
            signed_name=author.name, signed_place=author.place
        )
    change = SignatureChange.objects.create(
        author=author,
        old_name=author.name,
        old_place=author.place,
        new_name=name,
        new_place=place,
        resigned=resign,
    )
    author.name, author.place = name, place
    author.save(update_fields=["name", "place"])
    return change
