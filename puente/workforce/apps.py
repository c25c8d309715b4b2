from django.apps import AppConfig


class WorkforceConfig(AppConfig):
    name = "puente.workforce"
    label = "workforce"
