"""Code suggestions learned from the team's own codings."""

from __future__ import annotations

from django.urls import reverse

from puente.qualitative import suggestions
from puente.qualitative.models import Coding
from puente.qualitative.services import coding, documents
from tests.conftest import client_for

SUPPORT = [
    "Me acompañó al banco y al consultorio.",
    "Fuimos juntos a la feria a comprar verduras.",
    "Me ayudó con los trámites de la municipalidad.",
    "Salimos a caminar al parque y a tomar once.",
    "Me acompañó a buscar trabajo en la panadería.",
    "Fuimos al registro civil a sacar el carnet.",
]
LIVED = [
    "Él también estuvo hospitalizado como yo.",
    "Ella tomó remedios muchos años y me entendía.",
    "Me contó que escuchaba voces igual que yo.",
    "Sabía lo que es la depresión porque la vivió.",
    "También estuvo internado en el psiquiátrico.",
    "Su historia de enfermedad se parecía a la mía.",
]


def test_a_model_learns_from_the_codings_and_reports_held_out_reliability():
    texts = SUPPORT + LIVED
    labels = [{1}] * len(SUPPORT) + [{2}] * len(LIVED)
    model = suggestions.train(texts, labels, {1: "Support", 2: "Lived"})
    assert model is not None
    assert model.reliability.test_passages == 2 and model.reliability.train_passages == 10
    top = model.suggest("Me acompañó a la feria y al banco.")
    assert top[0].name == "Support" and 0 < top[0].confidence <= 1
    assert model.suggest("Estuvo hospitalizado y tomó remedios como yo.")[0].name == "Lived"


def test_too_few_codings_give_no_model():
    assert suggestions.train(SUPPORT[:3], [{1}] * 3, {1: "Support"}) is None


def test_the_workspace_offers_suggestions_and_applies_none(world, qda):
    support, lived = (
        qda.codes["Strengths-based social and practical support"],
        qda.codes["Use of lived experience"],
    )
    text = "\n".join(f"P1: {s}" for s in SUPPORT + LIVED) + "\nP1: Fuimos a la feria y al banco juntos.\n"
    document = documents.do_import_document(
        actor=world.researcher, project=qda.project, title="Entrenamiento", text=text, language="es"
    )
    document = documents.do_apply_deidentification(
        actor=world.researcher, document=document, expected_version=document.version, replacements=[]
    )
    for sentence in SUPPORT + LIVED:
        start = document.text.index(sentence)
        code = support if sentence in SUPPORT else lived
        coding.do_code_selection(
            actor=world.researcher, document=document, start=start, end=start + len(sentence), codes=[code]
        )
    before = Coding.objects.count()
    start = document.text.index("Fuimos a la feria y al banco juntos.")
    response = client_for(world.researcher).get(
        reverse("qda_api_suggest", kwargs={"pk": qda.project.pk, "doc": document.pk}),
        {"start": start, "end": start + 36},
    )
    assert response.status_code == 200
    assert response.json()["suggestions"][0]["name"] == support.name
    assert Coding.objects.count() == before
    page = client_for(world.researcher).get(reverse("qda_suggestions", kwargs={"pk": qda.project.pk}))
    assert "Held-out passages tested" in page.content.decode()
