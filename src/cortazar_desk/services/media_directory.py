"""The media directory: outlets and the journalists who cover Cortazar, with the outlets each one worked for,
do-not-contact marks, likely duplicates shown on entry, and the merge of two records of one person."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, fields, replace
from datetime import date

from sqlalchemy import ColumnElement, or_, select
from sqlalchemy.orm import Session

from ..db.media import DistributionListMember, MediaContact, MediaContactOutlet, MediaOutlet
from ..domain.media import (
    CHANNELS,
    COVERAGE,
    MEDIA,
    MediaRuleError,
    PersonKeys,
    dnc_problem,
    duplicate_reasons,
    fold_name,
    name_key,
    normalize_email,
    normalize_phone,
    parse_beats,
    phone_key,
)
from ..domain.text import clean_text
from .database import Database
from .errors import UserError, ValidationError
from .records import apply_versioned_edit, save_versioned

OUTLET_LIMITS = {"name": 200, "website": 300, "social": 2000, "address": 300, "phone": 40, "notes": 4000}
OUTLET_LABELS = {"name": "Nombre del medio", "website": "Sitio web", "social": "Redes sociales",
                 "address": "Domicilio", "phone": "Teléfono", "notes": "Notas", "medium": "Tipo de medio",
                 "coverage": "Cobertura"}
CONTACT_LIMITS = {"name": 200, "role": 120, "beats": 300, "messaging": 120, "notes": 4000, "dnc_reason": 300}
CONTACT_LABELS = {"name": "Nombre", "role": "Cargo", "beats": "Fuentes", "phone": "Teléfono",
                  "phone2": "Otro teléfono", "email": "Correo", "messaging": "Mensajería", "notes": "Notas",
                  "preferred_channel": "Canal preferido", "do_not_contact": "No contactar",
                  "dnc_since": "No contactar desde", "dnc_reason": "Motivo de no contactar", "outlet_id": "Medio"}


# --- outlets ---------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class OutletData:
    name: str
    medium: str
    coverage: str
    website: str = ""
    social: str = ""
    address: str = ""
    phone: str = ""
    notes: str = ""


def validate_outlet(data: OutletData) -> OutletData:
    cleaned = {}
    for name, limit in OUTLET_LIMITS.items():
        text = clean_text(getattr(data, name), multiline=name in ("social", "notes"))
        if len(text) > limit:
            raise ValidationError(f"«{OUTLET_LABELS[name]}» admite hasta {limit:,} caracteres.", field=name)
        cleaned[name] = text
    if not cleaned["name"]:
        raise ValidationError("Escriba el nombre del medio.", field="name")
    if data.medium not in MEDIA:
        raise ValidationError("Elija el tipo de medio de la lista.", field="medium")
    if data.coverage not in COVERAGE:
        raise ValidationError("Elija la cobertura de la lista.", field="coverage")
    if cleaned["phone"]:
        try:
            cleaned["phone"] = normalize_phone(cleaned["phone"])
        except MediaRuleError as exc:
            raise ValidationError(str(exc), field="phone") from exc
    return replace(data, **cleaned)


@dataclass(frozen=True)
class OutletRow:
    id: int
    name: str
    medium: str
    coverage: str
    website: str
    phone: str
    contacts: int
    version: int


def list_outlets(db: Database) -> list[OutletRow]:
    from sqlalchemy import func

    with db.read() as s:
        counts = dict(s.execute(select(MediaContact.outlet_id, func.count()).where(MediaContact.active.is_(True))
                                .group_by(MediaContact.outlet_id)).all())
        rows = s.execute(select(MediaOutlet.id, MediaOutlet.name, MediaOutlet.medium, MediaOutlet.coverage,
                                MediaOutlet.website, MediaOutlet.phone, MediaOutlet.version)
                         .where(MediaOutlet.active.is_(True)).order_by(MediaOutlet.name)).all()
    return [OutletRow(i, n, m, c, w, p, int(counts.get(i, 0)), v) for i, n, m, c, w, p, v in rows]


def outlet_choices(db: Database) -> list[tuple[int, str, str]]:
    """(id, name, medium) of the active outlets, by name."""
    with db.read() as s:
        return [(i, n, m) for i, n, m in s.execute(select(MediaOutlet.id, MediaOutlet.name, MediaOutlet.medium)
                                                   .where(MediaOutlet.active.is_(True)).order_by(MediaOutlet.name))]


def load_outlet(db: Database, outlet_id: int) -> tuple[OutletData, int]:
    with db.read() as s:
        o = s.get(MediaOutlet, outlet_id)
        if o is None:
            raise UserError("El medio ya no existe.")
        return OutletData(**{f.name: getattr(o, f.name) for f in fields(OutletData)}), o.version


def _outlet_name_taken(s: Session, name: str, other_than: int | None) -> None:
    wanted = fold_name(name)
    for oid, existing in s.execute(select(MediaOutlet.id, MediaOutlet.name)):
        if oid != other_than and fold_name(existing) == wanted:
            raise ValidationError(f"Ya existe el medio «{existing}».", field="name")


def create_outlet(db: Database, data: OutletData) -> int:
    clean = validate_outlet(data)
    with db.write("alta de medio") as s:
        _outlet_name_taken(s, clean.name, None)
        outlet = MediaOutlet(**{f.name: getattr(clean, f.name) for f in fields(OutletData)})
        s.add(outlet)
        s.flush()
        return outlet.id


def update_outlet(db: Database, outlet_id: int, shown_version: int, data: OutletData) -> int:
    clean = validate_outlet(data)
    return save_versioned(db, MediaOutlet, outlet_id, shown_version,
                          {f.name: getattr(clean, f.name) for f in fields(OutletData)}, OUTLET_LABELS,
                          "edición de medio", before=lambda s: _outlet_name_taken(s, clean.name, outlet_id))


# --- contacts --------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ContactData:
    name: str
    outlet_id: int | None = None
    role: str = ""
    beats: str = ""
    phone: str = ""
    phone2: str = ""
    email: str = ""
    messaging: str = ""
    preferred_channel: str = ""
    notes: str = ""
    do_not_contact: bool = False
    dnc_since: date | None = None
    dnc_reason: str = ""


def validate_contact(data: ContactData) -> ContactData:
    """The data cleaned and normalised (phones as "411 155 0000", e-mail in lower case, beats folded), or a
    ValidationError in Spanish naming the field."""
    cleaned: dict[str, object] = {}
    for name, limit in CONTACT_LIMITS.items():
        text = clean_text(getattr(data, name), multiline=name == "notes")
        if len(text) > limit:
            raise ValidationError(f"«{CONTACT_LABELS[name]}» admite hasta {limit:,} caracteres; tiene "
                                  f"{len(text):,}.", field=name)
        cleaned[name] = text
    if not cleaned["name"]:
        raise ValidationError("Escriba el nombre del contacto.", field="name")
    if not fold_name(str(cleaned["name"])):
        raise ValidationError("El nombre debe tener letras.", field="name")
    for name in ("phone", "phone2", "email"):
        raw = clean_text(getattr(data, name))
        try:
            cleaned[name] = normalize_email(raw) if name == "email" else normalize_phone(raw)
        except MediaRuleError as exc:
            raise ValidationError(f"«{CONTACT_LABELS[name]}»: {exc}", field=name) from exc
    cleaned["beats"] = ", ".join(parse_beats(str(cleaned["beats"])))
    if len(str(cleaned["beats"])) > CONTACT_LIMITS["beats"]:
        raise ValidationError("«Fuentes» admite hasta 300 caracteres.", field="beats")
    if data.preferred_channel not in CHANNELS:
        raise ValidationError("Elija el canal preferido de la lista.", field="preferred_channel")
    problem = dnc_problem(data.do_not_contact, data.dnc_since, str(cleaned["dnc_reason"]))
    if problem:
        raise ValidationError(problem, field="dnc_reason" if data.dnc_since else "dnc_since")
    if not data.do_not_contact:
        cleaned["dnc_since"], cleaned["dnc_reason"] = None, ""
    return replace(data, **cleaned)  # type: ignore[arg-type]


def _contact_columns(clean: ContactData) -> dict[str, object]:
    values: dict[str, object] = {f.name: getattr(clean, f.name) for f in fields(ContactData)}
    values["name_key"] = name_key(clean.name)[:200]
    values["phone_key"] = phone_key(clean.phone)
    values["phone2_key"] = phone_key(clean.phone2)
    return values


@dataclass(frozen=True)
class ContactRow:
    id: int
    name: str
    outlet_id: int | None
    outlet: str
    medium: str
    coverage: str
    role: str
    beats: str
    phone: str
    phone2: str
    email: str
    messaging: str
    preferred_channel: str
    do_not_contact: bool
    notes: str
    version: int

    def search_text(self) -> str:
        return fold_name(" ".join((self.name, self.outlet, self.role, self.beats, self.phone, self.email,
                                   self.messaging)))


CONTACT_ROW_COLUMNS = (MediaContact.id, MediaContact.name, MediaContact.outlet_id, MediaOutlet.name,
                       MediaOutlet.medium, MediaOutlet.coverage, MediaContact.role, MediaContact.beats,
                       MediaContact.phone, MediaContact.phone2, MediaContact.email, MediaContact.messaging,
                       MediaContact.preferred_channel, MediaContact.do_not_contact, MediaContact.notes,
                       MediaContact.version)


def contact_rows(s: Session, *conditions: ColumnElement[bool]) -> list[ContactRow]:
    query = (select(*CONTACT_ROW_COLUMNS).outerjoin(MediaOutlet, MediaOutlet.id == MediaContact.outlet_id)
             .where(MediaContact.active.is_(True), *conditions).order_by(MediaContact.name, MediaContact.id))
    return [ContactRow(i, n, oi, o or "", m or "", c or "", r, b, p, p2, e, msg, ch, bool(dnc), notes, v)
            for i, n, oi, o, m, c, r, b, p, p2, e, msg, ch, dnc, notes, v in s.execute(query)]


def list_contacts(db: Database) -> list[ContactRow]:
    with db.read() as s:
        return contact_rows(s)


def load_contact(db: Database, contact_id: int) -> tuple[ContactData, int]:
    with db.read() as s:
        c = s.get(MediaContact, contact_id)
        if c is None or not c.active:
            raise UserError("El contacto ya no existe (quizá se fusionó con otro).")
        return ContactData(**{f.name: getattr(c, f.name) for f in fields(ContactData)}), c.version


def create_contact(db: Database, data: ContactData, started_on: date | None = None) -> int:
    clean = validate_contact(data)
    with db.write("alta de contacto de prensa") as s:
        contact = MediaContact(**_contact_columns(clean))
        s.add(contact)
        s.flush()
        if clean.outlet_id is not None:
            s.add(MediaContactOutlet(contact_id=contact.id, outlet_id=clean.outlet_id, role=clean.role,
                                     started_on=started_on or date.today()))
        return contact.id


def update_contact(db: Database, contact_id: int, shown_version: int, data: ContactData,
                   moved_on: date | None = None) -> int:
    """Save the edit. A change of outlet closes the stretch at the old outlet and opens one at the new (on
    ``moved_on``, today by default): the history of where the person worked is kept."""
    clean = validate_contact(data)
    day = moved_on or date.today()

    def move(s: Session) -> None:
        current = s.get(MediaContact, contact_id)
        if current is None or current.outlet_id == clean.outlet_id or current.version != shown_version:
            return  # the versioned edit reports a conflict
        for stretch in s.scalars(select(MediaContactOutlet).where(MediaContactOutlet.contact_id == contact_id,
                                                                  MediaContactOutlet.ended_on.is_(None))):
            stretch.ended_on = max(day, stretch.started_on)
        if clean.outlet_id is not None:
            s.add(MediaContactOutlet(contact_id=contact_id, outlet_id=clean.outlet_id, role=clean.role,
                                     started_on=day))

    return save_versioned(db, MediaContact, contact_id, shown_version, _contact_columns(clean), CONTACT_LABELS,
                          "edición de contacto de prensa", before=move)


@dataclass(frozen=True)
class Stretch:
    outlet: str
    role: str
    started_on: date
    ended_on: date | None


def contact_history(db: Database, contact_id: int) -> list[Stretch]:
    """Where the person worked, newest first (stretches of merged duplicates included)."""
    with db.read() as s:
        rows = s.execute(select(MediaOutlet.name, MediaContactOutlet.role, MediaContactOutlet.started_on,
                                MediaContactOutlet.ended_on)
                         .join(MediaOutlet, MediaOutlet.id == MediaContactOutlet.outlet_id)
                         .where(MediaContactOutlet.contact_id == contact_id)
                         .order_by(MediaContactOutlet.started_on.desc(), MediaContactOutlet.id.desc())).all()
    return [Stretch(o, r, a, b) for o, r, a, b in rows]


# --- duplicates -------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DuplicateMatch:
    id: int
    name: str
    outlet: str
    phone: str
    email: str
    reasons: tuple[str, ...]


def find_duplicates(db: Database, data: ContactData, exclude_id: int | None = None) -> list[DuplicateMatch]:
    """Contacts that are probably the same person as ``data`` (same phone or e-mail, same or similar name)."""
    clean = validate_contact(data)
    with db.read() as s:
        return _duplicates_in(s, clean, exclude_id)


def _duplicates_in(s: Session, clean: ContactData, exclude_id: int | None) -> list[DuplicateMatch]:
    from rapidfuzz import fuzz, process

    from ..domain.media import SIMILAR_NAME

    phones = [k for k in (phone_key(clean.phone), phone_key(clean.phone2)) if k]
    conditions = [MediaContact.name_key == name_key(clean.name)]
    if phones:
        conditions += [MediaContact.phone_key.in_(phones), MediaContact.phone2_key.in_(phones)]
    if clean.email:
        conditions.append(MediaContact.email == clean.email)
    exact = set(s.scalars(select(MediaContact.id).where(MediaContact.active.is_(True), or_(*conditions))))
    # Similar names: rapidfuzz compares against every folded name in C (50,000 in a few milliseconds).
    names = dict(s.execute(select(MediaContact.id, MediaContact.name_key).where(MediaContact.active.is_(True))).all())
    similar = {key for _n, _score, key in process.extract(
        name_key(clean.name), names, scorer=fuzz.token_sort_ratio, score_cutoff=SIMILAR_NAME, limit=20)}
    ids = (exact | similar) - {exclude_id}
    if not ids:
        return []
    me = PersonKeys(0, clean.name, tuple(phones), clean.email)
    found = []
    for row in contact_rows(s, MediaContact.id.in_(ids)):
        reasons = duplicate_reasons(me, PersonKeys(row.id, row.name, (phone_key(row.phone), phone_key(row.phone2)),
                                                   row.email))
        if reasons:
            found.append(DuplicateMatch(row.id, row.name, row.outlet, row.phone, row.email, tuple(reasons)))
    return found


def duplicate_groups(db: Database) -> list[list[DuplicateMatch]]:
    """Pairs of likely duplicates across the directory (same phone, same e-mail or same name; similar names of
    people who share a surname), for the "Posibles duplicados" list."""
    from ..domain.media import SIMILAR_NAME, name_similarity

    rows = list_contacts(db)
    by_key: dict[tuple[str, str], list[ContactRow]] = defaultdict(list)
    for r in rows:
        for p in (phone_key(r.phone), phone_key(r.phone2)):
            if p:
                by_key[("tel", p)].append(r)
        if r.email:
            by_key[("mail", r.email)].append(r)
        by_key[("name", name_key(r.name))].append(r)
        words = fold_name(r.name).split()
        if len(words) >= 2:
            by_key[("surname", words[-1] if len(words) == 2 else words[-2])].append(r)
    pairs: dict[tuple[int, int], set[str]] = defaultdict(set)
    for (kind, _value), group in by_key.items():
        if len(group) < 2 or (kind == "surname" and len(group) > 300):
            continue
        for i, a in enumerate(group):
            for b in group[i + 1:]:
                if a.id == b.id:
                    continue
                pair = (min(a.id, b.id), max(a.id, b.id))
                if kind == "tel":
                    pairs[pair].add("mismo teléfono")
                elif kind == "mail":
                    pairs[pair].add("mismo correo")
                elif kind == "name":
                    pairs[pair].add("mismo nombre")
                elif name_similarity(a.name, b.name) >= SIMILAR_NAME:
                    pairs[pair].add("nombre parecido")
    by_id = {r.id: r for r in rows}
    groups = []
    for (first, second), reasons in sorted(pairs.items()):
        if "mismo nombre" in reasons:
            reasons.discard("nombre parecido")
        groups.append([DuplicateMatch(x.id, x.name, x.outlet, x.phone, x.email, tuple(sorted(reasons)))
                       for x in (by_id[first], by_id[second])])
    return groups


# --- merge ------------------------------------------------------------------------------------------------------------


def merge_contacts(db: Database, keep_id: int, keep_version: int, drop_id: int, drop_version: int) -> None:
    """Merge ``drop`` into ``keep``: empty fields of ``keep`` take ``drop``'s values, beats and notes are joined, the
    outlet history and list memberships move over, a do-not-contact mark of either stays. ``drop`` is kept,
    inactive, pointing at ``keep`` (the audit shows both)."""
    if keep_id == drop_id:
        raise UserError("Elija dos contactos distintos para fusionar.")
    with db.write("fusión de contactos duplicados") as s:
        keep, drop = s.get(MediaContact, keep_id), s.get(MediaContact, drop_id)
        if keep is None or drop is None or not keep.active or not drop.active:
            raise UserError("Uno de los contactos ya no existe o ya se fusionó; vuelva a buscar los duplicados.")
        if drop.version != drop_version:
            from .records import describe_conflict

            raise describe_conflict(s, drop, drop_version, CONTACT_LABELS)
        changes: dict[str, object] = {}
        for name in ("role", "email", "messaging", "preferred_channel"):
            if not getattr(keep, name) and getattr(drop, name):
                changes[name] = getattr(drop, name)
        phones = list(dict.fromkeys(p for p in (keep.phone, keep.phone2, drop.phone, drop.phone2) if p))
        phones += ["", ""]
        changes.update(phone=phones[0], phone2=phones[1], phone_key=phone_key(phones[0]),
                       phone2_key=phone_key(phones[1]))
        if keep.outlet_id is None and drop.outlet_id is not None:
            changes["outlet_id"] = drop.outlet_id
        beats = parse_beats(", ".join((keep.beats, drop.beats)))
        changes["beats"] = ", ".join(beats)[:300]
        if drop.notes and drop.notes not in keep.notes:
            changes["notes"] = (keep.notes + ("\n" if keep.notes else "") + f"(De {drop.name}) {drop.notes}")[:4000]
        if drop.do_not_contact and not keep.do_not_contact:
            changes.update(do_not_contact=True, dnc_since=drop.dnc_since, dnc_reason=drop.dnc_reason)
        apply_versioned_edit(s, MediaContact, keep_id, keep_version, changes, CONTACT_LABELS)
        # The outlet history moves over; two open stretches at the same outlet (both records said "works there
        # now") become one, from the earlier start.
        open_at = {st.outlet_id: st for st in s.scalars(select(MediaContactOutlet).where(
            MediaContactOutlet.contact_id == keep_id, MediaContactOutlet.ended_on.is_(None)))}
        for stretch in s.scalars(select(MediaContactOutlet).where(MediaContactOutlet.contact_id == drop_id)):
            twin = open_at.get(stretch.outlet_id) if stretch.ended_on is None else None
            if twin is not None:
                twin.started_on = min(twin.started_on, stretch.started_on)
                twin.role = twin.role or stretch.role
                s.delete(stretch)
            else:
                stretch.contact_id = keep_id  # each move audited
        already = set(s.scalars(select(DistributionListMember.list_id)
                                .where(DistributionListMember.contact_id == keep_id)))
        for member in s.scalars(select(DistributionListMember).where(DistributionListMember.contact_id == drop_id)):
            if member.list_id in already:
                s.delete(member)
            else:
                member.contact_id = keep_id
        drop.active = False
        drop.merged_into_id = keep_id
        s.flush()


# --- retiring and restoring ----------------------------------------------------------------------------------------
# Nothing is deleted: a retired contact or outlet is inactive (out of searches, lists and exports) and can come back.
# Merged duplicates are inactive too, but they point at the record that absorbed them and are not restored here.

@dataclass(frozen=True)
class RetiredRow:
    id: int
    name: str
    detail: str  # contact: its outlet; outlet: its medium
    version: int


def retire_contact(db: Database, contact_id: int, shown_version: int) -> int:
    """Dar de baja: the person leaves the directory, its lists and exports; the record and its history stay."""
    def still_there(s: Session) -> None:
        contact = s.get(MediaContact, contact_id)
        if contact is None or not contact.active:
            raise UserError("El contacto ya no está en el directorio.")

    return save_versioned(db, MediaContact, contact_id, shown_version, {"active": False}, CONTACT_LABELS,
                          "baja de contacto de prensa", before=still_there)


def restore_contact(db: Database, contact_id: int, shown_version: int) -> int:
    def not_merged(s: Session) -> None:
        contact = s.get(MediaContact, contact_id)
        if contact is not None and contact.merged_into_id is not None:
            raise ValidationError("Ese registro se fusionó con otro contacto; no se restaura por separado.")

    return save_versioned(db, MediaContact, contact_id, shown_version, {"active": True}, CONTACT_LABELS,
                          "contacto de prensa restaurado", before=not_merged)


def retired_contacts(db: Database) -> list[RetiredRow]:
    with db.read() as s:
        return [RetiredRow(i, n, o or "", v) for i, n, o, v in s.execute(
            select(MediaContact.id, MediaContact.name, MediaOutlet.name, MediaContact.version)
            .outerjoin(MediaOutlet, MediaOutlet.id == MediaContact.outlet_id)
            .where(MediaContact.active.is_(False), MediaContact.merged_into_id.is_(None))
            .order_by(MediaContact.name))]


def retire_outlet(db: Database, outlet_id: int, shown_version: int) -> int:
    """An outlet that closed. Refused while people in the directory still work there (move or retire them
    first): their lists and exports would otherwise name an outlet nobody can choose any more."""
    def nobody_left(s: Session) -> None:
        from sqlalchemy import func

        people = s.scalar(select(func.count()).select_from(MediaContact).where(
            MediaContact.outlet_id == outlet_id, MediaContact.active.is_(True))) or 0
        if people:
            raise ValidationError(f"El medio tiene {people} contacto(s) activo(s); cámbielos de medio o délos de baja "
                                  "primero.")

    return save_versioned(db, MediaOutlet, outlet_id, shown_version, {"active": False}, OUTLET_LABELS,
                          "baja de medio", before=nobody_left)


def restore_outlet(db: Database, outlet_id: int, shown_version: int) -> int:
    return save_versioned(db, MediaOutlet, outlet_id, shown_version, {"active": True}, OUTLET_LABELS,
                          "medio restaurado")


def retired_outlets(db: Database) -> list[RetiredRow]:
    with db.read() as s:
        return [RetiredRow(i, n, MEDIA.get(m, m), v) for i, n, m, v in s.execute(
            select(MediaOutlet.id, MediaOutlet.name, MediaOutlet.medium, MediaOutlet.version)
            .where(MediaOutlet.active.is_(False)).order_by(MediaOutlet.name))]
