from django.apps import AppConfig


class AnalysisConfig(AppConfig):
    name = "puente.analysis"
    label = "analysis"
