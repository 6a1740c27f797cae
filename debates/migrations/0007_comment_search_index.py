"""A full-text index for searching published comments, on PostgreSQL."""

from django.db import migrations

# The expression and condition match what debates.search asks for, so PostgreSQL
# can use the index: SearchVector("body", config="english") on published comments.
CREATE = """
CREATE INDEX IF NOT EXISTS comment_body_search ON debates_comment
USING gin (to_tsvector('english'::regconfig, COALESCE(body, '')))
WHERE status = 'published'
"""
DROP = "DROP INDEX IF EXISTS comment_body_search"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("debates", "0006_debate_stances_and_comment_stance")]

    operations = [migrations.RunPython(create, drop)]
