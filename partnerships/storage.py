from django.core.files.storage import storages


def private_storage():
    """Agreement documents: outside MEDIA_ROOT, no URL; served only by a permission-checked view."""
    return storages["private"]
