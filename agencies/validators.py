from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from PIL import Image

LOGO_MAX_BYTES = 2 * 1024 * 1024
LOGO_MAX_PIXELS = 4000 * 4000
LOGO_FORMATS = {"PNG", "JPEG", "WEBP"}


def validate_logo(file):
    """A logo must really be a PNG, JPEG or WebP picture (checked by content, not by name)."""
    if file.size > LOGO_MAX_BYTES:
        raise ValidationError(
            _("The logo is %(size)s; the limit is %(limit)s."),
            params={"size": filesizeformat(file.size), "limit": filesizeformat(LOGO_MAX_BYTES)},
            code="too_large",
        )
    try:
        file.seek(0)
        with Image.open(file) as image:
            image_format = image.format
            width, height = image.size
            image.verify()
    except Exception as exc:  # Pillow raises many kinds for broken or foreign files
        raise ValidationError(
            _("This file is not a picture we can read. Upload a PNG, JPEG or WebP image."),
            code="not_an_image",
        ) from exc
    finally:
        file.seek(0)
    if image_format not in LOGO_FORMATS:
        raise ValidationError(_("Upload a PNG, JPEG or WebP image."), code="wrong_format")
    if width * height > LOGO_MAX_PIXELS:
        raise ValidationError(_("The logo is too large in pixels."), code="too_many_pixels")
