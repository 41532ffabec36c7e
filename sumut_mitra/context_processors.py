from django.conf import settings

from .navigation import main_menu


def portal(request):
    return {
        "main_menu": main_menu(request),
        "available_languages": settings.LANGUAGES,
    }
