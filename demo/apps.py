from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Development only: ``seed_demo`` and the builders and made-up texts it
    uses. It stands last (it may use every app) and is installed only when
    ``BUURTWERK_DEMO`` is on, which it is by default when ``DEBUG`` is."""

    name = "demo"
    verbose_name = "Demo data"
