from django.apps import AppConfig


class InstrumentsConfig(AppConfig):
    name = "puente.instruments"
    label = "instruments"
