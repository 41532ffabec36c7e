from django.core.files.storage import storages


def private_storage():
    """Agreement documents: outside MEDIA_ROOT, no URL; served only by a permission-checked view."""
    return storages["private"]


def private_download(file, *, content_type, filename, as_attachment=True):
    """A file from private storage, for a view that has already checked permission: never
    cached by browsers or proxies."""
    from django.http import FileResponse

    response = FileResponse(
        file.open("rb"), content_type=content_type, as_attachment=as_attachment, filename=filename
    )
    response["Cache-Control"] = "private, no-store"
    return response
