from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _sync_shipped(sender: AppConfig, using: str = "default", **kwargs: object) -> None:
    # Keep the shipped definition files and the database in step after every migrate.
    from puente.instruments.services.catalogue import do_sync_shipped_instruments

    do_sync_shipped_instruments(actor=None)


class InstrumentsConfig(AppConfig):
    name = "puente.instruments"
    label = "instruments"
    verbose_name = "Instruments and assessments"

    def ready(self) -> None:
        post_migrate.connect(_sync_shipped, sender=self, dispatch_uid="instruments_sync_shipped")
