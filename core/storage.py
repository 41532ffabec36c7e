"""Private files: agreement documents, training materials and certificates, forum attachments.

Migrations name `core.storage.private_storage` as the storage of those FileFields: it must stay
importable at this path.
"""

from django.core.files.storage import storages
from django.http import FileResponse

from .files import download_name


def private_storage():
    """Outside MEDIA_ROOT, no URL; a file is served only by a permission-checked view."""
    return storages["private"]


def private_download(file, *, content_type, filename, as_attachment=True):
    """A file from private storage, for a view that has already checked permission: never
    cached by browsers or proxies, and named from its detected `content_type` (core.files), not
    from the extension its uploader gave it."""
    response = FileResponse(
        file.open("rb"),
        content_type=content_type,
        as_attachment=as_attachment,
        filename=download_name(filename, content_type),
    )
    response["Cache-Control"] = "private, no-store"
    return response
