from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo organisation (`load_demo`) and synthetic data for benchmarks
    (`generate_data`): outside the product's core, built only through its services."""

    name = "klachtwijs.demo"
    label = "demo"
    verbose_name = "Demo"
