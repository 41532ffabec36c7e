"""Forum attachments lose the names their uploaders gave them (issue 15): a file name such as
`laporan_lina_sitorus.pdf` named an anonim submitter to everyone who could see the post. Each
existing attachment is renamed by its place in its submission (`lampiran-1.pdf`, …, the
extension of the kind its content was found to be), and the column is called what it now holds.
"""

from django.db import migrations

EXTENSIONS = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"}


def neutral_names(apps, schema_editor):
    Attachment = apps.get_model("forums", "Attachment")
    position, submission = 0, None
    renamed = []
    for attachment in Attachment.objects.order_by("submission_id", "pk").iterator(chunk_size=2000):
        if attachment.submission_id != submission:
            position, submission = 0, attachment.submission_id
        position += 1
        extension = EXTENSIONS.get(attachment.content_type, "bin")
        attachment.name = f"lampiran-{position}.{extension}"
        renamed.append(attachment)
        if len(renamed) >= 2000:
            Attachment.objects.bulk_update(renamed, ["name"])
            renamed = []
    Attachment.objects.bulk_update(renamed, ["name"])


class Migration(migrations.Migration):
    dependencies = [("forums", "0008_field_labels")]

    operations = [
        migrations.RenameField("attachment", "original_name", "name"),
        # The old names cannot be brought back: going backwards keeps the neutral ones.
        migrations.RunPython(neutral_names, migrations.RunPython.noop, elidable=True),
    ]
