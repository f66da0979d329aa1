from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "procesregie.plans"
    label = "plans"

    def ready(self) -> None:
        # Closing a case lists (and asks to confirm) the plan's open goals and interventions (casework.open_work).
        from procesregie.casework import open_work

        from . import open_work as plan_open_work

        open_work.register(plan_open_work.open_items)
