from django.apps import AppConfig


class ProgramsConfig(AppConfig):
    name = "puente.programs"
    label = "programs"
