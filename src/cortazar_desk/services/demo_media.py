"""Demo press office: the real outlets that cover Cortazar (DOMAIN.md), invented journalists (names, phones and
e-mails invented and labelled so; e-mails on the reserved .example domain), distribution lists, press releases and
a monitoring log for the last days with clippings drawn here. Deterministic and idempotent."""

from __future__ import annotations

import io
import random
from datetime import date, datetime, time, timedelta

from sqlalchemy import func, select

from ..db.media import MediaContact
from ..domain.media import ListCriteria, fold_name
from . import media_directory as md
from . import media_lists as ml
from . import media_monitoring as mm
from . import press_releases as pr
from .campaigns import departments
from .database import Database

INVENTED = "Persona inventada (datos de demostración)."
# Real outlets that cover Cortazar (DOMAIN.md); medium and coverage as the demo assumes them. The radio station is
# invented: it says so in its name.
OUTLETS = (
    ("El Sol del Bajío", "impreso", "regional", "https://www.elsoldelbajio.com.mx"),
    ("Periódico AM (Celaya)", "impreso", "regional", "https://www.am.com.mx"),
    ("Periódico Correo", "impreso", "estatal", "https://periodicocorreo.com.mx"),
    ("Express TV", "tv", "regional", ""),
    ("Enfoque Bajío", "digital", "regional", ""),
    ("Celaya News", "digital", "regional", ""),
    ("Polémica Guanajuato", "digital", "estatal", ""),
    ("Notus", "digital", "estatal", ""),
    ("Sala de Prensa Digital", "digital", "regional", ""),
    ("Voces Laja Bajío", "redes", "local", ""),
    ("Nuestras Noticias Bajío", "digital", "regional", ""),
    ("Radio Laja Demo (emisora inventada)", "radio", "regional", ""),
    ("Frecuencia Cortazar Demo (emisora inventada)", "radio", "local", ""),
)
FIRST = ("Laura", "Mario", "Rosa", "Iván", "Paola", "Héctor", "Daniela", "Jorge", "Adriana", "Ramiro", "Fernanda",
         "Óscar", "Lucía", "Emilio", "Verónica", "Saúl", "Gabriela", "Tomás", "Brenda", "Rubén", "Itzel", "Arturo")
LAST = ("Méndez", "Salas", "Vela", "Cruz", "Núñez", "Ibarra", "Ríos", "Camacho", "Zúñiga", "Olvera", "Muñoz",
        "Patiño", "Ledesma", "Aguilar", "Ortega", "Baeza")
BEATS = ("seguridad", "política", "cultura", "deportes", "economía", "salud", "obra pública", "campo",
         "educación", "medio ambiente")
# Roles that read right for anyone (the demo's invented names mix women and men).
ROLES = ("Reportero(a)", "Jefatura de información", "Conducción", "Fotoperiodista", "Edición", "Corresponsal",
         "Reportero(a)", "Redes sociales")
HEADLINES: tuple[tuple[str, str, tuple[str, ...], str], ...] = (
    ("Inauguran rehabilitación de la calle Hidalgo", "Obra pública", ("Presidencia",), "positiva"),
    ("Vecinos de Tierra Fría piden más patrullajes", "Seguridad", ("Seguridad Pública",), "negativa"),
    ("JUMAPAC anuncia cortes de agua por mantenimiento", "Agua potable", ("JUMAPAC",), "neutral"),
    ("DIF entrega aparatos ortopédicos en Cañada de Caracheo", "Apoyos sociales", ("Sistema DIF",), "positiva"),
    ("Operativo vial en la Carretera Panamericana", "Vialidad", ("Tránsito", "Seguridad Pública"), "neutral"),
    ("Presentan programa de la Feria del Alfeñique", "Cultura", ("Centro Cultural", "Presidencia"), "positiva"),
    ("Comerciantes de la calle Allende piden orden", "Mercados", ("Mercados", "Fiscalización"), "negativa"),
    ("Protección Civil revisa el Puente Colgante", "Protección civil", ("Protección Civil",), "neutral"),
    ("Campaña de descacharrización en La Gavia", "Salud", ("Medio Ambiente",), "positiva"),
    ("Regidores cuestionan gasto en alumbrado", "Cabildo", ("Secretaría del Ayuntamiento",), "negativa"),
    ("Apoyos al campo para productores de Merino", "Campo", ("Desarrollo Rural",), "positiva"),
    ("Bolsa de trabajo municipal ofrece 200 vacantes", "Empleo", ("Desarrollo Económico",), "positiva"),
)
GENRE_CYCLE = ("nota", "nota", "entrevista", "nota", "columna", "redes", "reportaje", "opinion")


def clipping_png(headline: str, outlet: str, seed: int) -> bytes:
    """A drawn newspaper-like clipping (no real page is reproduced)."""
    from PIL import Image, ImageDraw, ImageFont

    rng = random.Random(seed)
    img = Image.new("RGB", (600, 800), (250, 248, 240))
    draw = ImageDraw.Draw(img)
    draw.rectangle((0, 0, 600, 70), fill=(122, 31, 61))
    draw.text((20, 20), outlet[:40], fill="white", font=ImageFont.load_default(size=28))
    draw.text((20, 90), headline[:38], fill="black", font=ImageFont.load_default(size=26))
    draw.text((20, 125), headline[38:76], fill="black", font=ImageFont.load_default(size=26))
    draw.rectangle((20, 180, 580, 430), fill=(rng.randint(60, 200), rng.randint(90, 180), rng.randint(90, 200)))
    draw.text((200, 290), "RECORTE DEMO", fill="white", font=ImageFont.load_default(size=30))
    for y in range(460, 780, 22):
        draw.line((20, y, 20 + rng.randint(380, 560), y), fill=(120, 120, 120), width=6)
    out = io.BytesIO()
    img.save(out, "PNG")
    return out.getvalue()


def fill_demo_media(db: Database, today: date | None = None) -> int:
    """Returns how many contacts were created (0 when the demo press office is already there)."""
    today = today or date.today()
    with db.read() as s:
        if s.scalar(select(func.count()).select_from(MediaContact).where(MediaContact.notes.like(f"%{INVENTED}%"))):
            return 0
    existing = {o.name for o in md.list_outlets(db)}
    for name, medium, coverage, website in OUTLETS:
        if name not in existing:
            md.create_outlet(db, md.OutletData(name, medium, coverage, website=website,
                                               notes="Medio real; datos de contacto no incluidos en la demostración."))
    outlets = {o.name: o.id for o in md.list_outlets(db)}
    rng = random.Random(7)
    created: list[int] = []
    for n in range(36):
        outlet_name = OUTLETS[n % len(OUTLETS)][0]
        name = f"{FIRST[n % len(FIRST)]} {LAST[(n * 7) % len(LAST)]} {LAST[(n * 3 + 5) % len(LAST)]}"
        beats = ", ".join(rng.sample(BEATS, 2))
        data = md.ContactData(name=name, outlet_id=outlets[outlet_name], role=ROLES[n % len(ROLES)], beats=beats,
                              phone=f"461 000 {n:04d}", email=f"{fold_name(name.split()[0])}.{n}@prensa.example",
                              preferred_channel=("whatsapp", "correo", "telefono")[n % 3], notes=INVENTED)
        if n == 5:
            data = md.ContactData(**{**data.__dict__, "do_not_contact": True, "dnc_since": today - timedelta(days=40),
                                     "dnc_reason": "Pidió por escrito no recibir boletines (dato inventado)."})
        created.append(md.create_contact(db, data, started_on=today - timedelta(days=400 + n * 10)))
    # One person registered twice (another outlet, the name without accents): the duplicate to merge.
    md.create_contact(db, md.ContactData(name="LAURA MENDEZ IBARRA", outlet_id=outlets["Periódico AM (Celaya)"],
                                         phone="+52 (461) 000-0000", notes=INVENTED + " Registro duplicado."))
    # One person who moved outlets: history kept.
    _data, version = md.load_contact(db, created[1])
    moved = md.ContactData(**{**_data.__dict__, "outlet_id": outlets["Celaya News"]})
    md.update_contact(db, created[1], version, moved, moved_on=today - timedelta(days=90))
    ml.create_list(db, "Radio (todas las emisoras)", "busqueda", ListCriteria(media=("radio",)))
    ml.create_list(db, "Regionales de seguridad", "busqueda",
                   ListCriteria(coverage=("regional",), beats=("seguridad",)))
    press_conference = ml.create_list(db, "Rueda de prensa: Feria del Alfeñique", "fija",
                                      contact_ids=created[:12])
    dept = dict((n, i) for i, n in departments(db))
    release_ids = []
    for n, (headline, _topic, depts, _tone) in enumerate(HEADLINES[:4]):
        release_ids.append(pr.create_release(db, pr.ReleaseData(
            today - timedelta(days=3 - n % 3), headline,
            f"{headline}.\n\nTexto de demostración del boletín: la Coordinación de Comunicación Social informa "
            "a la ciudadanía sobre esta actividad del H. Ayuntamiento de Cortazar.",
            department_id=dept.get(depts[0]), list_id=press_conference))[0])
    outlet_ids = [outlets[name] for name, *_rest in OUTLETS]
    outlets_medium = {o.id: o.medium for o in md.list_outlets(db)}
    for day_offset in (2, 1, 0):
        day = today - timedelta(days=day_offset)
        for n in range(10):
            which = (n + day_offset * 3) % len(HEADLINES)
            headline, topic, depts, tone = HEADLINES[which]
            outlet_id = outlet_ids[(n * 2 + day_offset) % 5 if n < 8 else 11 + n % 2]
            outlet_name = next(k for k, v in outlets.items() if v == outlet_id)
            link = f"https://noticias.example/cortazar/{day:%Y%m%d}-{n}"
            mm.create_entry(db, mm.EntryData(
                datetime.combine(day, time(6 + n, (n * 13) % 60)), outlet_id, headline,
                section=_section(outlets_medium.get(outlet_id, ""), n), link=link,
                author=f"{FIRST[n]} {LAST[n]} (inventado)" if n % 3 else "Redacción",
                genre=GENRE_CYCLE[n % len(GENRE_CYCLE)], topic=topic, tone=tone,
                officials="Presidente municipal (cargo)" if n % 4 == 0 else "",
                reach=rng.randint(2, 60) * 500, department_ids=tuple(dept[d] for d in depts if d in dept),
                press_release_id=release_ids[which] if which < len(release_ids) else None),
                clipping=(clipping_png(headline, outlet_name, n + day_offset * 10), f"recorte-{n}.png")
                if n % 2 == 0 else None)
    return len(created) + 1


def _section(medium: str, n: int) -> str:
    """A section that fits the medium: programmes for radio and TV, sections for print and digital."""
    if medium in ("radio", "tv"):
        return ("Noticiero matutino", "Noticiero vespertino", "Enlace regional")[n % 3]
    return ("Local", "Región", "Municipios")[n % 3]
