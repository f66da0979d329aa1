"""The `procesregie` console command: a thin wrapper around Django's management commands.

`procesregie import DIR` runs the `import` management command; hyphenated names such as
`procesregie demo-data` map to `demo_data`.

The demo's commands (`demo-data`, `demo-users`, `demo-agenda`, `demo-signals`, `demo-escalations`, `demo-totp`)
belong to the synthetic app, which only a demo installation has (PROCESREGIE_DEMO, .env.example); naming one asks
for it, so that `procesregie demo-totp USERNAME` works in any shell beside `make demo`. Production ignores the
request.
"""

import os
import sys


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "procesregie.config.settings")
    if len(argv) > 1 and not argv[1].startswith("-"):
        argv[1] = argv[1].replace("-", "_")
        if argv[1].startswith("demo_"):
            os.environ.setdefault("PROCESREGIE_DEMO", "true")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["procesregie", *argv[1:]])


if __name__ == "__main__":
    main()
