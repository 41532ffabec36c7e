"""Training materials in private storage."""

import secrets

from django.core.exceptions import PermissionDenied

from core.files import check_document

from .. import rules
from ..models import Material


def material_upload(*, training, by, title, file, public=False):
    if not rules.can_manage_training(by, training):
        raise PermissionDenied
    content_type = check_document(file)
    material = Material(
        training=training,
        title=title,
        original_name=file.name[:255],
        content_type=content_type,
        token=secrets.token_hex(20),
        public=public,
        uploaded_by=by,
    )
    material.file.save(material.token, file, save=False)
    material.save()
    return material
