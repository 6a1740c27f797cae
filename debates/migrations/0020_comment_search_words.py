"""Korean search: the words of each comment and debate translation as the analyser
cuts them, and on PostgreSQL the indexes that search the comments' (see
debates.search.matching)."""

from django.db import migrations, models

from debates.search import korean

BATCH_SIZE = 500

# The expressions and condition match what debates.search asks for, so PostgreSQL
# can use the indexes: SearchVector("search_words", config="simple") and
# body__contains (LIKE, which pg_trgm's operator class serves) on published
# comments. pg_trgm is in PostgreSQL's contrib and trusted: the database's owner
# may create it.
CREATE = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    """
    CREATE INDEX IF NOT EXISTS comment_words_search ON debates_comment
    USING gin (to_tsvector('simple'::regconfig, COALESCE(search_words, '')))
    WHERE status = 'published'
    """,
    """
    CREATE INDEX IF NOT EXISTS comment_body_trigram ON debates_comment
    USING gin (body gin_trgm_ops)
    WHERE status = 'published'
    """,
]
# The extension stays: other databases' objects may use it by now.
DROP = [
    "DROP INDEX IF EXISTS comment_body_trigram",
    "DROP INDEX IF EXISTS comment_words_search",
]


def index_rows(model, fields, using):
    """Fill `search_words` from `fields`, a batch at a time in primary key order
    (SQLite must not be written to while a query over the same table is still
    being read)."""
    rows = model.objects.using(using).order_by("pk").only("pk", *fields)
    last = 0
    while batch := list(rows.filter(pk__gt=last)[:BATCH_SIZE]):
        for row in batch:
            text = " ".join(getattr(row, field) for field in fields)
            row.search_words = korean.search_words(text)
        model.objects.using(using).bulk_update(batch, ["search_words"])
        last = batch[-1].pk


def index_texts(apps, schema_editor):
    using = schema_editor.connection.alias
    index_rows(apps.get_model("debates", "Comment"), ["body"], using)
    index_rows(
        apps.get_model("debates", "DebateTranslation"),
        ["title", "question", "introduction"],
        using,
    )


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in CREATE:
            schema_editor.execute(statement)


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in DROP:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("debates", "0019_languages")]

    operations = [
        migrations.AddField(
            model_name="comment",
            name="search_words",
            field=models.TextField(
                blank=True,
                editable=False,
                help_text="The words search finds the text by (debates.search.korean): Korean cut into the morphemes that carry meaning; kept with the text.",
            ),
        ),
        migrations.AddField(
            model_name="debatetranslation",
            name="search_words",
            field=models.TextField(
                blank=True,
                editable=False,
                help_text="The words search finds the translation by (debates.search.korean); kept with its title, question and introduction.",
            ),
        ),
        migrations.RunPython(index_texts, migrations.RunPython.noop),
        migrations.RunPython(create_indexes, drop_indexes),
    ]
