from django.apps import AppConfig


class SyntheticConfig(AppConfig):
    """Synthetic datasets in the interchange format (demo and benchmarks). Never real persons."""

    name = "procesregie.synthetic"
    label = "synthetic"
