#!/usr/bin/env python
"""Django's manage.py; the `procesregie` console command does the same."""
from procesregie.cli import main

if __name__ == "__main__":
    main()
