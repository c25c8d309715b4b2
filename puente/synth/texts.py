"""Short texts for synthetic records, per language (written for Puente, plain and varied enough)."""

from __future__ import annotations

import datetime as dt

TEAM_LABEL = {"es": "Equipo", "pt": "Equipe", "ca": "Equip", "it": "Squadra"}
CLOSING_NOTE = "Reunión final de traspaso con la familia y el centro de salud."

CONTACT_NOTES = {
    "es": [
        "Conversamos sobre su semana y lo que quiere retomar.",
        "Fuimos juntos al centro de salud a pedir hora.",
        "Visita en casa con la madre; acordamos apoyar con las compras.",
        "Llamada breve para confirmar el taller del jueves.",
        "Paseo por la feria; habló de volver a estudiar.",
    ],
    "pt": [
        "Conversamos sobre a semana e o que gostaria de retomar.",
        "Fomos juntos à UBS marcar consulta.",
        "Visita em casa com a mãe; combinamos apoiar nas compras.",
        "Ligação rápida para confirmar a oficina.",
        "Passeio pela feira; falou em voltar a estudar.",
    ],
    "ca": [
        "Hem parlat de la setmana i del que voldria reprendre.",
        "Hem anat junts al grup d'ajuda mútua.",
        "Passeig pel barri i cafè al casal.",
        "Trucada breu per confirmar la propera trobada.",
        "Visita a casa amb la germana; hem parlat de feina.",
    ],
    "it": [
        "Abbiamo parlato della settimana e di cosa vorrebbe riprendere.",
        "Siamo andati insieme al centro di salute mentale.",
        "Visita a casa con la madre; aiuto con la spesa.",
        "Telefonata breve per confermare il laboratorio.",
        "Passeggiata al mercato; ha parlato di tornare a studiare.",
    ],
}
GOALS = {
    "es": [
        "Volver a tocar guitarra en un grupo",
        "Retomar los controles de salud",
        "Buscar un taller de oficio",
    ],
    "pt": [
        "Voltar a tocar violão num grupo",
        "Retomar as consultas de saúde",
        "Procurar um curso profissional",
    ],
    "ca": ["Tornar a tocar la guitarra en un grup", "Reprendre les visites de salut", "Buscar una feina"],
    "it": [
        "Tornare a suonare in un gruppo",
        "Riprendere le visite mediche",
        "Cercare un corso professionale",
    ],
}
INTERESTS = {
    "es": ["Música, cocina, fútbol", "Dibujo, caminar, jardinería"],
    "pt": ["Música, cozinha, futebol", "Desenho, caminhada, jardinagem"],
    "ca": ["Música, cuina, caminar", "Dibuix, jardineria"],
    "it": ["Musica, cucina, calcio", "Disegno, camminare, giardinaggio"],
}
STRENGTHS = {
    "es": ["Constancia; humor; cuida a su hermano menor", "Es puntual y le gusta ayudar"],
    "pt": ["Persistência; humor; cuida do irmão mais novo", "É pontual e gosta de ajudar"],
    "ca": ["Constància; humor; cuida el germà petit", "És puntual i li agrada ajudar"],
    "it": ["Costanza; umorismo; si prende cura del fratello", "È puntuale e gli piace aiutare"],
}
VULNERABILITIES = {
    "es": ["Se aísla cuando duerme mal", "Pocas redes fuera de la familia"],
    "pt": ["Isola-se quando dorme mal", "Poucos vínculos fora da família"],
    "ca": ["S'aïlla quan dorm malament", "Poca xarxa fora de la família"],
    "it": ["Si isola quando dorme male", "Poche relazioni fuori dalla famiglia"],
}
CRISIS = {
    "es": [
        "Duerme poco y deja de salir.",
        "Caminar juntos, música tranquila.",
        "Discusiones en voz alta.",
        "Hermana",
    ],
    "pt": [
        "Dorme pouco e deixa de sair.",
        "Caminhar juntos, música calma.",
        "Discussões em voz alta.",
        "Irmã",
    ],
    "ca": [
        "Dorm poc i deixa de sortir.",
        "Caminar junts, música tranquil·la.",
        "Discussions en veu alta.",
        "Germana",
    ],
    "it": [
        "Dorme poco e non esce più.",
        "Camminare insieme, musica calma.",
        "Discussioni ad alta voce.",
        "Sorella",
    ],
}
LINKAGES = [
    ("formal", "primary_care", "Centro de atención primaria del barrio"),
    ("informal", "self_help", "Grupo de ayuda mutua"),
    ("informal", "leisure", "Taller de murales"),
    ("formal", "employment", "Oficina municipal de empleo"),
    ("formal", "social_services", "Servicios sociales municipales"),
    ("informal", "faith", "Comunidad parroquial"),
]
REVIEW_NOTES = {
    "es": "Revisión semanal de casos.",
    "pt": "Revisão semanal de casos.",
    "ca": "Revisió setmanal de casos.",
    "it": "Revisione settimanale dei casi.",
}
REVIEW_DECISIONS = {
    "es": "Priorizar visitas a quienes llevan más días sin contacto.",
    "pt": "Priorizar visitas a quem está há mais dias sem contato.",
    "ca": "Prioritzar les visites a qui fa més dies que no té contacte.",
    "it": "Dare priorità a chi è senza contatto da più giorni.",
}


def moment(day: dt.date, hour: int = 10) -> dt.datetime:
    """A timestamp on a day (for rows whose creation time the pages show)."""
    return dt.datetime(day.year, day.month, day.day, hour, tzinfo=dt.UTC)
