"""The `procesregie` console command: a thin wrapper around Django's management commands.

`procesregie import DIR` runs the `import` management command; hyphenated names such as
`procesregie demo-data` map to `demo_data`.

The demo's commands (`demo-data`, `demo-users`, `demo-agenda`, `demo-signals`, `demo-escalations`, `demo-totp`)
belong to the synthetic app, which only a demo installation has (PROCESREGIE_DEMO, .env.example); naming one asks
for it, so that `procesregie demo-totp USERNAME` works in any shell beside `make demo`. Production ignores the
request.

The garbage collector sits out Django's start-up and then leaves what the start-up made alone (`gc.freeze`, the
recipe of Python's `gc` documentation): the modules, classes and functions live as long as the process, yet every
full collection while a command runs would walk all of them again. A report or an import makes many objects, so
those walks were a fifth of `procesregie report annual` on the large dataset (docs/decisions/0009).
"""

import gc
import os
import sys


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "procesregie.config.settings")
    if len(argv) > 1 and not argv[1].startswith("-"):
        argv[1] = argv[1].replace("-", "_")
        if argv[1].startswith("demo_"):
            os.environ.setdefault("PROCESREGIE_DEMO", "true")
    gc.disable()
    try:
        from django.core.management import ManagementUtility

        class Commands(ManagementUtility):
            def fetch_command(self, subcommand):
                # Django is set up (the settings read, every app's models imported): the command starts now.
                gc.freeze()
                gc.enable()
                return super().fetch_command(subcommand)

        Commands(["procesregie", *argv[1:]]).execute()
    finally:
        gc.enable()


if __name__ == "__main__":
    main()
