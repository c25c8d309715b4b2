from django.apps import AppConfig


class QualitativeConfig(AppConfig):
    name = "puente.qualitative"
    label = "qualitative"
