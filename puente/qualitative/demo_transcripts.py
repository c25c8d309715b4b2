# ruff: noqa: E501 - transcript lines are prose, kept one per line for readability
"""Synthetic interview material for the demo, written for Puente (not taken from any study).

Each answer is tagged with the Watson mechanism it illustrates, so that the demo's two coders can code
it plausibly (and disagree realistically). Interviews are assembled from these answers with a seeded
random generator, so every demo has the same transcripts.
"""

from __future__ import annotations

import random

SUPPORT = "Strengths-based social and practical support"
LIVED = "Use of lived experience"
LOVE = "Love labour"
HELPER = "The helper role"
LIMINAL = "The liminal position"

QUESTIONS = {
    "es": [
        "¿Qué hacían juntos cuando venía el par?",
        "¿Cómo fue conocer a alguien que también había pasado por algo parecido?",
        "¿Cómo se sentía con él o con ella?",
        "¿Qué cree que le significaba a su par este trabajo?",
        "¿Cómo lo compararía con el psicólogo o el psiquiatra?",
    ],
    "en": [
        "What did you do together when the peer worker came?",
        "What was it like to meet someone who had been through something similar?",
        "How did you feel with them?",
        "What do you think this job meant to your peer worker?",
        "How would you compare them with the psychologist or the psychiatrist?",
    ],
}

ANSWERS = {
    "es": {
        SUPPORT: [
            "Me acompañó a sacar el carnet al registro civil, yo solo no me atrevía. Después fuimos a ver la feria.",
            "Buscamos juntos un taller de carpintería cerca de la casa, porque a mí siempre me gustó trabajar la madera.",
            "Íbamos al consultorio y me ayudaba a ordenar las horas. También salimos a caminar al cerro un par de veces.",
            "Me animó a volver a cocinar. Hicimos una lista de compras y fuimos al supermercado juntos.",
        ],
        LIVED: [
            "Ella me contó que también había estado internada y que había tomado remedios años. Ahí le creí.",
            "Cuando me dijo que escuchaba voces como yo, sentí que no era el único bicho raro del mundo.",
            "Él sabía lo que era no querer levantarse. No me hablaba de libro, me hablaba de su vida.",
            "Verla trabajando, bien, con su familia, me dio esperanza de que a lo mejor yo también puedo.",
        ],
        LOVE: [
            "Se notaba que le importaba de verdad. Me llamaba aunque no fuera día de visita.",
            "Con ella me sentía tranquilo, había confianza. Le podía decir cosas que no le digo ni a mi mamá.",
            "A veces yo estaba muy mal y él se quedaba más rato. Creo que eso también lo cansaba.",
            "Me trataba con cariño, como una persona, no como un paciente.",
        ],
        HELPER: [
            "Él decía que venir a vernos le daba ganas de levantarse en la mañana, que le hacía bien a él también.",
            "Yo no le conté lo peor porque pensé que le podía hacer daño, él también es humano y puede recaer.",
            "Creo que para ella era importante ayudar, se le notaba orgullosa de su trabajo.",
        ],
        LIMINAL: [
            "Con el psicólogo siento que hablo con alguien superior. Con el par éramos iguales, pero no sé si sabía tanto.",
            "Al principio pensé que era un funcionario más del COSAM, después entendí que era como nosotros.",
            "Los doctores lo escuchaban a él y él nos explicaba. Era como un puente entre nosotros y el equipo.",
            "Mi familia decía que cómo me iba a ayudar alguien que también estaba enfermo.",
        ],
    },
    "en": {
        SUPPORT: [
            "She came with me to the housing office, because on my own I would have turned back at the door.",
            "We looked for a football group in the neighbourhood. I used to play when I was young.",
            "He helped me sort out my appointments and we went for walks in the park on Fridays.",
        ],
        LIVED: [
            "He told me he had been in hospital too. After that I stopped feeling like the strange one.",
            "She knew what the medication does to you, the tiredness. Nobody else really understood that.",
            "Seeing him working and doing well made me think maybe I can get there as well.",
        ],
        LOVE: [
            "You could tell she really cared. She remembered my birthday and phoned me.",
            "I trusted him. I could tell him things I don't even tell my sister.",
            "Some days I was in a bad way and she stayed longer. I think that took a lot out of her.",
        ],
        HELPER: [
            "He said helping us kept him going, that it was good for his own recovery.",
            "I didn't tell her everything, I was worried it would be too heavy for her.",
        ],
        LIMINAL: [
            "With the doctor I feel small. With him we were on the same level, but I wasn't sure he knew enough.",
            "The team listened to her and she explained things to us. She was a bridge between both sides.",
        ],
    },
}

INTERVIEWER = {"es": "Entrevistadora", "en": "Interviewer"}
CLOSING = {
    "es": ("¿Hay algo más que quiera contarnos?", "No, eso nomás. Que ojalá siga el programa."),
    "en": ("Is there anything else you would like to tell us?", "Just that I hope the programme carries on."),
}

PSW_FOCUS_GROUP = [
    ("Moderadora", "Bienvenidas y bienvenidos. ¿Qué ha significado para ustedes trabajar como pares?", None),
    (
        "PSW1",
        "Para mí ha sido volver a sentirme útil. Llevaba años sin trabajar y ahora tengo un lugar en el equipo.",
        HELPER,
    ),
    (
        "PSW2",
        "A veces cuesta. Escucho historias muy duras y llego a la casa agotada. La supervisión me ayuda mucho.",
        LOVE,
    ),
    (
        "PSW3",
        "Lo que más sirve es contar lo que yo viví. Cuando digo que estuve hospitalizado, la persona se abre.",
        LIVED,
    ),
    ("Moderadora", "¿Y cómo ha sido la relación con los profesionales?", None),
    (
        "PSW1",
        "Algunos nos tratan como colegas, otros todavía nos ven como pacientes que vienen a ayudar.",
        LIMINAL,
    ),
    (
        "PSW4",
        "Acompañamos a trámites, a buscar trabajo, a retomar cosas que la persona dejó. Eso es lo concreto.",
        SUPPORT,
    ),
    (
        "PSW2",
        "Me da miedo recaer. Por eso pido ayuda cuando la necesito, eso también lo aprendí acá.",
        HELPER,
    ),
]

USER_FOCUS_GROUP = [
    ("Moderador", "¿Qué les pareció tener un par en el equipo?", None),
    ("U1", "Lo mejor fue que me acompañara a la municipalidad. Sola no hubiera ido.", SUPPORT),
    ("U2", "Me dio esperanza ver que alguien que pasó por lo mismo ahora está trabajando.", LIVED),
    ("U3", "Con la par había más confianza que con la doctora. Le contaba todo.", LOVE),
    ("Moderador", "¿Hubo algo que no les gustó?", None),
    ("U4", "Al principio no entendía qué era. Pensé que era una enfermera nueva.", LIMINAL),
    ("U5", "Que se terminó muy rápido. Nueve meses se pasan volando.", None),
    ("U2", "Yo a veces sentía que tenía que cuidarlo a él, que no le contara cosas tan fuertes.", HELPER),
]

SUMMARIES = {
    SUPPORT: {
        "es": "Valora el acompañamiento concreto (trámites, salidas) apoyado en sus intereses.",
        "en": "Values practical company for errands and outings built on their interests.",
    },
    LIVED: {
        "es": "La historia del par le da credibilidad y esperanza; se siente comprendido.",
        "en": "The worker's own story gives credibility and hope; feels understood.",
    },
    LOVE: {
        "es": "Describe una relación de confianza y cuidado; nota el desgaste emocional del par.",
        "en": "Describes trust and care, and notices the emotional effort it takes.",
    },
    HELPER: {
        "es": "Percibe que ayudar le hace bien al par, pero teme sobrecargarlo.",
        "en": "Sees helping as good for the worker, but worries about overloading them.",
    },
    LIMINAL: {
        "es": "Ambivalente: el par como puente con el equipo, pero con menos estatus que los profesionales.",
        "en": "Ambivalent: a bridge to the team, yet seen as below the professionals.",
    },
}

# Mechanisms a second coder easily confuses, for realistic disagreement.
CONFUSABLE = {SUPPORT: LOVE, LIVED: LOVE, LOVE: LIVED, HELPER: LIMINAL, LIMINAL: LIVED}


class Transcript:
    """A transcript written turn by turn ("Speaker: line"), keeping the code-point span of each line."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.length = 0

    def say(self, speaker: str, line: str) -> tuple[int, int]:
        text = f"{speaker}: {line}\n"
        start = self.length + len(speaker) + 2
        self.parts.append(text)
        self.length += len(text)
        return start, start + len(line)

    def ask(self, rng: random.Random, language: str, who: str, mechanism: str) -> tuple[int, int, str]:
        """The interviewer's question about a mechanism and one of its answers: (start, end, mechanism)."""
        questions = dict(zip(ANSWERS[language], QUESTIONS[language], strict=True))
        self.say(INTERVIEWER[language], questions[mechanism])
        start, end = self.say(who, rng.choice(ANSWERS[language][mechanism]))
        return start, end, mechanism

    def close(self, language: str, who: str) -> str:
        """The closing question and answer; the whole text."""
        question, answer = CLOSING[language]
        self.say(INTERVIEWER[language], question)
        self.say(who, answer)
        return self.text

    @property
    def text(self) -> str:
        return "".join(self.parts)
