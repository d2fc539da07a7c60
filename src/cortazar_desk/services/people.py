"""Contact details people type for the office's own contacts (departments' liaisons, the requests' liaison), checked
by the same rules as the media directory's."""

from __future__ import annotations

from ..domain.media import MediaRuleError, normalize_email
from ..domain.text import clean_text
from .errors import ValidationError


def liaison_email_address(text: str) -> str:
    """The address in lower case, "" for none; a Spanish refusal when it cannot be one ("juan@@correo", "juan@")."""
    try:
        email = normalize_email(clean_text(text))
    except MediaRuleError as exc:
        raise ValidationError(f"Correo del enlace: {exc}", field="liaison_email") from exc
    if len(email) > 150:
        raise ValidationError("El correo del enlace admite hasta 150 caracteres.", field="liaison_email")
    return email
