"""Rules of the media directory, pure (no database, no Qt): names folded for comparison, Mexican phone numbers and
e-mail addresses checked and normalised, likely duplicate journalists, vCard 3.0 text, and the predicate of a
saved-search distribution list ("radio + regional + fuente: seguridad")."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

MEDIA = {"impreso": "Impreso", "radio": "Radio", "tv": "Televisión", "digital": "Digital", "redes": "Redes sociales"}
COVERAGE = {"local": "Local", "regional": "Regional", "estatal": "Estatal", "nacional": "Nacional"}
CHANNELS = {"": "Sin preferencia", "telefono": "Teléfono", "whatsapp": "WhatsApp", "correo": "Correo electrónico",
            "mensaje": "Mensaje directo (redes)"}
GENRES = {"nota": "Nota", "columna": "Columna", "opinion": "Opinión", "entrevista": "Entrevista",
          "reportaje": "Reportaje", "redes": "Publicación en redes"}
TONES = {"positiva": "Positiva", "neutral": "Neutral", "negativa": "Negativa"}
TONE_COLOURS = {"positiva": "#2e7d32", "neutral": "#757575", "negativa": "#c62828"}


class MediaRuleError(ValueError):
    """A value that breaks a rule; the message is Spanish and complete."""


# --- names --------------------------------------------------------------------------------------------------------


def fold_name(text: str) -> str:
    """Lower case, without accents or punctuation, words separated by one space ("José  Pérez-Díaz" -> "jose perez
    diaz")."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join("".join(ch if ch.isalnum() else " " for ch in plain).split())


def name_key(text: str) -> str:
    """The folded words in order: "Pérez José" and "José Pérez" share it."""
    return " ".join(sorted(fold_name(text).split()))


def name_similarity(a: str, b: str) -> float:
    """0-100: how alike two people's names are, ignoring accents, case, punctuation and word order."""
    from rapidfuzz import fuzz

    return float(fuzz.token_sort_ratio(fold_name(a), fold_name(b)))


SIMILAR_NAME = 88.0  # "Jose Luis Perez Soto" ~ "José Luis Pérez Sota"; "Ana Ruiz" vs "Ana Ríos" stays below


# --- phones and e-mail ---------------------------------------------------------------------------------------------

_EXTENSION = re.compile(r"\s*(?:ext\.?|extensi[oó]n|x)\s*(\d{1,6})\s*$", re.IGNORECASE)
_PHONE_CHARS = re.compile(r"^[\d\s()+.\-/]*$")


_PHONE_LABEL = re.compile(r"^(?:cel(?:ular)?|m[oó]vil|tel(?:[eé]fono)?|of(?:icina)?|casa|whats(?:app)?)\.?:?\s*",
                          re.IGNORECASE)


def normalize_phone(text: str) -> str:
    """A Mexican number written as "411 155 0000" (10 digits; +52, 52, 044, 045 and 01 prefixes dropped), with an
    optional extension ("411 155 0000 ext. 12"). Empty stays empty. Raises MediaRuleError with the reason."""
    raw = " ".join(text.split())
    if not raw:
        return ""
    raw = _PHONE_LABEL.sub("", raw)  # "Cel. 461 555 0113", "Tel: ...", "Oficina ..."
    extension = ""
    match = _EXTENSION.search(raw)
    if match:
        extension = match.group(1)
        raw = raw[:match.start()]
    if not _PHONE_CHARS.match(raw):
        raise MediaRuleError(f"«{_short(text)}» no es un teléfono: solo se admiten dígitos, espacios, guiones, "
                             "paréntesis y una extensión («ext. 12»).")
    digits = re.sub(r"\D", "", raw)
    if len(digits) == 12 and digits.startswith("52"):
        digits = digits[2:]
    elif len(digits) == 13 and digits.startswith("521"):  # old mobile format +52 1
        digits = digits[3:]
    elif len(digits) == 13 and digits[:3] in ("044", "045"):
        digits = digits[3:]
    elif len(digits) == 12 and digits.startswith("01"):
        digits = digits[2:]
    if len(digits) != 10:
        raise MediaRuleError(f"«{_short(text)}» no es un teléfono de México: deben ser 10 dígitos (lada y número, "
                             f"p. ej. 411 155 0000); tiene {len(digits)}.")
    formatted = f"{digits[:3]} {digits[3:6]} {digits[6:]}"
    return f"{formatted} ext. {extension}" if extension else formatted


def phone_key(formatted: str) -> str:
    """The ten digits of a normalised phone (extension left out): what two records share when it is one phone."""
    return re.sub(r"\D", "", formatted.split(" ext.")[0])


_EMAIL = re.compile(r"^[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
                    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$")


def normalize_email(text: str) -> str:
    """The address trimmed and in lower case ("" stays ""); raises MediaRuleError when it cannot be an address."""
    value = text.strip()
    quoted = re.search(r"<([^<>]+)>", value)
    if quoted:  # "Juan Pérez <juan@medio.mx>", as mail programs copy it
        value = quoted.group(1)
    value = value.strip().strip("<>").strip()
    if value.lower().startswith("mailto:"):
        value = value[7:]
    if not value:
        return ""
    if len(value) > 254 or not _EMAIL.match(value) or ".." in value or value.startswith(".") \
            or value.split("@")[0].endswith("."):
        raise MediaRuleError(f"«{_short(text)}» no es un correo electrónico válido (ejemplo: nombre@medio.com.mx).")
    return value.lower()


def _short(text: str, limit: int = 60) -> str:
    one_line = " ".join(text.split())
    return one_line if len(one_line) <= limit else one_line[:limit] + "…"


# --- beats (fuentes) -------------------------------------------------------------------------------------------------


def parse_beats(text: str) -> list[str]:
    """"Seguridad, política;  Cultura / seguridad" -> ["seguridad", "política", "cultura"]: lower case, accents kept,
    each beat once (compared without accents)."""
    seen: dict[str, str] = {}
    for part in re.split(r"[,;/\n]", text):
        beat = " ".join(part.split()).lower()
        if fold_name(beat) and fold_name(beat) not in seen:
            seen[fold_name(beat)] = beat
    return list(seen.values())


def beat_keys(text: str) -> list[str]:
    """The beats of ``text`` folded, as saved searches compare them."""
    return [fold_name(b) for b in parse_beats(text)]


# --- duplicates ------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PersonKeys:
    """What duplicate detection compares: phones (10 digits), e-mail, and the name."""

    id: int
    name: str
    phones: tuple[str, ...] = ()
    email: str = ""


def duplicate_reasons(a: PersonKeys, b: PersonKeys) -> list[str]:
    """Why ``a`` and ``b`` are probably one person (empty: they are not)."""
    reasons = []
    shared = sorted({p for p in a.phones if p} & {p for p in b.phones if p})
    if shared:
        reasons.append(f"mismo teléfono ({shared[0][:3]} {shared[0][3:6]} {shared[0][6:]})")
    if a.email and a.email == b.email:
        reasons.append(f"mismo correo ({a.email})")
    if name_key(a.name) and name_key(a.name) == name_key(b.name):
        reasons.append("mismo nombre")
    elif name_similarity(a.name, b.name) >= SIMILAR_NAME:
        reasons.append("nombre parecido")
    return reasons


# --- vCard 3.0 ------------------------------------------------------------------------------------------------------


def vcard_escape(value: str) -> str:
    """RFC 2426 text value: backslash, comma and semicolon escaped, line breaks as \\n, other controls dropped."""
    text = value.replace("\r\n", "\n").replace("\r", "\n")
    text = "".join(ch for ch in text if ch == "\n" or ch >= " " and ch != "\x7f")
    return text.replace("\\", "\\\\").replace(",", "\\,").replace(";", "\\;").replace("\n", "\\n")


def fold_line(line: str, limit: int = 75) -> str:
    """Lines longer than 75 octets are folded (CRLF and one space), never inside a UTF-8 character."""
    out: list[str] = []
    current = ""
    size = 0
    for ch in line:
        width = len(ch.encode("utf-8"))
        if size + width > limit:
            out.append(current)
            current, size = " ", 1
        current += ch
        size += width
    out.append(current)
    return "\r\n".join(out)


@dataclass(frozen=True)
class VCardPerson:
    name: str
    organisation: str = ""
    role: str = ""
    phones: tuple[str, ...] = ()
    email: str = ""
    note: str = ""
    messaging: str = ""


def split_name(full: str) -> tuple[str, str]:
    """(family names, given names) for the N property: in Mexico the last two words are usually the surnames."""
    words = full.split()
    if len(words) <= 1:
        return "", full.strip()
    if len(words) == 2:
        return words[1], words[0]
    return " ".join(words[-2:]), " ".join(words[:-2])


def vcard(person: VCardPerson) -> str:
    family, given = split_name(person.name)
    lines = ["BEGIN:VCARD", "VERSION:3.0", f"N:{vcard_escape(family)};{vcard_escape(given)};;;",
             f"FN:{vcard_escape(person.name)}"]
    if person.organisation:
        lines.append(f"ORG:{vcard_escape(person.organisation)}")
    if person.role:
        lines.append(f"TITLE:{vcard_escape(person.role)}")
    for n, phone in enumerate(person.phones):
        if phone:
            kind = "TYPE=CELL,VOICE" if n == 0 else "TYPE=WORK,VOICE"
            digits = phone_key(phone)
            extension = phone.split(" ext. ")[1] if " ext. " in phone else ""
            # A comma is the pause phones dial before an extension: "+524111550000,12" reaches extension 12.
            number = f"+52{digits}{',' + extension if extension else ''}"
            lines.append(f"TEL;{kind}:{vcard_escape(number)}" if len(digits) == 10 else
                         f"TEL;{kind}:{vcard_escape(phone)}")
    if person.email:
        lines.append(f"EMAIL;TYPE=INTERNET:{vcard_escape(person.email)}")
    if person.messaging:
        lines.append(f"X-SOCIALPROFILE:{vcard_escape(person.messaging)}")
    if person.note:
        lines.append(f"NOTE:{vcard_escape(person.note)}")
    lines.append("END:VCARD")
    return "".join(fold_line(line) + "\r\n" for line in lines)


def vcards(people: Iterable[VCardPerson]) -> bytes:
    return "".join(vcard(p) for p in people).encode("utf-8")


# --- saved-search lists -----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ListCriteria:
    """A saved search: every chosen group must match (media OR-ed inside, beats OR-ed inside, ...)."""

    media: tuple[str, ...] = ()
    coverage: tuple[str, ...] = ()
    beats: tuple[str, ...] = ()  # as typed; compared folded
    outlet_ids: tuple[int, ...] = ()
    text: str = ""  # words that must all appear in the name, role, outlet or notes

    def is_empty(self) -> bool:
        return not (self.media or self.coverage or self.beats or self.outlet_ids or self.text.strip())

    def to_dict(self) -> dict[str, object]:
        return {"media": list(self.media), "coverage": list(self.coverage), "beats": list(self.beats),
                "outlet_ids": list(self.outlet_ids), "text": self.text}

    @classmethod
    def from_dict(cls, raw: dict[str, object]) -> ListCriteria:
        def strings(key: str) -> tuple[str, ...]:
            value = raw.get(key) or []
            return tuple(str(v) for v in value) if isinstance(value, list) else ()

        ids = raw.get("outlet_ids") or []
        return cls(strings("media"), strings("coverage"), strings("beats"),
                   tuple(int(i) for i in ids) if isinstance(ids, list) else (), str(raw.get("text") or ""))

    def describe(self) -> str:
        parts = []
        if self.media:
            parts.append(" o ".join(MEDIA.get(m, m) for m in self.media))
        if self.coverage:
            parts.append("cobertura " + " o ".join(COVERAGE.get(c, c).lower() for c in self.coverage))
        if self.beats:
            parts.append("fuente: " + " o ".join(self.beats))
        if self.outlet_ids:
            parts.append(f"{len(self.outlet_ids)} medios elegidos")
        if self.text.strip():
            parts.append(f"texto «{self.text.strip()}»")
        return " + ".join(parts) or "todos los contactos"


@dataclass(frozen=True)
class ContactFacts:
    """What a saved search looks at, for one contact (outlet data is the contact's current outlet)."""

    medium: str
    coverage: str
    beats: Sequence[str]  # folded (beat_keys)
    outlet_id: int | None
    text: str  # folded name, role, outlet and notes
    beats_set: frozenset[str] = field(default=frozenset())


def matches(criteria: ListCriteria, facts: ContactFacts) -> bool:
    if criteria.media and facts.medium not in criteria.media:
        return False
    if criteria.coverage and facts.coverage not in criteria.coverage:
        return False
    if criteria.outlet_ids and facts.outlet_id not in criteria.outlet_ids:
        return False
    if criteria.beats and not {fold_name(b) for b in criteria.beats} & set(facts.beats):
        return False
    words = fold_name(criteria.text).split()
    return all(w in facts.text for w in words)


# --- do-not-contact --------------------------------------------------------------------------------------------------


def dnc_problem(flag: bool, since: date | None, reason: str) -> str | None:
    """A do-not-contact mark needs its date and its reason (the office must be able to say why)."""
    if not flag:
        return None
    if since is None:
        return "Indique desde qué fecha no se debe contactar a esta persona."
    if not reason.strip():
        return "Escriba el motivo por el que no se debe contactar a esta persona."
    return None
