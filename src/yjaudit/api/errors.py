"""The one translation of a Django `ValidationError` into a DRF 400 answer.

Services validate with Django's `ValidationError` (a field -> messages dict, or a list
of messages); the API views call `django_errors` so every endpoint answers the same
shape: `{"field": ["message", ...]}` or `["message", ...]`.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext
from rest_framework import serializers, status
from rest_framework.response import Response


def django_errors(error: DjangoValidationError) -> serializers.ValidationError:
    return serializers.ValidationError(
        error.message_dict if hasattr(error, "error_dict") else error.messages
    )


def file_too_large() -> Response:
    """An upload over the import size limit: a 400 in the import problems' shape."""
    message = gettext("The file is too large.")
    return Response(
        {"problems": [{"row": None, "column": "", "message": message}]},
        status=status.HTTP_400_BAD_REQUEST,
    )
